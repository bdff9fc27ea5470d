package notice_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenRecipients are the notices pinned in golden files, in every language.
var goldenRecipients = []struct {
	file, incident, name string
	exposed              exposure.Set
}{
	{"contact-only", "seed", "Chan Tai Man", exposure.Of(exposure.Name, exposure.Email)},
	{"identity-documents", "seed", "Wong Siu Ming", exposure.Of(exposure.Name, exposure.Nationality, exposure.DateOfBirth,
		exposure.Phone, exposure.PassportNumber, exposure.IdentityCardNumber)},
	{"card-and-password", "cards", "Alex Morgan", exposure.Of(exposure.Name, exposure.Email, exposure.PostalAddress,
		exposure.CardWithCVV, exposure.Password)},
}

// TestGolden pins the notices of three recipients in every language, as
// text and HTML. Run with -update to rewrite them, then read every changed
// file as its reader would before committing it.
func TestGolden(t *testing.T) {
	var lc layoutChecker
	for _, r := range goldenRecipients {
		inc := sample.MustIncident(r.incident)
		for _, tag := range locale.Supported() {
			a := exposure.Assess(r.exposed)
			// Every notice carries a code; the channel makes no difference to the text.
			code := mustCode(t, inc.ID, r.file, notice.ChannelEmail)
			d, err := composer(r.incident).Compose(notice.Recipient{Name: r.name, Language: tag.String(), Code: code}, a)
			if err != nil {
				t.Fatal(err)
			}
			lc.check(t, string(d.AppendText(nil)))
			// The golden file shows the subject too, for the reader reviewing it.
			text := d.AppendText([]byte("Subject: " + d.Subject() + "\n\n"))
			w := wordingFor(t, tag, organisation(inc, tag))
			checkHTML(t, d.AppendHTML(nil), htmlExpectation{tag: tag, name: r.name, categories: w.section2(r.exposed),
				summary: w.summary(a), actions: w.section4(a)})
			base := filepath.Join("testdata", "golden", r.file+"."+tag.String())
			compareGolden(t, base+".txt", text)
			compareGolden(t, base+".html", withoutStylesheet(t, d.AppendHTML(nil)))
		}
	}
}

// withoutStylesheet replaces the stylesheet in a complete document by a
// marker, so that a change of style does not rewrite every golden file:
// the golden files pin the words and the markup, TestStylesheetFonts and
// checkHTML the styles.
func withoutStylesheet(t *testing.T, doc []byte) []byte {
	t.Helper()
	if n := bytes.Count(doc, []byte(notice.Stylesheet)); n != 1 {
		t.Fatalf("the document holds the stylesheet %d times, want once", n)
	}
	return bytes.Replace(doc, []byte(notice.Stylesheet), []byte("/* notice.Stylesheet */\n"), 1)
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestComposeRefuses(t *testing.T) {
	c := composer("seed")
	tests := []struct {
		name    string
		r       notice.Recipient
		exposed exposure.Set
		want    error
	}{
		{"nothing exposed", notice.Recipient{Name: "Chan Tai Man"}, exposure.Set{}, notice.ErrNothingExposed},
		{"password: the seed assures it was not exposed", notice.Recipient{Name: "Chan Tai Man"},
			exposure.Of(exposure.Name, exposure.Password), notice.ErrContradiction},
		{"card with cvv: not exposed by the seed", notice.Recipient{Name: "Chan Tai Man"},
			exposure.Of(exposure.CardWithCVV), notice.ErrContradiction},
		{"empty name", notice.Recipient{Name: "  "}, exposure.Of(exposure.Name), notice.ErrInvalidRecipient},
		{"newline in name", notice.Recipient{Name: "Chan\nBcc: x@example.com"}, exposure.Of(exposure.Name), notice.ErrInvalidRecipient},
		{"bidi override in name", notice.Recipient{Name: "Chan \u202eTai"}, exposure.Of(exposure.Name), notice.ErrInvalidRecipient},
		{"invalid UTF-8 in name", notice.Recipient{Name: "Chan \xff"}, exposure.Of(exposure.Name), notice.ErrInvalidRecipient},
		{"name too long", notice.Recipient{Name: strings.Repeat("Chan ", 200)}, exposure.Of(exposure.Name), notice.ErrInvalidRecipient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.Compose(tt.r, exposure.Assess(tt.exposed))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Compose = %v, want %v", err, tt.want)
			}
			if d.Language() != language.Und || d.AppendText(nil) != nil || d.WriteText(&strings.Builder{}) == nil {
				t.Errorf("a refused Compose returned a usable Document")
			}
		})
	}
	_, err := c.Compose(notice.Recipient{Name: "Chan"}, exposure.Assess(exposure.Of(exposure.Name, exposure.Password, exposure.CardWithCVV)))
	if err == nil || !strings.Contains(err.Error(), "card_with_cvv,password") {
		t.Errorf("contradiction error %v does not name the categories", err)
	}
}

