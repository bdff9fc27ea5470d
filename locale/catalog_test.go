package locale

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

func mustLoad(t testing.TB, dir string) *Catalog {
	t.Helper()
	c, err := Load(os.DirFS("testdata/" + dir))
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return c
}

func TestLoadGood(t *testing.T) {
	c := mustLoad(t, "good")
	if diff := cmp.Diff(Supported(), c.Languages(), cmpopts.EquateComparable(language.Tag{})); diff != "" {
		t.Errorf("Languages() mismatch (-want +got):\n%s", diff)
	}
	wantIDs := []string{"affected", "braces", "contact", "greeting", "notified", "what_happened"}
	if diff := cmp.Diff(wantIDs, c.IDs()); diff != "" {
		t.Errorf("IDs() mismatch (-want +got):\n%s", diff)
	}
	ids := c.IDs()
	ids[0] = "changed"
	if c.IDs()[0] != "affected" {
		t.Error("changing the slice from IDs changed the catalog")
	}
}

func TestLookup(t *testing.T) {
	good := mustLoad(t, "good")
	probs := mustLoad(t, "problems")
	for _, tc := range []struct {
		name     string
		c        *Catalog
		tag      language.Tag
		id       string
		wantText string
		wantFrom language.Tag
		wantOK   bool
	}{
		{"English", good, English, "greeting", "Dear {name},", English, true},
		{"Japanese", good, Japanese, "greeting", "{name} 様", Japanese, true},
		{"Hong Kong own", good, ChineseHK, "greeting", "{name} 你好：", ChineseHK, true},
		{"Hong Kong from Traditional", good, ChineseHK, "what_happened", "發生了什麼事", ChineseTraditional, true},
		{"Traditional", good, ChineseTraditional, "greeting", "{name} 您好：", ChineseTraditional, true},
		{"Simplified", good, ChineseSimplified, "greeting", "{name}，您好：", ChineseSimplified, true},
		{"Korean", good, Korean, "greeting", "{name} 고객님께", Korean, true},
		{"pseudo is its own", good, Pseudo, "greeting", "[Ðéåŕ {name}, ···]", Pseudo, true},
		{"pseudo escapes braces", good, Pseudo, "braces", "[Ŵŕîţé {{ñåɱé}} ţö šĥöŵ å þļåçéĥöļðéŕ. ·············]", Pseudo, true},
		{"unknown ID", good, Japanese, "nope", "", language.Und, false},
		{"near tag matched", good, language.MustParse("ja-JP"), "greeting", "{name} 様", Japanese, true},
		{"Macau tag matched", good, language.MustParse("zh-MO"), "greeting", "{name} 你好：", ChineseHK, true},
		{"foreign tag reads English", good, language.MustParse("es"), "greeting", "Dear {name},", English, true},
		{"German", good, language.MustParse("de-CH"), "greeting", "Guten Tag {name},", German, true},
		{"French", good, French, "greeting", "Bonjour {name},", French, true},
		{"Vietnamese", good, Vietnamese, "greeting", "Kính gửi Quý khách {name},", Vietnamese, true},
		{"Indonesian", good, Indonesian, "greeting", "Yth. {name},", Indonesian, true},
		{"Thai", good, language.MustParse("th-TH"), "greeting", "เรียน คุณ{name}", Thai, true},
		{"Hong Kong through to English", probs, ChineseHK, "notified", "We wrote to you on {date}.", English, true},
		{"Traditional without a file", probs, ChineseTraditional, "greeting", "Dear {name},", English, true},
		{"Japanese to English", probs, Japanese, "blank", "  ", English, true},
		{"only in a translation", probs, Japanese, "stale", "古いメッセージ", Japanese, true},
		{"only in a translation, other language", probs, Korean, "stale", "", language.Und, false},
		{"pseudo without English", probs, Pseudo, "stale", "", language.Und, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, from, ok := tc.c.Lookup(tc.tag, tc.id)
			if m.String() != tc.wantText || from != tc.wantFrom || ok != tc.wantOK {
				t.Errorf("Lookup(%v, %q) = %q, %v, %v; want %q, %v, %v",
					tc.tag, tc.id, m.String(), from, ok, tc.wantText, tc.wantFrom, tc.wantOK)
			}
			if ok && m.ID() != tc.id {
				t.Errorf("Lookup(%v, %q).ID() = %q", tc.tag, tc.id, m.ID())
			}
		})
	}
}

