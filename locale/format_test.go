package locale

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

func TestFormatDate(t *testing.T) {
	exact := Day(2018, time.October, 25)
	month := Month(2018, time.November, PeriodNone)
	early := Month(2018, time.November, Early)
	mid := Month(2018, time.November, Mid)
	late := Month(2018, time.November, Late)
	for _, tc := range []struct {
		tag  language.Tag
		d    Date
		want string
	}{
		{English, exact, "25 October 2018"},
		{English, month, "November 2018"},
		{English, early, "early November 2018"},
		{English, mid, "mid-November 2018"},
		{English, late, "late November 2018"},
		{English, Day(2018, time.March, 1), "1 March 2018"},
		{English, Day(10000-1, time.December, 31), "31 December 9999"},
		{Japanese, exact, "2018年10月25日"},
		{Japanese, month, "2018年11月"},
		{Japanese, early, "2018年11月上旬"},
		{Japanese, mid, "2018年11月中旬"},
		{Japanese, late, "2018年11月下旬"},
		{ChineseHK, exact, "2018年10月25日"},
		{ChineseHK, early, "2018年11月上旬"},
		{ChineseTraditional, exact, "2018年10月25日"},
		{ChineseTraditional, late, "2018年11月下旬"},
		{ChineseSimplified, exact, "2018年10月25日"},
		{ChineseSimplified, mid, "2018年11月中旬"},
		{ChineseSimplified, month, "2018年11月"},
		{Korean, exact, "2018년 10월 25일"},
		{Korean, month, "2018년 11월"},
		{Korean, early, "2018년 11월 초"},
		{Korean, mid, "2018년 11월 중순"},
		{Korean, late, "2018년 11월 말"},
		{Pseudo, exact, "[25 Öçţöƀéŕ 2018 ······]"},
		{Pseudo, early, "[éåŕļý Ñöṽéɱƀéŕ 2018 ·······]"},
		{language.MustParse("ja-JP"), exact, "2018年10月25日"},
		{language.MustParse("zh-HK"), exact, "2018年10月25日"},
		{German, exact, "25. Oktober 2018"},
		{German, Day(2018, time.March, 1), "1. März 2018"},
		{German, month, "November 2018"},
		{German, early, "Anfang November 2018"},
		{German, mid, "Mitte November 2018"},
		{German, late, "Ende November 2018"},
		{language.MustParse("de-CH"), exact, "25. Oktober 2018"},
		{French, exact, "25 octobre 2018"},
		{French, Day(2018, time.March, 1), "1er mars 2018"},
		{French, Day(2018, time.August, 21), "21 août 2018"},
		{French, month, "novembre 2018"},
		{French, early, "début novembre 2018"},
		{French, mid, "mi-novembre 2018"},
		{French, late, "fin novembre 2018"},
		{Vietnamese, exact, "ngày\u00a025 tháng\u00a010 năm\u00a02018"},
		{Vietnamese, month, "tháng\u00a011 năm\u00a02018"},
		{Vietnamese, early, "đầu tháng\u00a011 năm\u00a02018"},
		{Vietnamese, mid, "giữa tháng\u00a011 năm\u00a02018"},
		{Vietnamese, late, "cuối tháng\u00a011 năm\u00a02018"},
		{Indonesian, exact, "25 Oktober 2018"},
		{Indonesian, Day(2018, time.March, 1), "1 Maret 2018"},
		{Indonesian, month, "November 2018"},
		{Indonesian, early, "awal November 2018"},
		{Indonesian, mid, "pertengahan November 2018"},
		{Indonesian, late, "akhir November 2018"},
		{Thai, exact, "25 ตุลาคม 2561"},
		{Thai, month, "พฤศจิกายน 2561"},
		{Thai, early, "ต้นเดือนพฤศจิกายน 2561"},
		{Thai, mid, "กลางเดือนพฤศจิกายน 2561"},
		{Thai, late, "ปลายเดือนพฤศจิกายน 2561"},
		{Thai, Day(2025, time.June, 2), "2 มิถุนายน 2568"},
		{language.MustParse("th-TH"), exact, "25 ตุลาคม 2561"},
		{language.MustParse("es"), exact, "25 October 2018"},
		{language.Und, exact, "25 October 2018"},
	} {
		if got := FormatDate(tc.tag, tc.d); got != tc.want {
			t.Errorf("FormatDate(%v, %+v) = %q, want %q", tc.tag, tc.d, got, tc.want)
		}
	}
}

func TestFormatDateInvalidDoesNotPanic(t *testing.T) {
	for _, d := range []Date{{}, {Year: -5, Month: 13, Day: 40, Period: 9}, {Year: math.MaxInt, Month: -1}, {Year: math.MinInt, Month: 0, Period: Late}} {
		for _, tag := range Supported() {
			_ = FormatDate(tag, d)
		}
	}
}

