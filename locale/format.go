package locale

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/text/language"
)

// ErrInvalidDate is wrapped by [Date.Validate].
var ErrInvalidDate = errors.New("locale: invalid date")

// Period narrows a date known only to the month: early, mid or late in it.
type Period uint8

// The periods of a month. The zero value, PeriodNone, says nothing more than
// the month.
const (
	PeriodNone Period = iota
	Early
	Mid
	Late
	numPeriods
)

// String returns "none", "early", "mid" or "late"; "Period(N)" for any other value.
func (p Period) String() string {
	switch p {
	case PeriodNone:
		return "none"
	case Early:
		return "early"
	case Mid:
		return "mid"
	case Late:
		return "late"
	}
	return "Period(" + strconv.Itoa(int(p)) + ")"
}

// Date is a calendar date that may be known only to the month: a zero Day
// means month precision, which a [Period] may narrow ("early November
// 2018"). It carries no time of day and no time zone. The zero Date is
// invalid.
type Date struct {
	Year   int
	Month  time.Month
	Day    int
	Period Period
}

// Day returns the date year-month-day.
func Day(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// Month returns a date known only to the month, narrowed by p (or not, with
// [PeriodNone]).
func Month(year int, month time.Month, p Period) Date {
	return Date{Year: year, Month: month, Period: p}
}

// Validate reports whether d is a real date: Year 1 to 9999, Month 1 to 12,
// Day 0 (month precision) or a day of that month, and a Period only with
// Day 0. The error wraps [ErrInvalidDate] and names the field.
func (d Date) Validate() error {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return fmt.Errorf("%w: year %d out of range 1 to 9999", ErrInvalidDate, d.Year)
	case d.Month < time.January || d.Month > time.December:
		return fmt.Errorf("%w: month %d out of range 1 to 12", ErrInvalidDate, d.Month)
	case d.Period >= numPeriods:
		return fmt.Errorf("%w: period %v unknown", ErrInvalidDate, d.Period)
	case d.Day == 0:
		return nil
	case d.Period != PeriodNone:
		return fmt.Errorf("%w: period %v with day %d: a period is only for a date known to the month", ErrInvalidDate, d.Period, d.Day)
	}
	// Day 0 of the next month is the last day of this one.
	last := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d.Day < 1 || d.Day > last {
		return fmt.Errorf("%w: day %d out of range 1 to %d for %04d-%02d", ErrInvalidDate, d.Day, last, d.Year, int(d.Month))
	}
	return nil
}

// FormatDate writes d as a long date in the language of tag. To the day,
// to the month, and early, mid and late in the month:
//
//	en       25 October 2018; November 2018; early November 2018, mid-November 2018, late November 2018
//	ja, zh*  2018年10月25日; 2018年11月; 2018年11月上旬, 2018年11月中旬, 2018年11月下旬
//	ko       2018년 10월 25일; 2018년 11월; 2018년 11월 초, 2018년 11월 중순, 2018년 11월 말
//	de       25. Oktober 2018; November 2018; Anfang November 2018, Mitte November 2018, Ende November 2018
//	fr       25 octobre 2018, 1er octobre 2018; novembre 2018; début novembre 2018, mi-novembre 2018, fin novembre 2018
//	vi       ngày 25 tháng 10 năm 2018; tháng 11 năm 2018; đầu tháng 11 năm 2018, giữa tháng 11 năm 2018, cuối tháng 11 năm 2018
//	         (a no-break space, U+00A0, after ngày, tháng and năm)
//	id       25 Oktober 2018; November 2018; awal November 2018, pertengahan November 2018, akhir November 2018
//	th       25 ตุลาคม 2561; พฤศจิกายน 2561; ต้นเดือนพฤศจิกายน 2561, กลางเดือนพฤศจิกายน 2561, ปลายเดือนพฤศจิกายน 2561
//	en-XA    [25 Öçţöƀéŕ 2018 ······]: English, pseudo-localized
//
// The Chinese forms are the same for zh-Hant-HK, zh-Hant and zh-Hans.
// Thai years are of the Buddhist era (the Gregorian year plus 543), as Thai
// companies and Thai law write them, without the era mark.
// Years are never grouped. A tag that is not exactly a supported one is
// first matched as by [NegotiatePreferences] (ja-JP formats as Japanese),
// and formats as English if that matches nothing. FormatDate does not
// validate d: call [Date.Validate] first; an invalid date formats without
// panicking, but how is unspecified.
func FormatDate(tag language.Tag, d Date) string {
	var buf [64]byte
	return string(AppendDate(buf[:0], tag, d))
}