func TestLookupAppendAllocs(t *testing.T) {
	c := mustLoad(t, "good")
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		m, _, _ := c.Lookup(ChineseHK, "contact")
		var err error
		buf, err = m.Append(buf[:0], Arg{"email", "privacy@example.com"}, Arg{"phone", "+852 2747 3333"})
		if err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup+Append allocates %v times, want 0", allocs)
	}
	if got, want := string(buf), "請電郵至 privacy@example.com 或致電 +852 2747 3333。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCatalogConcurrent(t *testing.T) {
	c := mustLoad(t, "good")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var buf []byte
			for i := range 200 {
				tag := Supported()[(g+i)%len(Supported())]
				for _, id := range c.IDs() {
					m, _, ok := c.Lookup(tag, id)
					if !ok {
						t.Errorf("Lookup(%v, %q) failed", tag, id)
						return
					}
					buf, _ = m.Append(buf[:0], Arg{"name", "Chan Tai Man"}, Arg{"date", "25 October 2018"})
				}
				_ = c.Check()
			}
		})
	}
	wg.Wait()
}

func TestCheck(t *testing.T) {
	if got := mustLoad(t, "good").Check(); got != nil {
		t.Errorf("Check() on a clean catalog = %v, want nil", got)
	}
	got := mustLoad(t, "problems").Check()
	want := []Problem{
		{Language: English, ID: "blank", Kind: Empty},
		{Language: Japanese, ID: "blank", Kind: Missing},
		{Language: Japanese, ID: "notified", Kind: PlaceholdersDiffer, English: []string{"date"}, Translation: []string{"date", "org"}},
		{Language: Japanese, ID: "stale", Kind: NotInEnglish},
		{Language: ChineseHK, ID: "blank", Kind: Missing},
		{Language: ChineseHK, ID: "notified", Kind: Missing},
		{Language: ChineseTraditional, ID: "blank", Kind: Missing},
		{Language: ChineseTraditional, ID: "greeting", Kind: Missing},
		{Language: ChineseTraditional, ID: "notified", Kind: Missing},
		{Language: Korean, ID: "greeting", Kind: Empty},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateComparable(language.Tag{})); diff != "" {
		t.Errorf("Check() mismatch (-want +got):\n%s", diff)
	}
	var lines []string
	for _, p := range got {
		lines = append(lines, p.String())
	}
	wantLines := []string{
		`en: "blank": empty text`,
		`ja: "blank": missing`,
		`ja: "notified": placeholders {date} {org} differ from English {date}`,
		`ja: "stale": not in English`,
		`zh-Hant-HK: "blank": missing (also from zh-Hant)`,
		`zh-Hant-HK: "notified": missing (also from zh-Hant)`,
		`zh-Hant: "blank": missing`,
		`zh-Hant: "greeting": missing`,
		`zh-Hant: "notified": missing`,
		`ko: "greeting": empty text`,
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("Problem.String() mismatch (-want +got):\n%s", diff)
	}
}