func TestAppendAllocs(t *testing.T) {
	buf := make([]byte, 0, 128)
	d := Month(2018, time.November, Early)
	for _, tag := range Supported() {
		if n := testing.AllocsPerRun(50, func() { buf = AppendDate(buf[:0], tag, d) }); n != 0 {
			t.Errorf("AppendDate(%v) allocates %v times", tag, n)
		}
		if n := testing.AllocsPerRun(50, func() { buf = AppendCount(buf[:0], tag, math.MinInt64) }); n != 0 {
			t.Errorf("AppendCount(%v) allocates %v times", tag, n)
		}
	}
}

func TestDateValidate(t *testing.T) {
	for _, d := range []Date{
		Day(2018, time.October, 25),
		Day(2020, time.February, 29),
		Day(1, time.January, 1),
		Day(9999, time.December, 31),
		Month(2018, time.November, PeriodNone),
		Month(2018, time.November, Early),
		Month(2018, time.November, Late),
	} {
		if err := d.Validate(); err != nil {
			t.Errorf("%+v.Validate() = %v", d, err)
		}
	}
	for _, tc := range []struct {
		d     Date
		field string
	}{
		{Date{}, "year"},
		{Day(0, time.January, 1), "year"},
		{Day(10000, time.January, 1), "year"},
		{Day(-1, time.January, 1), "year"},
		{Day(2018, 0, 1), "month"},
		{Day(2018, 13, 1), "month"},
		{Day(2018, time.November, 31), "day 31"},
		{Day(2019, time.February, 29), "day 29"},
		{Day(2018, time.November, -1), "day -1"},
		{Date{Year: 2018, Month: time.November, Day: 5, Period: Early}, "period"},
		{Month(2018, time.November, 4), "period"},
	} {
		err := tc.d.Validate()
		if !errors.Is(err, ErrInvalidDate) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%+v.Validate() = %v, want ErrInvalidDate naming %s", tc.d, err, tc.field)
		}
	}
}

func TestPeriodString(t *testing.T) {
	for p, want := range map[Period]string{PeriodNone: "none", Early: "early", Mid: "mid", Late: "late", 7: "Period(7)"} {
		if got := p.String(); got != want {
			t.Errorf("Period(%d).String() = %q, want %q", uint8(p), got, want)
		}
	}
}

// TestFormatCount: counts that are not round are grouped by thousands in
// every language; round ones (multiples of 10,000 from 10,000 up) are
// written in myriad units in Japanese, Chinese and Korean.
func TestFormatCount(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1,000"},
		{2018, "2,018"},
		{9999, "9,999"},
		{12345, "12,345"},
		{403, "403"},
		{48200, "48,200"},
		{245001, "245,001"},
		{9400001, "9,400,001"},
		{-1, "-1"},
		{-999, "-999"},
		{-1000, "-1,000"},
		{-1234567, "-1,234,567"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		for _, tag := range Supported() {
			// The other languages group with their own separator, which
			// TestFormatCountSeparators holds.
			want := strings.ReplaceAll(tc.want, ",", groupSeparator[tag])
			if got := FormatCount(tag, tc.n); got != want {
				t.Errorf("FormatCount(%v, %d) = %q, want %q", tag, tc.n, got, want)
			}
		}
	}
	round := []int64{10000, 860000, 9400000, 12000000, 100000000, 120000000, -9400000}
	for tag, want := range map[language.Tag][]string{
		English:            {"10,000", "860,000", "9,400,000", "12,000,000", "100,000,000", "120,000,000", "-9,400,000"},
		Pseudo:             {"10,000", "860,000", "9,400,000", "12,000,000", "100,000,000", "120,000,000", "-9,400,000"},
		Japanese:           {"1万", "86万", "940万", "1200万", "1億", "1億2000万", "-940万"},
		ChineseHK:          {"1萬", "86萬", "940萬", "1200萬", "1億", "1億2000萬", "-940萬"},
		ChineseTraditional: {"1萬", "86萬", "940萬", "1200萬", "1億", "1億2000萬", "-940萬"},
		ChineseSimplified:  {"1万", "86万", "940万", "1200万", "1亿", "1亿2000万", "-940万"},
		Korean:             {"1만", "86만", "940만", "1200만", "1억", "1억 2000만", "-940만"},
		German:             {"10.000", "860.000", "9.400.000", "12.000.000", "100.000.000", "120.000.000", "-9.400.000"},
		French:             {"10\u202f000", "860\u202f000", "9\u202f400\u202f000", "12\u202f000\u202f000", "100\u202f000\u202f000", "120\u202f000\u202f000", "-9\u202f400\u202f000"},
		Vietnamese:         {"10.000", "860.000", "9.400.000", "12.000.000", "100.000.000", "120.000.000", "-9.400.000"},
		Thai:               {"10,000", "860,000", "9,400,000", "12,000,000", "100,000,000", "120,000,000", "-9,400,000"},
		Indonesian:         {"10.000", "860.000", "9.400.000", "12.000.000", "100.000.000", "120.000.000", "-9.400.000"},
	} {
		var got []string
		for _, n := range round {
			got = append(got, FormatCount(tag, n))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FormatCount(%v, %v) mismatch (-want +got):\n%s", tag, round, diff)
		}
	}
}