func TestIncidentValidate(t *testing.T) {
	tests := []struct {
		field  string
		breaks func(*notice.Incident)
	}{
		{"Organisation", func(i *notice.Incident) { delete(i.Organisation, locale.English) }},
		{"Narrative", func(i *notice.Incident) { i.Narrative = nil }},
		{"Response", func(i *notice.Incident) { i.Response[locale.Japanese] = " " }},
		{"Narrative", func(i *notice.Incident) { i.Narrative[locale.Pseudo] = "x" }},
		{"Narrative", func(i *notice.Incident) { i.Narrative[language.Spanish] = "x" }},
		{"Narrative", func(i *notice.Incident) { i.Narrative[locale.English] += "\x1b[31m" }},
		{"Organisation", func(i *notice.Incident) { i.Organisation[locale.English] = "Cathay\nPacific" }},
		{"Narrative", func(i *notice.Incident) { i.Narrative[locale.English] = strings.Repeat("a", 20000) }},
		{"Detected", func(i *notice.Incident) { i.Detected = locale.Date{} }},
		{"Announced", func(i *notice.Incident) { i.Announced = locale.Day(2018, 13, 1) }},
		{"Announced", func(i *notice.Incident) { i.Detected, i.Announced = i.Announced, i.Detected }},
		{"NoticesUntil", func(i *notice.Incident) { i.NoticesUntil = locale.Day(2018, 10, 1) }},
		{"Affected", func(i *notice.Incident) { i.Affected = 0 }},
		{"Contact", func(i *notice.Incident) { i.Contact = notice.Contact{Phone: "+852 0000"} }},
		{"Contact.Email", func(i *notice.Incident) { i.Contact.Email = "Help <help@example.com>" }},
		{"Contact.Web", func(i *notice.Incident) { i.Contact.Web = "http://example.com" }},
		{"Contact.Web", func(i *notice.Incident) { i.Contact.Web = `https://example.com/"onmouseover="x` }},
		{"Contact.Phone", func(i *notice.Incident) { i.Contact.Phone = "call 911" }},
		{"Exposed", func(i *notice.Incident) { i.Exposed = exposure.Set{} }},
		{"NotExposed", func(i *notice.Incident) { i.NotExposed = exposure.Of(exposure.Name) }},
	}
	for _, tt := range tests {
		inc := sample.MustIncident("seed")
		tt.breaks(&inc)
		err := inc.Validate()
		if !errors.Is(err, notice.ErrInvalidIncident) || !strings.Contains(err.Error(), tt.field+":") {
			t.Errorf("broken %s: Validate = %v, want ErrInvalidIncident naming the field", tt.field, err)
		}
		if _, err := notice.NewComposer(inc); !errors.Is(err, notice.ErrInvalidIncident) {
			t.Errorf("broken %s: NewComposer = %v", tt.field, err)
		}
		if _, err := notice.Compose(inc, notice.Recipient{Name: "A"}, exposure.Assess(exposure.Of(exposure.Name))); !errors.Is(err, notice.ErrInvalidIncident) {
			t.Errorf("broken %s: Compose = %v", tt.field, err)
		}
	}
	for _, name := range sample.Names() {
		inc := sample.MustIncident(name)
		if err := inc.Validate(); err != nil {
			t.Errorf("sample %s: %v", name, err)
		}
	}
}