// AppendDate appends d as [FormatDate] writes it to dst. It allocates only
// to grow dst.
func AppendDate(dst []byte, tag language.Tag, d Date) []byte {
	return appendDate(dst, langs[formatLang(tag)].dates, d, true)
}

// FormatDateRange writes the two ends of a date range as the language of
// tag writes them after "from" and "to": when both ends fall in one year,
// the year is written once, on the end the language writes it on.
//
//	en       25 October … early November 2018
//	ja, zh*  2018年10月25日 … 11月上旬
//	ko       2018년 10월 25일 … 11월 초
//	de       25. Oktober … Anfang November 2018 (and the others, year last)
//
// Ends in different years are written in full, as by [FormatDate].
func FormatDateRange(tag language.Tag, from, until Date) (f, u string) {
	style := langs[formatLang(tag)].dates
	var buf [128]byte
	same := from.Year == until.Year
	fb := appendDate(buf[:0], style, from, !same || style.yearOnFirst())
	n := len(fb)
	ub := appendDate(fb, style, until, !same || !style.yearOnFirst())
	return string(ub[:n]), string(ub[n:])
}

// appendDate appends d in style, with its year or without.
func appendDate(dst []byte, style dateStyle, d Date, year bool) []byte {
	switch style {
	case datesHan:
		if year {
			dst = strconv.AppendInt(dst, int64(d.Year), 10)
			dst = append(dst, "年"...)
		}
		dst = strconv.AppendInt(dst, int64(d.Month), 10)
		dst = append(dst, "月"...)
		if d.Day != 0 {
			dst = strconv.AppendInt(dst, int64(d.Day), 10)
			return append(dst, "日"...)
		}
		switch d.Period {
		case Early:
			dst = append(dst, "上旬"...)
		case Mid:
			dst = append(dst, "中旬"...)
		case Late:
			dst = append(dst, "下旬"...)
		}
		return dst
	case datesKorean:
		if year {
			dst = strconv.AppendInt(dst, int64(d.Year), 10)
			dst = append(dst, "년 "...)
		}
		dst = strconv.AppendInt(dst, int64(d.Month), 10)
		dst = append(dst, "월"...)
		if d.Day != 0 {
			dst = append(dst, ' ')
			dst = strconv.AppendInt(dst, int64(d.Day), 10)
			return append(dst, "일"...)
		}
		switch d.Period {
		case Early:
			dst = append(dst, " 초"...)
		case Mid:
			dst = append(dst, " 중순"...)
		case Late:
			dst = append(dst, " 말"...)
		}
		return dst
	case datesGerman, datesFrench, datesIndonesian, datesThai:
		return appendLatinOrderDate(dst, style, d, year)
	case datesVietnamese:
		// ngày 25 tháng 10 năm 2018; đầu tháng 11 năm 2018, each number
		// tied to its word by a no-break space, which a line never breaks
		// at: "năm" at the end of a line and "2018" at the start of the
		// next reads as two things.
		if d.Day != 0 {
			dst = append(dst, "ngày\u00a0"...)
			dst = strconv.AppendInt(dst, int64(d.Day), 10)
			dst = append(dst, ' ')
		} else {
			switch d.Period {
			case Early:
				dst = append(dst, "đầu "...)
			case Mid:
				dst = append(dst, "giữa "...)
			case Late:
				dst = append(dst, "cuối "...)
			}
		}
		dst = append(dst, "tháng\u00a0"...)
		dst = strconv.AppendInt(dst, int64(d.Month), 10)
		if year {
			dst = append(dst, " năm\u00a0"...)
			dst = strconv.AppendInt(dst, int64(d.Year), 10)
		}
		return dst
	case datesPseudo:
		var buf [64]byte
		en := appendEnglishDate(buf[:0], d, year)
		return appendPseudo(dst, en)
	}
	return appendEnglishDate(dst, d, year)
}