func TestYearsNeverGrouped(t *testing.T) {
	for _, tag := range Supported() {
		for _, d := range []Date{Day(2018, time.October, 25), Month(2018, time.November, Early), Day(9999, time.December, 31)} {
			got := FormatDate(tag, d)
			y := d.Year
			if tag == Thai {
				y += 543 // the Buddhist era
			}
			if year := strconv.Itoa(y); !strings.Contains(got, year) || strings.Contains(got, FormatCount(tag, int64(y))) {
				t.Errorf("FormatDate(%v, %+v) = %q, want the year written %s", tag, d, got, year)
			}
		}
	}
}

func BenchmarkAppendDate(b *testing.B) {
	buf := make([]byte, 0, 64)
	d := Day(2018, time.October, 25)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendDate(buf[:0], Japanese, d)
	}
}

func BenchmarkAppendCount(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendCount(buf[:0], English, 9400000)
	}
}

func TestPseudolocalize(t *testing.T) {
	if got, want := Pseudolocalize("What happened"), "[Ŵĥåţ ĥåþþéñéð ·····]"; got != want {
		t.Errorf("Pseudolocalize = %q, want %q", got, want)
	}
}

func TestScript(t *testing.T) {
	got := map[string]string{}
	for _, tag := range Supported() {
		sc, ok := Script(tag)
		if !ok {
			t.Errorf("Script(%v): not found", tag)
		}
		got[tag.String()] = sc
	}
	want := map[string]string{"en": "Latn", "ja": "Jpan", "zh-Hant-HK": "Hant", "zh-Hant": "Hant", "zh-Hans": "Hans", "ko": "Kore",
		"de": "Latn", "fr": "Latn", "vi": "Latn", "id": "Latn", "th": "Thai", "en-XA": "Latn"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Script mismatch (-want +got):\n%s", diff)
	}
	if sc, ok := Script(language.MustParse("ja-JP")); ok {
		t.Errorf("Script(ja-JP) = %q, true; want false: not exactly a supported tag", sc)
	}
}

func TestFormatDateRange(t *testing.T) {
	from, until := Day(2018, time.October, 25), Month(2018, time.November, Early)
	across := Day(2019, time.January, 3)
	for _, tc := range []struct {
		tag                   language.Tag
		from, until, fromNext string // fromNext: from, with until in the next year
	}{
		{English, "25 October", "early November 2018", "25 October 2018"},
		{Japanese, "2018年10月25日", "11月上旬", "2018年10月25日"},
		{ChineseHK, "2018年10月25日", "11月上旬", "2018年10月25日"},
		{ChineseSimplified, "2018年10月25日", "11月上旬", "2018年10月25日"},
		{Korean, "2018년 10월 25일", "11월 초", "2018년 10월 25일"},
		{German, "25. Oktober", "Anfang November 2018", "25. Oktober 2018"},
		{French, "25 octobre", "début novembre 2018", "25 octobre 2018"},
		{Vietnamese, "ngày\u00a025 tháng\u00a010", "đầu tháng\u00a011 năm\u00a02018", "ngày\u00a025 tháng\u00a010 năm\u00a02018"},
		{Indonesian, "25 Oktober", "awal November 2018", "25 Oktober 2018"},
		{Thai, "25 ตุลาคม", "ต้นเดือนพฤศจิกายน 2561", "25 ตุลาคม 2561"},
	} {
		f, u := FormatDateRange(tc.tag, from, until)
		if f != tc.from || u != tc.until {
			t.Errorf("FormatDateRange(%v) = %q, %q; want %q, %q", tc.tag, f, u, tc.from, tc.until)
		}
		f, u = FormatDateRange(tc.tag, from, across)
		if f != tc.fromNext || u != FormatDate(tc.tag, across) {
			t.Errorf("FormatDateRange(%v) across years = %q, %q; want %q, %q", tc.tag, f, u, tc.fromNext, FormatDate(tc.tag, across))
		}
	}
}

// groupSeparator is what each language writes between groups of three
// digits, as CLDR gives it: a full stop in German, Vietnamese and
// Indonesian, a narrow no-break space in French, else a comma.
var groupSeparator = map[language.Tag]string{
	English: ",", Japanese: ",", ChineseHK: ",", ChineseTraditional: ",", ChineseSimplified: ",", Korean: ",", Pseudo: ",",
	German: ".", French: "\u202f", Vietnamese: ".", Indonesian: ".", Thai: ",",
}

// TestFormatCountSeparators checks that every supported language has a
// separator in groupSeparator, and that French's is one no line breaks at.
func TestFormatCountSeparators(t *testing.T) {
	for _, tag := range Supported() {
		if _, ok := groupSeparator[tag]; !ok {
			t.Errorf("no group separator for %v", tag)
		}
	}
	if got, want := FormatCount(French, 48200), "48\u202f200"; got != want {
		t.Errorf("FormatCount(fr, 48200) = %q, want %q", got, want)
	}
}
