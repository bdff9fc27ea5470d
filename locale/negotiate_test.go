package locale

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// browserHeaders are Accept-Language headers as browsers in each market send
// them, with the language each reader should get.
var browserHeaders = []struct {
	name, header string
	want         language.Tag
}{
	// Hong Kong
	{"HK Chrome", "zh-HK,zh;q=0.9,en-US;q=0.8,en;q=0.7", ChineseHK},
	{"HK Chrome English UI", "en-US,en;q=0.9,zh-HK;q=0.8,zh;q=0.7", English},
	{"HK Safari", "zh-Hant-HK", ChineseHK},
	{"HK Safari list", "zh-HK,en-HK;q=0.9", ChineseHK},
	{"HK Firefox", "zh-HK,zh;q=0.8,en-US;q=0.5,en;q=0.3", ChineseHK},
	{"HK Edge", "zh-HK,zh-TW;q=0.9,zh;q=0.8,en;q=0.7,en-GB;q=0.6,en-US;q=0.5", ChineseHK},
	{"HK English first", "en-HK,en;q=0.9,zh-HK;q=0.8", English},
	{"HK Cantonese", "yue-HK,yue;q=0.9,zh-HK;q=0.8", ChineseHK},
	{"HK Cantonese bare", "yue", ChineseHK},
	{"HK Safari iOS Traditional", "zh-TW,zh-Hant;q=0.9", ChineseTraditional},
	// Taiwan
	{"TW Chrome", "zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", ChineseTraditional},
	{"TW Safari", "zh-Hant-TW", ChineseTraditional},
	{"TW Firefox", "zh-TW,zh;q=0.8,en-US;q=0.5,en;q=0.3", ChineseTraditional},
	{"TW generic Traditional", "zh-Hant", ChineseTraditional},
	// Macau
	{"MO Chrome", "zh-MO,zh;q=0.9", ChineseHK},
	{"MO Safari", "zh-Hant-MO", ChineseHK},
	{"MO Portuguese first", "pt-PT,pt;q=0.9,zh-MO;q=0.8", ChineseHK},
	// Singapore and Malaysia
	{"SG English", "en-SG,en;q=0.9,zh-SG;q=0.8", English},
	{"SG Chinese", "zh-SG,zh;q=0.9", ChineseSimplified},
	{"SG Safari", "zh-Hans-SG", ChineseSimplified},
	{"MY Chinese", "zh-MY,zh;q=0.9,ms;q=0.8", ChineseSimplified},
	// Mainland China
	{"CN Chrome", "zh-CN,zh;q=0.9", ChineseSimplified},
	{"CN Chrome full", "zh-CN,zh;q=0.9,en;q=0.8,en-GB;q=0.7,en-US;q=0.6", ChineseSimplified},
	{"CN Safari", "zh-Hans-CN", ChineseSimplified},
	{"CN Firefox", "zh-CN,zh;q=0.8,zh-TW;q=0.7,zh-HK;q=0.5,en-US;q=0.3,en;q=0.2", ChineseSimplified},
	{"CN bare zh", "zh", ChineseSimplified},
	{"CN Simplified script", "zh-Hans", ChineseSimplified},
	{"Simplified in Hong Kong", "zh-Hans-HK", ChineseSimplified},
	{"Cantonese in Simplified", "yue-Hans", ChineseSimplified},
	{"Cantonese on the mainland", "yue-CN", ChineseSimplified},
	// Japan
	{"JP Chrome", "ja,en-US;q=0.9,en;q=0.8", Japanese},
	{"JP Safari", "ja-JP", Japanese},
	{"JP Firefox", "ja,en-US;q=0.7,en;q=0.3", Japanese},
	{"JP English UI", "en-US,en;q=0.9,ja;q=0.8", English},
	// Korea
	{"KR Chrome", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", Korean},
	{"KR Safari", "ko-KR", Korean},
	{"KR Firefox", "ko-KR,ko;q=0.8,en-US;q=0.5,en;q=0.3", Korean},
	// UK, US and Europe
	{"UK Chrome", "en-GB,en-US;q=0.9,en;q=0.8", English},
	{"UK Safari", "en-GB", English},
	{"US Chrome", "en-US,en;q=0.9", English},
	{"DE Chrome", "de-DE,de;q=0.9,en;q=0.8", German},
	{"DE Chrome Japanese second", "de-DE,de;q=0.9,ja;q=0.8,en;q=0.7", German},
	{"DE English first", "en-US,en;q=0.9,de-DE;q=0.8", English},
	{"AT Chrome", "de-AT,de;q=0.9,en;q=0.8", German},
	{"CH Chrome", "de-CH,de;q=0.9", German},
	{"CH Safari", "de-CH", German},
	{"DE ISO 639-2 code", "deu", German},
	{"FR Chrome", "fr-FR,fr;q=0.9", French},
	{"FR then ja", "fr;q=0.9, ja;q=0.8", French},
	{"CA French Chrome", "fr-CA,fr;q=0.9,en-CA;q=0.8,en;q=0.7", French},
	{"CA English first", "en-CA,en;q=0.9,fr-CA;q=0.8", English},
	{"CH French", "fr-CH", French},
	// Viet Nam, Indonesia
	{"VN Chrome", "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", Vietnamese},
	{"VN Safari", "vi-VN", Vietnamese},
	{"VN bare", "vi", Vietnamese},
	{"ID Chrome", "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", Indonesian},
	{"ID Safari", "id-ID", Indonesian},
	{"ID legacy in", "in", Indonesian},
	{"ID legacy in-ID (old Android, Java)", "in-ID,en;q=0.5", Indonesian},
	{"Malay is not Indonesian", "ms-MY,ms;q=0.9,en;q=0.8", English},
	// Thailand
	{"TH Chrome", "th-TH,th;q=0.9,en;q=0.8", Thai},
	{"TH Safari", "th-TH", Thai},
	{"TH English first", "en-US,en;q=0.9,th;q=0.8", English},
	{"Thai in Latin script is not ours", "th-Latn, ko", Korean},
	{"Vietnamese in Han script is not ours", "vi-Hani, ja", Japanese},
	{"ES Firefox", "es-ES,es;q=0.8,en-US;q=0.5,en;q=0.3", English},
	{"NL with Korean", "nl-NL,nl;q=0.9,ko;q=0.8,en;q=0.7", Korean},
	{"IT Safari", "it-IT", English},
	// Odd but valid
	{"empty", "", English},
	{"wildcard", "*", English},
	{"wildcard weighted", "*;q=0.5, ko;q=0.4", Korean},
	{"pseudo-locale", "en-XA", English},
	{"pseudo-locale before ja", "en-XA, ja", English},
	{"weights reorder", "en;q=0.1, ja;q=0.9", Japanese},
	{"equal weights keep order", "ko;q=0.5, ja;q=0.5", Korean},
	{"equal weights keep order 2", "ja;q=0.5, ko;q=0.5", Japanese},
	{"q=0 dropped", "ko;q=0, ja", Japanese},
	{"q=0.000 dropped", "ko;q=0.000, ja;q=0.001", Japanese},
	{"q=1.000", "ja;q=0.9, ko;q=1.000", Korean},
	{"upper-case Q", "ja;Q=0.5, ko;q=0.4", Japanese},
	{"spaces", " ja ; q=0.5 ,\tko;q=0.4 ", Japanese},
	{"underscore", "zh_hk", ChineseHK},
	{"mixed case", "ZH-hk", ChineseHK},
	{"underscore Traditional", "ZH_hant_TW", ChineseTraditional},
	{"ISO 639-2 code", "jpn", Japanese},
	{"extlang", "zh-yue-HK", ChineseHK},
	{"Mandarin Traditional", "cmn-Hant-TW", ChineseTraditional},
	{"extensions", "zh-HK-u-nu-hanidec", ChineseHK},
	{"private use", "x-klingon, ko", Korean},
	{"Pinyin is not Chinese script", "zh-Latn, ja", Japanese},
	{"romaji is not Japanese script", "ja-Latn, ko", Korean},
	{"empty list elements", ",,ja,,", Japanese},
	{"Han script", "zh-Hani", ChineseSimplified},
	{"Han script in Hong Kong", "zh-Hani-HK", ChineseHK},
	{"Cantonese in Han script", "yue-Hani", ChineseHK},
	{"Chinese in America", "zh-US", ChineseTraditional},
	{"Traditional on the mainland", "zh-Hant-CN", ChineseTraditional},
	{"Cantonese in Taiwan", "yue-TW", ChineseHK},
	{"Mandarin in Hong Kong", "cmn-HK", ChineseHK},
	{"grandfathered", "i-default", English},
	{"extlang Mandarin", "zh-cmn-Hans-CN", ChineseSimplified},
	// Malformed entries are skipped, not fatal.
	{"malformed tag", "xx-!!, ja", Japanese},
	{"malformed weight", "ja;q=abc, ko", Korean},
	{"weight too precise", "ja;q=1.0000, ko", Korean},
	{"weight out of range", "ja;q=2, ko", Korean},
	{"weight above one", "ja;q=1.001, ko", Korean},
	{"weight negative", "ja;q=-1, ko", Korean},
	{"other parameter", "ja;level=1, ko", Korean},
	{"two weights", "ja;q=0.5;q=0.5, ko;q=0.4", Korean},
	{"space in weight", "ja;q= 0.5, ko;q=0.4", Korean},
	{"unknown subtag", "jp, ko", Korean},
	{"subtag too long", "japanese, ko", Korean},
	{"empty subtag", "zh--HK, ko", Korean},
}

func TestNegotiateBrowsers(t *testing.T) {
	for _, tc := range browserHeaders {
		t.Run(tc.name, func(t *testing.T) {
			if got := Negotiate(tc.header); got != tc.want {
				t.Errorf("Negotiate(%q) = %v, want %v", tc.header, got, tc.want)
			}
		})
	}
}

func TestNegotiateAllocs(t *testing.T) {
	for _, h := range benchHeaders[:3] {
		if n := testing.AllocsPerRun(100, func() { Negotiate(h.header) }); n != 0 {
			t.Errorf("Negotiate(%q) allocates %v times, want 0", h.header, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { NegotiatePreferences("es", "zh_HK") }); n != 0 {
		t.Errorf("NegotiatePreferences allocates %v times, want 0", n)
	}
}

func hostileHeaders() []struct {
	name, header string
	want         language.Tag
} {
	pad := strings.Repeat("x", maxHeader)
	entries := func(n int, e string) string {
		return strings.TrimSuffix(strings.Repeat(e+",", n), ",")
	}
	return []struct {
		name, header string
		want         language.Tag
	}{
		{"5 MB", strings.Repeat("zh-HK,", 5<<20/6), ChineseHK},
		{"5 MB of one entry", strings.Repeat("a", 5<<20), English},
		{"5 MB after ja", "ja," + strings.Repeat("a", 5<<20), Japanese},
		{"10,000 entries", entries(10000, "es;q=0.5") + ",ja", English},
		{"10,000 entries then ja first", "ja;q=0.1," + entries(10000, "es;q=0.5"), Japanese},
		{"many junk entries before ja", entries(200, "!!") + ",ja", Japanese},
		{"65 well-formed entries before ja", entries(maxEntries, "es") + ",ja", English},
		{"underscore flood", strings.Repeat("_", 1<<20), English},
		{"hyphen flood", strings.Repeat("-", 1<<20), English},
		{"underscore flood then ja", strings.Repeat("_", 100) + ",ja", Japanese},
		{"comma flood", strings.Repeat(",", 1<<20) + "ja", English},
		{"semicolon flood", "ja" + strings.Repeat(";", 1<<20), English},
		{"long entry in the middle", "ko;q=0.1," + pad + ",ja", Korean},
		{"long entry in the middle, then ja", "ko;q=0.1," + strings.Repeat("x", 3000) + ",ja", Japanese},
		{"ja after 4 KiB", pad + ",ja", English},
		{"ja right before the cut", strings.Repeat(" ", maxHeader-3) + ",ja", Japanese},
		{"ja split by the cut", strings.Repeat(" ", maxHeader-2) + ",ja", English},
		{"weight split by the cut", "ko;q=0.5," + strings.Repeat(" ", maxHeader-9-2) + "ja;q=0", Korean},
		{"cut at a comma", strings.Repeat(" ", maxHeader-2) + "ja,ko", Japanese},
		{"NUL bytes", "ja\x00, ko", Korean},
		{"invalid UTF-8", "\xff\xfe, ko", Korean},
		{"long tag", "en-" + entries(60, "abcdefgh")[:200] + ", ja", Japanese},
	}
}

func TestNegotiateHostile(t *testing.T) {
	for _, tc := range hostileHeaders() {
		t.Run(tc.name, func(t *testing.T) {
			if got := Negotiate(tc.header); got != tc.want {
				t.Errorf("Negotiate(%.40q...) = %v, want %v", tc.header, got, tc.want)
			}
		})
	}
}

// TestMatchStringsContrast shows what x/text's one-shot matcher would do
// with headers Negotiate gets right. Only our answers are asserted: x/text's
// may change between versions.
func TestMatchStringsContrast(t *testing.T) {
	m := language.NewMatcher(Supported())
	for _, tc := range []struct {
		header string
		want   language.Tag
	}{
		{"xx-!!, ja", Japanese},
		{"zh-MO,zh;q=0.9", ChineseHK},
		{"en-GB", English},
		{"en-XA", English},
		{"yue-HK", ChineseHK},
	} {
		xt, _ := language.MatchStrings(m, tc.header)
		got := Negotiate(tc.header)
		t.Logf("%-16q x/text: %-22v breachkit: %v", tc.header, xt, got)
		if got != tc.want {
			t.Errorf("Negotiate(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}

func TestNegotiatePreferences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		prefs []string
		want  language.Tag
	}{
		{"none", nil, English},
		{"ja", []string{"ja"}, Japanese},
		{"underscore", []string{"zh_HK"}, ChineseHK},
		{"mixed case", []string{"ZH-hk"}, ChineseHK},
		{"en-GB", []string{"en-GB", "ja"}, English},
		{"lacking falls through", []string{"es", "pt-BR", "ko"}, Korean},
		{"nothing fits", []string{"es", "it"}, English},
		{"German", []string{"es", "de-AT"}, German},
		{"malformed skipped", []string{"xx-!!", "", "  ", "ja;q=0.5", "zh_TW"}, ChineseTraditional},
		{"wildcard skipped", []string{"*", "ko"}, Korean},
		{"spaces trimmed", []string{" zh-CN "}, ChineseSimplified},
		{"Macau", []string{"zh_MO"}, ChineseHK},
		{"pseudo", []string{"en-XA"}, English},
		{"exact supported", []string{"zh-Hant-HK"}, ChineseHK},
		{"Cantonese", []string{"yue"}, ChineseHK},
		{"huge junk", []string{strings.Repeat("_", 1<<20), "ja"}, Japanese},
		{"cap", append(slicesRepeat("es", maxEntries), "ja"), English},
		{"junk does not count toward the cap", append(slicesRepeat("!", 1000), "ja"), Japanese},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NegotiatePreferences(tc.prefs...); got != tc.want {
				t.Errorf("NegotiatePreferences(%.60q) = %v, want %v", tc.prefs, got, tc.want)
			}
		})
	}
}

func slicesRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestReturnedTagsAreTheVariables checks that the tags returned compare ==
// to the exported variables, with no extensions carried over.
func TestReturnedTagsAreTheVariables(t *testing.T) {
	vars := []language.Tag{English, Japanese, ChineseHK, ChineseTraditional, ChineseSimplified, Korean, German, French, Vietnamese, Indonesian, Thai, Pseudo}
	isVar := func(tag language.Tag) bool {
		for _, v := range vars {
			if tag == v {
				return true
			}
		}
		return false
	}
	for _, tc := range browserHeaders {
		if got := Negotiate(tc.header); !isVar(got) {
			t.Errorf("Negotiate(%q) = %#v, not one of the variables", tc.header, got)
		}
	}
	for _, s := range []string{"zh-HK-u-nu-hanidec", "en-US-u-rg-gbzzzz", "ja-JP-u-ca-japanese", "ko-x-foo"} {
		if got := NegotiatePreferences(s); !isVar(got) {
			t.Errorf("NegotiatePreferences(%q) = %v, not one of the variables", s, got)
		}
	}
	for _, v := range Supported() {
		if got, err := Exact(v.String()); err != nil || got != v {
			t.Errorf("Exact(%q) = %v, %v", v, got, err)
		}
		if p, ok := Fallback(v); ok && !isVar(p) {
			t.Errorf("Fallback(%v) = %v, not one of the variables", v, p)
		}
	}
	if diff := Supported(); len(diff) != len(vars) {
		t.Fatalf("Supported() has %d tags, want %d", len(diff), len(vars))
	}
	for i, v := range Supported() {
		if v != vars[i] {
			t.Errorf("Supported()[%d] = %v, want %v", i, v, vars[i])
		}
	}
}

func TestSupportedIsFresh(t *testing.T) {
	s := Supported()
	s[0] = Korean
	if Supported()[0] != English {
		t.Error("changing the slice from Supported changed the next result")
	}
}

func TestExact(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want language.Tag
	}{
		{"en", English},
		{"EN", English},
		{"ja", Japanese},
		{"zh-Hant-HK", ChineseHK},
		{"zh_hant_hk", ChineseHK},
		{"ZH-HANT-HK", ChineseHK},
		{"zh-Hant", ChineseTraditional},
		{"zh-hans", ChineseSimplified},
		{"ko", Korean},
		{"en-XA", Pseudo},
		{"en_xa", Pseudo},
	} {
		got, err := Exact(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Exact(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "zh-HK", "zh-TW", "zh", "en-GB", "ja-JP", "en-US", " en", "en ", "zh-Hant-HK-u-nu-hanidec", "es", "de-DE", "fr-CA", "in", "en-XB", "*", "zh-Hant-TW"} {
		got, err := Exact(in)
		if !errors.Is(err, ErrUnsupported) || got != language.Und {
			t.Errorf("Exact(%q) = %v, %v; want und and ErrUnsupported", in, got, err)
			continue
		}
		if !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("Exact(%q) error %q does not quote the input", in, err)
		}
	}
}

func TestFallback(t *testing.T) {
	for _, tc := range []struct {
		in, want language.Tag
		ok       bool
	}{
		{ChineseHK, ChineseTraditional, true},
		{ChineseTraditional, English, true},
		{ChineseSimplified, English, true},
		{Japanese, English, true},
		{Korean, English, true},
		{German, English, true},
		{French, English, true},
		{Vietnamese, English, true},
		{Indonesian, English, true},
		{Thai, English, true},
		{Pseudo, English, true},
		{English, language.Und, false},
		{language.MustParse("es"), language.Und, false},
		{language.MustParse("fr-CA"), language.Und, false},
		{language.MustParse("zh-HK"), language.Und, false},
	} {
		got, ok := Fallback(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Fallback(%v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseQ(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint16
		ok   bool
	}{
		{"0", 0, true}, {"1", 1000, true}, {"0.", 0, true}, {"1.", 1000, true},
		{"0.5", 500, true}, {"0.25", 250, true}, {"0.125", 125, true}, {"0.001", 1, true},
		{"1.0", 1000, true}, {"1.000", 1000, true},
		{"", 0, false}, {"2", 0, false}, {"1.5", 0, false}, {"1.0001", 0, false},
		{"0.1234", 0, false}, {".5", 0, false}, {"0,5", 0, false}, {"abc", 0, false},
		{"00.5", 0, false}, {"0.5 ", 0, false}, {"-0", 0, false}, {"0.a", 0, false},
	} {
		got, ok := parseQ(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseQ(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestMayBeOurs holds the shortcut that skips parsing foreign languages to
// x/text's alias data: every primary subtag of two or three letters, alone
// and with an extended language subtag, that x/text parses as one of our
// languages must be let through.
func TestMayBeOurs(t *testing.T) {
	ours := map[string]bool{} // the language subtags of every row, canonical
	for _, row := range langs {
		for _, b := range row.bases {
			if base, err := language.ParseBase(b); err == nil {
				ours[base.String()] = true
			}
		}
	}
	check := func(s string) {
		tag, err := language.Parse(s)
		if err != nil {
			return
		}
		if b, _, _ := tag.Raw(); ours[b.String()] && !mayBeOurs(s) {
			t.Errorf("mayBeOurs(%q) = false, but x/text parses it as %v", s, tag)
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	for _, a := range letters {
		check(string(a) + "-default")
		for _, b := range letters {
			check(string(a) + string(b))
			check(string(a) + string(b) + "-yue")
			for _, c := range letters {
				check(string(a) + string(b) + string(c))
			}
		}
	}
}

// benchHeaders are typical headers: a Hong Kong reader, a German reader who
// also reads English, and a Taiwan reader on Firefox; then one whose tag
// takes the full path through x/text's parser.
var benchHeaders = []struct{ name, header string }{
	{"HK", "zh-HK,zh;q=0.9,en-US;q=0.8,en;q=0.7"},
	{"DE", "de-DE,de;q=0.9,en;q=0.8"},
	{"TW", "zh-TW,zh;q=0.8,en-US;q=0.5,en;q=0.3"},
	{"uncommon", "yue-Hant-MO,en;q=0.5"},
}

func BenchmarkNegotiate(b *testing.B) {
	for _, h := range benchHeaders {
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Negotiate(h.header)
			}
		})
	}
}

// BenchmarkMatchStrings does with x/text what BenchmarkNegotiate does, on
// the same headers (and sometimes with a different answer).
func BenchmarkMatchStrings(b *testing.B) {
	m := language.NewMatcher(Supported())
	for _, h := range benchHeaders {
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				language.MatchStrings(m, h.header)
			}
		})
	}
}

func BenchmarkNegotiateHostile(b *testing.B) {
	for _, h := range hostileHeaders() {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Negotiate(h.header)
			}
		})
	}
}

// TestCommon holds the shortcut for common tags to the full path, for
// every combination of our languages with common scripts and every
// two-letter region, in any case and with '_'.
func TestCommon(t *testing.T) {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	regions := []string{""}
	for _, a := range letters {
		for _, b := range letters {
			regions = append(regions, "-"+string(a)+string(b))
		}
	}
	// Every language subtag and script of the table's rows.
	var bases []string
	scripts := []string{""}
	for _, row := range langs {
		for _, b := range row.bases {
			if !slices.Contains(bases, b) {
				bases = append(bases, b)
			}
		}
		for _, sc := range append([]string{row.script}, row.scripts...) {
			if !slices.Contains(scripts, "-"+sc) {
				scripts = append(scripts, "-"+sc)
			}
		}
	}
	// Every alias takes the shortcut, to the row the full path gives.
	for _, row := range langs {
		for _, a := range row.aliases {
			l, ok := common(a)
			if want, wantOK := parsed(a); !ok || l != want || !wantOK {
				t.Errorf("common(%q) = %v, %v; the full path gives %v, %v", a, l.tag(), ok, want.tag(), wantOK)
			}
		}
	}
	n := 0
	for _, base := range bases {
		for _, script := range scripts {
			for _, region := range regions {
				for _, r := range []string{base + script + region, strings.ToUpper(base + script + region), strings.ReplaceAll(base+script+region, "-", "_")} {
					l, ok := common(r)
					if !ok {
						continue
					}
					n++
					if want, wantOK := parsed(r); l != want || !wantOK {
						t.Errorf("common(%q) = %v, but the full path gives %v, %v", r, l.tag(), want.tag(), wantOK)
					}
				}
			}
		}
	}
	if n < 3*30 {
		t.Errorf("only %d tags took the shortcut", n)
	}
}

// TestTagsBuiltOtherwise checks that tags made in other ways still compare
// == to the variables, so that Lookup and FormatDate see them as ours.
func TestTagsBuiltOtherwise(t *testing.T) {
	for _, tc := range []struct {
		got, want language.Tag
	}{
		{language.Make("zh-Hant-HK"), ChineseHK},
		{language.MustParse("zh-hant-hk"), ChineseHK},
		{language.Make("en-xa"), Pseudo},
		{language.Make("ZH-HANS"), ChineseSimplified},
		{language.English, English},
		{language.Japanese, Japanese},
		{language.Korean, Korean},
		{language.TraditionalChinese, ChineseTraditional},
		{language.SimplifiedChinese, ChineseSimplified},
	} {
		if tc.got != tc.want {
			t.Errorf("%v != %v", tc.got, tc.want)
		}
	}
}

func TestChoose(t *testing.T) {
	for in, want := range map[string]language.Tag{
		"ja":                    Japanese,
		"zh_hant_hk":            ChineseHK,
		"en-XA":                 Pseudo,
		"zh-HK,zh;q=0.9":        ChineseHK,
		"en-XA;q=0.9, ko;q=0.8": English, // a header never selects en-XA; its English does
		"es":                    English,
		"fr":                    French,
		"de-CH,de;q=0.9":        German,
		"in":                    Indonesian,
		"":                      English,
	} {
		if got := Choose(in); got != want {
			t.Errorf("Choose(%q) = %v, want %v", in, got, want)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { Choose("zh-Hant-HK") }); allocs != 0 {
		t.Errorf("Choose of an exact tag allocates %v times", allocs)
	}
}