func TestRecipientLanguage(t *testing.T) {
	tests := []struct {
		in   string
		want language.Tag
	}{
		{"", locale.English},
		{"ja", locale.Japanese},
		{"zh-Hant-HK", locale.ChineseHK},
		{"zh_hant_hk", locale.ChineseHK},
		{"en-XA", locale.Pseudo},
		{"zh-HK,zh;q=0.9,en;q=0.8", locale.ChineseHK},
		{"zh-TW", locale.ChineseTraditional},
		{"zh-CN,zh;q=0.9", locale.ChineseSimplified},
		{"ko-KR,ko;q=0.9", locale.Korean},
		{"fr-FR,fr;q=0.9", locale.French},
		{"de-CH,de;q=0.9", locale.German},
		{"vi-VN", locale.Vietnamese},
		{"in-ID", locale.Indonesian},
		{"th-TH,th;q=0.9", locale.Thai},
		{"es-ES,es;q=0.9", locale.English},
		{"en-XA;q=0.9, es", locale.English}, // a header never selects the pseudo-locale
	}
	for _, tt := range tests {
		d, err := composer("seed").Compose(notice.Recipient{Name: "Chan", Language: tt.in}, exposure.Assess(exposure.Of(exposure.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if d.Language() != tt.want {
			t.Errorf("Language %q gives %v, want %v", tt.in, d.Language(), tt.want)
		}
	}
}

// TestFallbackReported: a message a language lacks is written in the
// language its chain falls back to, and the Document says so; so is an
// incident text without a translation.
func TestFallbackReported(t *testing.T) {
	files := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("catalog"), ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && path != "." {
			return fs.SkipDir // catalog/public is the public page's catalog
		}
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join("catalog", path))
		if path == "ko.json" {
			// Drop one action's advice and one category's label from the Korean file.
			data = regexp.MustCompile(`(?m)^\s*"(action.beware_of_phishing|category.passport_number)": .*\n`).ReplaceAll(data, nil)
		}
		files[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	inc := sample.MustIncident("seed")
	delete(inc.Narrative, locale.Korean)
	c, err := notice.NewComposer(inc, notice.WithCatalog(cat))
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Compose(notice.Recipient{Name: "Kim Min-jun", Language: "ko"}, exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))
	if err != nil {
		t.Fatal(err)
	}
	want := []notice.Fallback{
		{ID: "incident.narrative", Language: locale.English},
		{ID: "action.beware_of_phishing", Language: locale.English},
	}
	if diff := cmp.Diff(want, d.FellBack(), cmpEquateTags); diff != "" {
		t.Errorf("FellBack mismatch (-want +got):\n%s", diff)
	}
	text := string(d.AppendText(nil))
	phishing := message(t, locale.English, "action.beware_of_phishing")
	if !strings.Contains(squash(text), squash(phishing)) {
		t.Errorf("the Korean notice lacks the English advice it fell back to")
	}
	if !strings.Contains(squash(text), squash(inc.Narrative[locale.English][:40])) {
		t.Errorf("the Korean notice lacks the English narrative it fell back to")
	}
	// The same composer in Japanese has nothing to report.
	d, _ = c.Compose(notice.Recipient{Name: "Kim", Language: "ja"}, exposure.Assess(exposure.Of(exposure.Name)))
	if fb := d.FellBack(); len(fb) != 0 {
		t.Errorf("Japanese fell back: %v", fb)
	}
	// A category's fallback is reported only by the notices that list it.
	d, err = c.Compose(notice.Recipient{Name: "Kim", Language: "ko"}, exposure.Assess(exposure.Of(exposure.Name, exposure.PassportNumber)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.FellBack(), notice.Fallback{ID: "category.passport_number", Language: locale.English}) {
		t.Errorf("passport label fell back unreported: %v", d.FellBack())
	}
	if !strings.Contains(squash(string(d.AppendText(nil))), squash(message(t, locale.English, "category.passport_number"))) {
		t.Errorf("the Korean notice lacks the English passport label it fell back to")
	}
	if d, _ := composer("seed").Compose(notice.Recipient{Name: "A", Language: "zh-Hant-HK"}, exposure.Assess(exposure.Of(exposure.Name))); len(d.FellBack()) != 0 {
		t.Errorf("zh-Hant-HK fell back with a complete catalog: %v", d.FellBack())
	}
}

var cmpEquateTags = cmp.Comparer(func(a, b language.Tag) bool { return a == b })

func TestWithCatalogRefusesIncomplete(t *testing.T) {
	files := fstest.MapFS{"en.json": {Data: []byte(`{"subject": "{organisation}", "greeting": "Hi {nickname}"}`)}}
	cat, err := locale.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	_, err = notice.NewComposer(sample.MustIncident("seed"), notice.WithCatalog(cat))
	if !errors.Is(err, notice.ErrInvalidCatalog) || !strings.Contains(err.Error(), `"intro"`) || !strings.Contains(err.Error(), "{nickname}") {
		t.Errorf("NewComposer = %v, want ErrInvalidCatalog naming a missing message and the unknown placeholder", err)
	}
}

// TestPseudoLocaleBypassesNothing: in en-XA, every English word comes from
// the catalog (accented and bracketed), so once the recipient's and the
// incident's literal values are removed, no ASCII letter is left.
func TestPseudoLocaleBypassesNothing(t *testing.T) {
	inc := sample.MustIncident("cards")
	name := "Alex Morgan"
	d, err := composer("cards").Compose(notice.Recipient{Name: name, Language: "en-XA"},
		exposure.Assess(inc.Exposed))
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{string(d.AppendText(nil)), d.Subject()} {
		for _, value := range []string{name, inc.Contact.Email, inc.Contact.Web, inc.Contact.Phone} {
			out = strings.ReplaceAll(out, value, "")
		}
		if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }); i >= 0 {
			t.Errorf("unlocalized English in the en-XA notice: %q", out[max(0, i-20):min(len(out), i+20)])
		}
	}
	// Every line's text is inside brackets: count them.
	text := string(d.AppendText(nil))
	if strings.Count(text, "[") != strings.Count(text, "]") || strings.Count(text, "[") < 40 {
		t.Errorf("brackets unbalanced or too few in:\n%s", text)
	}
}

func TestIncidentSpecificParagraphs(t *testing.T) {
	a := exposure.Assess(exposure.Of(exposure.Name, exposure.Email))
	for _, tt := range []struct {
		incident     string
		separate     bool
		notInvolved  []exposure.Category
		translations bool
	}{
		{"seed", true, []exposure.Category{exposure.CardWithCVV, exposure.Password}, true},
		{"cards", false, nil, true},
	} {
		for _, tag := range locale.Supported() {
			d, err := composer(tt.incident).Compose(notice.Recipient{Name: "A", Language: tag.String()}, a)
			if err != nil {
				t.Fatal(err)
			}
			text := string(d.AppendText(nil))
			hasSeparate := strings.Contains(squash(text), squash(message(t, tag, "happened.separate")))
			if hasSeparate != tt.separate {
				t.Errorf("%s %v: separate-systems paragraph present = %v", tt.incident, tag, hasSeparate)
			}
			var gotNot []string
			lines := section(t, text, tag, "heading.what_happened")
			if rest, ok := linesAfter(lines, message(t, tag, "happened.not_involved")); ok {
				gotNot = items(rest)
			}
			var wantNot []string
			for _, c := range tt.notInvolved {
				wantNot = append(wantNot, squash(message(t, tag, "category."+c.String())))
			}
			if !slices.Equal(gotNot, wantNot) {
				t.Errorf("%s %v: not-involved list mismatch (-want +got):\n%s", tt.incident, tag, cmp.Diff(wantNot, gotNot))
			}
			clause := strings.Contains(squash(text), squash(message(t, tag, "translation.prevails")))
			if want := tag != locale.English && tag != locale.Pseudo; clause != want {
				t.Errorf("%s %v: English-prevails clause present = %v, want %v", tt.incident, tag, clause, want)
			}
		}
	}
}

// linesAfter returns the lines after the ones that lay text out, wherever
// they wrapped.
func linesAfter(lines []string, text string) ([]string, bool) {
	want := squash(text)
	for i := range lines {
		got := ""
		for j := i; j < len(lines) && len(got) < len(want); j++ {
			got += squash(lines[j])
			if got == want {
				return lines[j+1:], true
			}
		}
	}
	return nil, false
}

func TestNameTrimmed(t *testing.T) {
	for _, tag := range []string{"en", "ja", "ko"} {
		d, err := composer("seed").Compose(notice.Recipient{Name: "  Chan Tai Man ", Language: tag}, exposure.Assess(exposure.Of(exposure.Name)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(d.AppendText(nil))
		if greeting := text[:strings.IndexByte(text, '\n')]; strings.HasPrefix(greeting, " ") || strings.Contains(greeting, "Man  ") {
			t.Errorf("%s greeting %q keeps the spaces around the name", tag, greeting)
		}
		if !strings.Contains(string(d.AppendHTMLFragment(nil)), ">"+message(t, d.Language(), "greeting", locale.Arg{Name: "name", Value: "Chan Tai Man"})+"<") {
			t.Errorf("%s HTML greeting keeps the spaces around the name", tag)
		}
	}
}

// TestLongNameWraps: a name wider than a line is laid out like any text.
func TestLongNameWraps(t *testing.T) {
	var lc layoutChecker
	for _, name := range []string{
		strings.Repeat("Bartholomew ", 12),
		strings.Repeat("陳", 60),
		strings.Repeat("x", 200),
	} {
		for _, tag := range []language.Tag{locale.English, locale.Japanese, locale.ChineseHK} {
			d, err := composer("seed").Compose(notice.Recipient{Name: name, Language: tag.String()}, exposure.Assess(exposure.Of(exposure.Name)))
			if err != nil {
				t.Fatal(err)
			}
			text := string(d.AppendText(nil))
			lc.check(t, text)
			if greeting := text[:strings.Index(text, "\n\n")]; !strings.Contains(squash(greeting), squash(name)) {
				t.Errorf("greeting %q lost part of the name", greeting)
			}
		}
	}
}

func TestComposeConcurrent(t *testing.T) {
	c := composer("cards")
	sets := sampleSets(exposure.AllCategories(), 2000, 3)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			var buf []byte
			for i := w; i < len(sets); i += 97 {
				tags := locale.Supported()
				tag := tags[i%len(tags)]
				d, err := c.Compose(notice.Recipient{Name: "Chan Tai Man", Language: tag.String()}, exposure.Assess(sets[i]))
				if err != nil {
					t.Error(err)
					return
				}
				buf = d.AppendHTML(d.AppendText(buf[:0]))
				if d.Language() != tag || len(buf) == 0 {
					t.Errorf("language %v, want %v", d.Language(), tag)
				}
			}
		})
	}
	wg.Wait()
}