func TestCheckEnglishOnly(t *testing.T) {
	c, err := Load(fstest.MapFS{"en.json": {Data: []byte(`{"a": "A", "b": "B {x}"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Check() {
		if p.Kind != Missing {
			t.Errorf("unexpected problem %v", p)
		}
		got = append(got, p.Language.String()+" "+p.ID)
	}
	want := []string{"ja a", "ja b", "zh-Hant-HK a", "zh-Hant-HK b", "zh-Hant a", "zh-Hant b", "zh-Hans a", "zh-Hans b", "ko a", "ko b", "de a", "de b", "fr a", "fr b", "vi a", "vi b", "id a", "id b", "th a", "th b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check() mismatch (-want +got):\n%s", diff)
	}
}

func TestProblemKindString(t *testing.T) {
	for k, want := range map[ProblemKind]string{
		0: "ProblemKind(0)", Missing: "missing", NotInEnglish: "not_in_english",
		PlaceholdersDiffer: "placeholders_differ", Empty: "empty", 42: "ProblemKind(42)",
	} {
		if got := k.String(); got != want {
			t.Errorf("ProblemKind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

func TestLoadMalformed(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string // substrings of the error
	}{
		{"bad_json", []string{"ja.json", "line 3", "invalid character '}'"}},
		{"bad_duplicate", []string{"ja.json", `duplicate message ID "greeting"`, "line 4", "first at line 2"}},
		{"bad_lone_open", []string{"ja.json", `message "greeting"`, `lone "{"`, "byte 0 of the text"}},
		{"bad_lone_close", []string{"ja.json", `message "greeting"`, `lone "}"`, "byte 10 of the text"}},
		{"bad_placeholder_name", []string{"ja.json", `message "greeting"`, `invalid placeholder name "Name"`, "byte 0 of the text"}},
		{"bad_language", []string{"es.json", `"es" is not a supported language`}},
		{"bad_file_name", []string{"zh-hant.json", "name the file zh-Hant.json"}},
		{"bad_extension", []string{"README.txt", "unexpected file"}},
		{"bad_pseudo", []string{"en-XA.json", "generated"}},
		{"bad_value", []string{"ja.json", `message "greeting"`, "want a string, got an object"}},
		{"bad_id", []string{"ja.json", `invalid message ID "Greeting"`}},
		{"no_en", []string{"en.json is missing"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			c, err := Load(os.DirFS("testdata/" + tc.dir))
			if !errors.Is(err, ErrMalformed) || c != nil {
				t.Fatalf("Load(%s) = %v, %v; want nil and ErrMalformed", tc.dir, c, err)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Load(%s) error %q does not contain %q", tc.dir, err, s)
				}
			}
		})
	}
}

func TestLoadEdgeCases(t *testing.T) {
	en := &fstest.MapFile{Data: []byte(`{"greeting": "Dear {name},"}`)}
	for _, tc := range []struct {
		name string
		ja   string
		want []string // substrings of the error; none: loads
	}{
		{"byte order mark", "\uFEFF{\"greeting\": \"{name} 様\"}", nil},
		{"empty object", "{}", nil},
		{"escaped JSON", `{"greeting": "{name} \u69d8\n"}`, nil},
		{"empty file", "", []string{"ja.json", "unexpected end of file"}},
		{"truncated", `{"greeting": "{name}`, []string{"ja.json", "unexpected end"}},
		{"array", `["greeting"]`, []string{"ja.json", "want a JSON object", "got an array"}},
		{"string", `"greeting"`, []string{"ja.json", "got a string"}},
		{"trailing data", `{"greeting": "x"} {}`, []string{"ja.json", "after the JSON object"}},
		{"number value", `{"greeting": 1}`, []string{"want a string, got a number"}},
		{"null value", `{"greeting": null}`, []string{"want a string, got null"}},
		{"invalid UTF-8", "{\"greeting\": \"\xff\"}", []string{"ja.json", "invalid UTF-8", "byte 14"}},
		{"empty ID", `{"": "x"}`, []string{`invalid message ID ""`}},
		{"empty placeholder", `{"greeting": "{} 様"}`, []string{`invalid placeholder name ""`}},
		{"placeholder with space", `{"greeting": "{ name } 様"}`, []string{`invalid placeholder name " name "`}},
		{"nested brace", `{"greeting": "{na{me} 様"}`, []string{`lone "{" `, "byte 0"}},
		{"every problem reported", `{"a": "{", "b": "}", "a": "x"}`, []string{`"a": lone "{"`, `"b": lone "}"`, `duplicate message ID "a"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"en.json": en, "ja.json": {Data: []byte(tc.ja)}})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Load error = %v, want ErrMalformed", err)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Load error %q does not contain %q", err, s)
				}
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		_, err := Load(fstest.MapFS{"en.json": en, "ja/greeting.json": {Data: []byte(`{}`)}})
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "ja is a directory") {
			t.Errorf("Load error = %v, want ErrMalformed naming the directory", err)
		}
	})
	t.Run("read error", func(t *testing.T) {
		_, err := Load(fstest.MapFS{})
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("Load(empty) error = %v, want ErrMalformed", err)
		}
		_, err = Load(os.DirFS("testdata/does-not-exist"))
		if !errors.Is(err, os.ErrNotExist) || errors.Is(err, ErrMalformed) {
			t.Errorf("Load(missing dir) error = %v, want ErrNotExist", err)
		}
	})
}

func TestParseMessage(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []Part
	}{
		{"", nil},
		{"plain", []Part{{Text: "plain"}}},
		{"{name}", []Part{{Placeholder: "name"}}},
		{"Dear {name},", []Part{{Text: "Dear "}, {Placeholder: "name"}, {Text: ","}}},
		{"{a}{b}", []Part{{Placeholder: "a"}, {Placeholder: "b"}}},
		{"{{name}}", []Part{{Text: "{name}"}}},
		{"a{{b}}c{d}", []Part{{Text: "a{b}c"}, {Placeholder: "d"}}},
		{"{{{x}}}", []Part{{Text: "{"}, {Placeholder: "x"}, {Text: "}"}}},
		{"{_x9}", []Part{{Placeholder: "_x9"}}},
		{"様{name}様", []Part{{Text: "様"}, {Placeholder: "name"}, {Text: "様"}}},
	} {
		m, err := parseMessage("id", tc.src)
		if err != nil {
			t.Errorf("parseMessage(%q): %v", tc.src, err)
			continue
		}
		var got []Part
		for p := range m.Parts() {
			got = append(got, p)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parseMessage(%q) mismatch (-want +got):\n%s", tc.src, diff)
		}
		if m.String() != tc.src {
			t.Errorf("parseMessage(%q).String() = %q", tc.src, m.String())
		}
	}
	for _, tc := range []struct{ src, want string }{
		{"{", `lone "{" (write "{{" for a literal brace) at byte 0 of the text`},
		{"}", `lone "}" (write "}}" for a literal brace) at byte 0 of the text`},
		{"ab}c", `lone "}" (write "}}" for a literal brace) at byte 2 of the text`},
		{"{9x}", `invalid placeholder name "9x" (want [a-z_][a-z0-9_]*) at byte 0 of the text`},
		{"x {a-b}", `invalid placeholder name "a-b" (want [a-z_][a-z0-9_]*) at byte 2 of the text`},
		{"{{{", `lone "{" (write "{{" for a literal brace) at byte 2 of the text`},
		{"}}}", `lone "}" (write "}}" for a literal brace) at byte 2 of the text`},
		{"{" + strings.Repeat("x", 100) + "-}", `invalid placeholder name "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." (want [a-z_][a-z0-9_]*) at byte 0 of the text`},
	} {
		_, err := parseMessage("id", tc.src)
		if err == nil || err.Error() != tc.want {
			t.Errorf("parseMessage(%q) error = %v, want %s", tc.src, err, tc.want)
		}
	}
}

func TestMessageAppend(t *testing.T) {
	c := mustLoad(t, "good")
	m, _, _ := c.Lookup(English, "contact")
	if diff := cmp.Diff([]string{"email", "phone"}, m.Placeholders()); diff != "" {
		t.Errorf("Placeholders() mismatch (-want +got):\n%s", diff)
	}

	got, err := m.Append([]byte("> "), Arg{"phone", "{phone} %s"}, Arg{"unused", "x"}, Arg{"email", "a@b"}, Arg{"email", "second"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "> Email a@b or call {phone} %s."; string(got) != want {
		t.Errorf("Append = %q, want %q", got, want)
	}

	got, err = m.Append([]byte("> "), Arg{"email", "a@b"})
	if !errors.Is(err, ErrMissingArg) {
		t.Fatalf("Append without phone: err = %v, want ErrMissingArg", err)
	}
	if string(got) != "> " {
		t.Errorf("Append without phone returned %q, want dst unchanged", got)
	}
	for _, s := range []string{"{phone}", `"contact"`} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}

	s, err := m.Format(Arg{"email", "a@b"}, Arg{"phone", "1"})
	if s != "Email a@b or call 1." || err != nil {
		t.Errorf("Format = %q, %v", s, err)
	}
	if s, err := (Message{}).Format(); s != "" || err != nil {
		t.Errorf("zero Message Format = %q, %v", s, err)
	}
}

func TestPseudoCatalog(t *testing.T) {
	c := mustLoad(t, "good")
	for _, id := range c.IDs() {
		en, _, _ := c.Lookup(English, id)
		xa, from, ok := c.Lookup(Pseudo, id)
		if !ok || from != Pseudo {
			t.Fatalf("Lookup(en-XA, %q) = %v, %v", id, from, ok)
		}
		if diff := cmp.Diff(en.Placeholders(), xa.Placeholders()); diff != "" {
			t.Errorf("%s: placeholders mismatch (-want +got):\n%s", id, diff)
		}
		args := []Arg{{"name", "Chan Tai Man"}, {"date", "25 October 2018"}, {"count", "9,400,000"}, {"email", "a@b"}, {"phone", "1"}}
		out, err := xa.Append(nil, args...)
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") || !strings.Contains(s, " ·") {
			t.Errorf("%s: %q is not bracketed and padded", id, s)
		}
		// Outside the values, no ASCII letter is left.
		for _, a := range args {
			s = strings.ReplaceAll(s, a.Value, "")
		}
		if i := strings.IndexFunc(s, func(r rune) bool { return r < 128 && ('a' <= r|0x20 && r|0x20 <= 'z') }); i >= 0 {
			t.Errorf("%s: %q has an ASCII letter at byte %d", id, s, i)
		}
	}
}

// The benchmarks below compare a catalog lookup with two placeholders
// against x/text's message.Printer doing the same.

func BenchmarkLookupAppend(b *testing.B) {
	c := mustLoad(b, "good")
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		m, _, _ := c.Lookup(ChineseHK, "contact")
		buf, _ = m.Append(buf[:0], Arg{"email", "privacy@example.com"}, Arg{"phone", "+852 2747 3333"})
	}
}

func BenchmarkPrinterSprintf(b *testing.B) {
	cat := catalog.NewBuilder(catalog.Fallback(English))
	for tag, text := range map[language.Tag]string{
		English:            "Email %[1]s or call %[2]s.",
		ChineseTraditional: "請以電子郵件聯絡 %[1]s，或致電 %[2]s。",
		ChineseHK:          "請電郵至 %[1]s 或致電 %[2]s。",
	} {
		if err := cat.SetString(tag, "contact", text); err != nil {
			b.Fatal(err)
		}
	}
	p := message.NewPrinter(ChineseHK, message.Catalog(cat))
	if got, want := p.Sprintf("contact", "privacy@example.com", "+852 2747 3333"), "請電郵至 privacy@example.com 或致電 +852 2747 3333。"; got != want {
		b.Fatalf("Sprintf = %q, want %q", got, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Sprintf("contact", "privacy@example.com", "+852 2747 3333")
	}
}