// dateStyle is how a language writes a long date (a column of langs).
type dateStyle uint8

const (
	datesEnglish    dateStyle = iota // 25 October 2018; early November 2018
	datesHan                         // 2018年10月25日; 2018年11月上旬 (Japanese, Chinese)
	datesKorean                      // 2018년 10월 25일; 2018년 11월 초
	datesPseudo                      // English, pseudo-localized
	datesGerman                      // 25. Oktober 2018; Anfang November 2018
	datesFrench                      // 25 octobre 2018, 1er octobre 2018; début novembre 2018
	datesVietnamese                  // ngày 25 tháng 10 năm 2018; đầu tháng 11 năm 2018
	datesIndonesian                  // 25 Oktober 2018; awal November 2018
	datesThai                        // 25 ตุลาคม 2561 (Buddhist era); ต้นเดือนพฤศจิกายน 2561
)

// Month names and the words for early, mid and late in a month, of the
// languages that write day, month, year in that order with the month's name.
var (
	monthsGerman = [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni",
		"Juli", "August", "September", "Oktober", "November", "Dezember"}
	monthsFrench = [12]string{"janvier", "février", "mars", "avril", "mai", "juin",
		"juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsIndonesian = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthsThai = [12]string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
		"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}
)

// buddhistEra turns a Gregorian year into a year of the Buddhist era
// (พ.ศ.), the one Thai companies print on letters and notices, Thai law
// is dated in (the PDPA is พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562), and
// CLDR's calendar preference for Thailand puts first ("buddhist
// gregorian"). It is written without the era mark, as those letters do.
const buddhistEra = 543

// appendLatinOrderDate writes day, month name, year (German with a dot
// after the day; French "1er" for the first), or early, mid or late in the
// month, in German, French, Indonesian or Thai.
func appendLatinOrderDate(dst []byte, style dateStyle, d Date, year bool) []byte {
	var months *[12]string
	var early, mid, late string
	switch style {
	case datesGerman:
		months, early, mid, late = &monthsGerman, "Anfang ", "Mitte ", "Ende "
	case datesFrench:
		months, early, mid, late = &monthsFrench, "début ", "mi-", "fin "
	case datesIndonesian:
		months, early, mid, late = &monthsIndonesian, "awal ", "pertengahan ", "akhir "
	default:
		months, early, mid, late = &monthsThai, "ต้นเดือน", "กลางเดือน", "ปลายเดือน"
	}
	if d.Day != 0 {
		dst = strconv.AppendInt(dst, int64(d.Day), 10)
		switch {
		case style == datesGerman:
			dst = append(dst, '.')
		case style == datesFrench && d.Day == 1:
			dst = append(dst, "er"...)
		}
		dst = append(dst, ' ')
	} else {
		switch d.Period {
		case Early:
			dst = append(dst, early...)
		case Mid:
			dst = append(dst, mid...)
		case Late:
			dst = append(dst, late...)
		}
	}
	if d.Month >= time.January && d.Month <= time.December {
		dst = append(dst, months[d.Month-1]...)
	} else {
		dst = strconv.AppendInt(dst, int64(d.Month), 10)
	}
	if !year {
		return dst
	}
	dst = append(dst, ' ')
	y := d.Year
	if style == datesThai {
		y += buddhistEra
	}
	return strconv.AppendInt(dst, int64(y), 10)
}

// yearOnFirst reports whether a range within one year writes the year on
// its first end (2018年10月25日から11月上旬まで) rather than its last
// (25 October to early November 2018).
func (s dateStyle) yearOnFirst() bool { return s == datesHan || s == datesKorean }

// appendEnglishDate writes the British long form: day, month, year, no
// comma; or without the year.
func appendEnglishDate(dst []byte, d Date, year bool) []byte {
	if d.Day != 0 {
		dst = strconv.AppendInt(dst, int64(d.Day), 10)
		dst = append(dst, ' ')
	} else {
		switch d.Period {
		case Early:
			dst = append(dst, "early "...)
		case Mid:
			dst = append(dst, "mid-"...)
		case Late:
			dst = append(dst, "late "...)
		}
	}
	dst = appendMonthName(dst, d.Month)
	if !year {
		return dst
	}
	dst = append(dst, ' ')
	return strconv.AppendInt(dst, int64(d.Year), 10)
}

func appendMonthName(dst []byte, m time.Month) []byte {
	if m < time.January || m > time.December {
		return strconv.AppendInt(dst, int64(m), 10)
	}
	return append(dst, m.String()...)
}

// formatLang picks the language a tag formats in.
func formatLang(tag language.Tag) lang {
	if l, ok := langOf(tag); ok {
		return l
	}
	if l, ok := supportedFor(tag); ok {
		return l
	}
	return langEN
}

// FormatCount writes n, a count of people or records, as the readers of
// tag's language write it. English groups digits by thousands
// ("9,400,000", "-1,234,567"). Japanese, Chinese and Korean write a large
// round count in myriad units, as their press and companies do, and any
// other count grouped by thousands:
//
//	en, en-XA  9,400,000   48,200   120,000,000
//	ja         940万        48,200   1億2000万
//	zh-Hant*   940萬        48,200   1億2000萬
//	zh-Hans    940万        48,200   1亿2000万
//	ko         940만        48,200   1억 2000만
//	de, vi, id 9.400.000    48.200   120.000.000
//	fr         9 400 000    48 200   120 000 000 (a narrow no-break space, U+202F)
//	th         9,400,000    48,200   120,000,000
//
// A count is round when it is at least 10,000 and a multiple of 10,000.
// The rule is a column of the language table, not a special case of any
// text. Years are not counts: format them with [FormatDate] or strconv.
func FormatCount(tag language.Tag, n int64) string {
	var buf [48]byte
	return string(AppendCount(buf[:0], tag, n))
}

// countStyle is how a language writes counts (a column of langs): digits
// grouped by thousands, and, when myriad is set, round counts in units of
// 10^4 and 10^8.
type countStyle struct {
	sep      string // between groups of three digits
	myriad   bool
	man, oku string // the units 10^4 and 10^8: 万 and 億 in Japanese
	afterOku string // written between the 10^8 and 10^4 parts: a space in Korean
}

// The grouping separators are CLDR's: a comma in English and Thai, a full
// stop in German, Vietnamese and Indonesian, a narrow no-break space in
// French (which no line breaks at).
var (
	countsGrouped = countStyle{sep: ","}
	countsDot     = countStyle{sep: "."}
	countsFrench  = countStyle{sep: "\u202f"}
)

func myriad(man, oku, afterOku string) countStyle {
	return countStyle{sep: ",", myriad: true, man: man, oku: oku, afterOku: afterOku}
}

// AppendCount appends n as [FormatCount] writes it to dst. It allocates only
// to grow dst.
//
// The grouping is written by hand: x/text's number and message packages
// would give the same "#,##0" pattern for every supported language, at the
// cost of a Printer per call or per goroutine and several allocations, and
// they do not write myriad units.
func AppendCount(dst []byte, tag language.Tag, n int64) []byte {
	u := uint64(n)
	if n < 0 {
		dst = append(dst, '-')
		u = -u // two's complement: right for math.MinInt64 too
	}
	cs := &langs[formatLang(tag)].counts
	if !cs.myriad || u < 10_000 || u%10_000 != 0 {
		return appendGrouped(dst, u, cs.sep)
	}
	oku, man := u/100_000_000, u/10_000%10_000
	if oku > 0 {
		dst = appendGrouped(dst, oku, cs.sep)
		dst = append(dst, cs.oku...)
		if man == 0 {
			return dst
		}
		dst = append(dst, cs.afterOku...)
		dst = strconv.AppendUint(dst, man, 10)
		return append(dst, cs.man...)
	}
	dst = strconv.AppendUint(dst, man, 10)
	return append(dst, cs.man...)
}

// appendGrouped appends u with its digits grouped by thousands, sep
// between the groups.
func appendGrouped(dst []byte, u uint64, sep string) []byte {
	var buf [20 + 6*4]byte // 20 digits and 6 separators of up to 4 bytes
	i := len(buf)
	for k := 0; ; k++ {
		if k > 0 && k%3 == 0 {
			i -= len(sep)
			copy(buf[i:], sep)
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}