// TestTranslationNoteLast: a translation ends with the closing, the
// sign-off and then, under its own heading, the note that the English text
// prevails; English and en-XA end with the sign-off and have no such note.
func TestTranslationNoteLast(t *testing.T) {
	inc := sample.MustIncident("seed")
	for _, tag := range locale.Supported() {
		d, err := composer("seed").Compose(notice.Recipient{Name: "Chan Tai Man", Language: tag.String()},
			exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(d.AppendText(nil))
		org := organisation(inc, tag)
		signoff := squash(message(t, tag, "signoff", locale.Arg{Name: "organisation", Value: org}))
		closing := squash(message(t, tag, "closing"))
		before, note, translated := strings.Cut(text, "\n"+message(t, tag, "heading.translation")+"\n=")
		if translated != (tag != locale.English && tag != locale.Pseudo) {
			t.Errorf("%v: translation note present %t", tag, translated)
			continue
		}
		if !strings.HasSuffix(squash(before), closing+signoff) {
			t.Errorf("%v: the text before the note does not end with the closing and the sign-off:\n%s", tag, before)
		}
		if translated {
			note = note[strings.IndexByte(note, '\n')+1:] // the rest of the underline
			if got, want := squash(note), squash(message(t, tag, "translation.prevails")); got != want {
				t.Errorf("%v: after the translation heading %q, want only %q", tag, got, want)
			}
		}
	}
}

// TestNoticeIsNFC: a name and an incident text typed decomposed (as some
// systems store Vietnamese) come out in NFC, the form of the wording
// around them, and no line starts with a combining mark.
func TestNoticeIsNFC(t *testing.T) {
	inc := sample.MustIncident("seed")
	inc.Narrative[locale.Vietnamese] = norm.NFD.String(inc.Narrative[locale.Vietnamese])
	name := "Nguyễn Thị Ánh"
	d, err := notice.Compose(inc, notice.Recipient{Name: norm.NFD.String(name), Language: "vi"}, exposure.Assess(exposure.Of(exposure.Name)))
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.AppendText(nil))
	if !norm.NFC.IsNormalString(text) {
		t.Errorf("the notice is not in NFC")
	}
	if want := "Kính gửi Quý khách " + name + ","; !strings.Contains(text, want+"\n") {
		t.Errorf("the greeting is not %q:\n%s", want, text[:200])
	}
	if !strings.Contains(text, "Vào tháng 3 năm 2018, chúng tôi phát hiện") {
		t.Errorf("the Vietnamese narrative is missing or not in NFC")
	}
	// A Korean name stored as jamo (NFD Hangul has no combining mark) and
	// a compatibility ideograph are composed too.
	for _, name := range []string{"김민준", "金\uF900"} {
		d, err := notice.Compose(inc, notice.Recipient{Name: norm.NFD.String(name), Language: "ko"}, exposure.Assess(exposure.Of(exposure.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if text := string(d.AppendText(nil)); !norm.NFC.IsNormalString(text) || !strings.Contains(text, norm.NFC.String(name)) {
			t.Errorf("%q: the notice does not greet the name in NFC", name)
		}
	}
	var lc layoutChecker
	lc.check(t, text)
}
