package notice_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// sampleTally counts the seed incident's sample passengers (the file of
// examples/sample), as the policy with the incident's circumstances assesses
// them.
func sampleTally(t testing.TB) exposure.Tally {
	t.Helper()
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	var tally exposure.Tally
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		p, _, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tally.Add(policy.Assess(p.Exposed))
	}
	return tally
}

// tallyOf makes a tally with the given count of people per category, as a
// tally decoded from another process would be.
func tallyOf(t testing.TB, counts map[exposure.Category]int64) exposure.Tally {
	t.Helper()
	total := int64(0)
	cats := map[string]int64{}
	for c, n := range counts {
		cats[c.String()] = n
		total = max(total, n)
	}
	data, err := json.Marshal(map[string]any{"total": total, "tiers": map[string]int64{"none": total}, "categories": cats})
	if err != nil {
		t.Fatal(err)
	}
	var tally exposure.Tally
	if err := json.Unmarshal(data, &tally); err != nil {
		t.Fatal(err)
	}
	return tally
}

func pubMessage(t testing.TB, tag language.Tag, id string, args ...locale.Arg) string {
	t.Helper()
	cat := notice.PublicCatalog()
	if _, _, ok := cat.Lookup(tag, id); !ok {
		cat = notice.Catalog()
	}
	m, _, ok := cat.Lookup(tag, id)
	if !ok {
		t.Fatalf("no message %q", id)
	}
	s, err := m.Format(args...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPublicCatalogCheck requires the public page's wording to be complete
// in every language, with English's placeholders, and in NFC.
func TestPublicCatalogCheck(t *testing.T) {
	for _, p := range notice.PublicCatalog().Check() {
		t.Errorf("%v", p)
	}
	files, err := filepath.Glob("catalog/public/*.json")
	if err != nil || len(files) != len(locale.Supported())-1 {
		t.Fatalf("catalog/public has %d files, want one per supported language but en-XA: %v", len(files), err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormal(data) {
			t.Errorf("%s is not in NFC", f)
		}
	}
}

// goldenPages are the public pages pinned in golden files.
var goldenPages = []struct {
	file     string
	incident string
	opts     notice.PageOptions
	langs    []language.Tag // nil: every supported language
	tally    func(testing.TB) exposure.Tally
}{
	// The seed incident with its sample passengers' counts, told by email
	// or letter: the page of the "done when".
	{"public-seed", "seed", notice.PageOptions{Channels: []notice.Channel{notice.ChannelEmail, notice.ChannelLetter}}, nil, sampleTally},
	// The cards incident with counts rounded and small ones hidden, told by
	// email only: "about", "fewer than", the card and password questions.
	{"public-cards-rounded", "cards", notice.PageOptions{Rounding: notice.RoundAbout, Threshold: 10}, []language.Tag{locale.English, locale.Japanese, locale.French},
		func(t testing.TB) exposure.Tally {
			return tallyOf(t, map[exposure.Category]int64{exposure.Name: 48_213, exposure.Email: 48_213, exposure.Phone: 30_977,
				exposure.PostalAddress: 41_026, exposure.CardWithCVV: 12_345, exposure.Password: 7, exposure.CardExpired: 403})
		}},
}

// TestPublicGolden pins the public pages in golden files, text and HTML.
// Run with -update to rewrite them, then read every changed file as its
// reader would before committing it.
func TestPublicGolden(t *testing.T) {
	var lc layoutChecker
	for _, g := range goldenPages {
		inc := sample.MustIncident(g.incident)
		langs := g.langs
		if langs == nil {
			langs = locale.Supported()
		}
		tally := g.tally(t)
		for _, tag := range langs {
			opts := g.opts
			opts.Language = tag.String()
			opts.StylesheetURL = "/incident.css"
			p, err := notice.NewPublicPage(inc, tally, opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.Language() != tag {
				t.Errorf("page in %v, want %v", p.Language(), tag)
			}
			if fb := p.FellBack(); len(fb) > 0 {
				t.Errorf("%v: page fell back: %v", tag, fb)
			}
			lc.check(t, string(p.AppendText(nil)))
			checkPublicHTML(t, tag, p.AppendHTML(nil), true)
			base := filepath.Join("testdata", "golden", "public", g.file+"."+tag.String())
			compareGolden(t, base+".txt", p.AppendText(nil))
			compareGolden(t, base+".html", p.AppendHTML(nil))
		}
	}
}

// checkPublicHTML checks a page's structure: its root's lang, one h1 in
// one main, headings in order, hreflang alternates to every language and
// x-default, a switcher linking every language, no script, no inline
// handler or style attribute, and (linked) a stylesheet link rather than a
// <style> element.
func checkPublicHTML(t *testing.T, tag language.Tag, doc []byte, linked bool) {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var (
		lang                  string
		h1s, mains, styles    int
		level                 = 0
		alternates, switchers []string
		current               []string
	)
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("%v: <%s %s=%q>: no inline handlers or styles", tag, n.Data, a.Key, a.Val)
			}
		}
		switch n.DataAtom {
		case atom.Html:
			lang, _ = attr(n, "lang")
		case atom.Script, atom.Iframe, atom.Object, atom.Embed, atom.Img:
			t.Errorf("%v: a <%s> element", tag, n.Data)
		case atom.Style:
			styles++
		case atom.Main:
			mains++
		case atom.H1, atom.H2, atom.H3, atom.H4:
			l := int(n.Data[1] - '0')
			if l > level+1 {
				t.Errorf("%v: <%s> %q after a heading of level %d", tag, n.Data, textOf(n), level)
			}
			if l == 1 {
				h1s++
				if p := n.Parent; p == nil || p.DataAtom != atom.Main {
					t.Errorf("%v: the h1 is not in <main>", tag)
				}
			}
			level = l
		case atom.Link:
			if rel, _ := attr(n, "rel"); rel == "alternate" {
				hl, _ := attr(n, "hreflang")
				href, _ := attr(n, "href")
				alternates = append(alternates, hl+" "+href)
			}
		case atom.A:
			if hl, ok := attr(n, "hreflang"); ok {
				href, _ := attr(n, "href")
				switchers = append(switchers, hl+" "+href)
				if _, ok := attr(n, "aria-current"); ok {
					current = append(current, hl)
				}
				if l, _ := attr(n, "lang"); l != hl {
					t.Errorf("%v: the switcher's link to %s has lang %q", tag, hl, l)
				}
			}
		}
	}
	if lang != tag.String() {
		t.Errorf("<html lang=%q>, want %q", lang, tag)
	}
	if h1s != 1 || mains != 1 {
		t.Errorf("%v: %d h1 and %d main, want one each", tag, h1s, mains)
	}
	if linked && styles != 0 || !linked && styles != 1 {
		t.Errorf("%v: %d <style> elements (linked stylesheet: %t)", tag, styles, linked)
	}
	var want []string
	for _, l := range locale.Supported() {
		if l != locale.Pseudo {
			want = append(want, l.String()+" /incident/"+l.String())
		}
	}
	if diff := cmp.Diff(append(slices.Clone(want), "x-default /incident"), alternates); diff != "" {
		t.Errorf("%v: hreflang alternates (-want +got):\n%s", tag, diff)
	}
	if diff := cmp.Diff(want, switchers); diff != "" {
		t.Errorf("%v: language switcher (-want +got):\n%s", tag, diff)
	}
	if tag != locale.Pseudo && !slices.Equal(current, []string{tag.String()}) {
		t.Errorf("%v: the switcher marks %v as current", tag, current)
	}
}

// randomIncident is the seed incident exposing a random non-empty set of
// categories, with a random set of others it says were not exposed.
func randomIncident(r *rand.Rand) notice.Incident {
	inc := sample.MustIncident("seed")
	inc.Exposed, inc.NotExposed = exposure.Set{}, exposure.Set{}
	for _, c := range exposure.Categories() {
		switch r.IntN(4) {
		case 0:
			inc.Exposed = inc.Exposed.With(c)
		case 1:
			inc.NotExposed = inc.NotExposed.With(c)
		}
	}
	if inc.Exposed.IsEmpty() {
		inc.Exposed = exposure.Of(exposure.Name)
		inc.NotExposed = inc.NotExposed.Difference(exposure.Of(exposure.Name))
	}
	inc.SeparateFromOperations = r.IntN(2) == 0
	return inc
}

// involvedItems returns the list items of the page's "what was involved"
// section, as text.
func involvedItems(t *testing.T, doc []byte) []string {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range root.Descendants() {
		if n.DataAtom == atom.Ul && hasClass(n, "public-involved-counts") {
			for _, li := range elements(n) {
				out = append(out, textOf(li))
			}
		}
	}
	return out
}

// TestPublicPageListsExactlyTheExposed: over random incidents and tallies
// in every language, the page lists exactly the categories the incident
// exposed that someone lost, each with its count, in canonical order; and
// a tally counting a category the incident did not expose is refused.
func TestPublicPageListsExactlyTheExposed(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 1))
	tags := locale.Supported()
	for i := range 120 {
		inc := randomIncident(r)
		counts := map[exposure.Category]int64{}
		for c := range inc.Exposed.All() {
			if r.IntN(3) > 0 {
				counts[c] = []int64{0, 1, 2, r.Int64N(20_000_000)}[r.IntN(4)]
			}
		}
		tag := tags[i%len(tags)]
		p, err := notice.NewPublicPage(inc, tallyOf(t, counts), notice.PageOptions{Language: tag.String()})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, c := range exposure.Categories() {
			if counts[c] == 0 {
				continue
			}
			org := locale.Arg{Name: "organisation", Value: organisation(inc, tag)}
			id := "count.exact"
			if counts[c] == 1 {
				id = "count.one"
			}
			people := pubMessage(t, tag, id, locale.Arg{Name: "count", Value: locale.FormatCount(tag, counts[c])})
			want = append(want, squash(pubMessage(t, tag, "involved.item",
				locale.Arg{Name: "category", Value: pubMessage(t, tag, "category."+c.String(), org)}, locale.Arg{Name: "people", Value: people})))
		}
		if diff := cmp.Diff(want, involvedItems(t, p.AppendHTML(nil))); diff != "" {
			t.Fatalf("%v, exposed %v, counts %v: involved (-want +got):\n%s", tag, inc.Exposed, counts, diff)
		}

		// One more category, outside what the incident exposed.
		var outside []exposure.Category
		for _, c := range exposure.Categories() {
			if !inc.Exposed.Has(c) {
				outside = append(outside, c)
			}
		}
		if len(outside) > 0 {
			counts[outside[r.IntN(len(outside))]] = 1 + r.Int64N(1000)
			if _, err := notice.NewPublicPage(inc, tallyOf(t, counts), notice.PageOptions{Language: tag.String()}); !errors.Is(err, notice.ErrContradiction) {
				t.Fatalf("a tally counting a category the incident did not expose: %v, want ErrContradiction", err)
			}
		}
	}
}

// digitForms are the ways a page in any supported language may write n:
// plain digits and each language's FormatCount, and rounded to two
// figures.
func digitForms(n int64) []string {
	forms := []string{strconv.FormatInt(n, 10)}
	for _, tag := range locale.Supported() {
		forms = append(forms, locale.FormatCount(tag, n))
	}
	slices.Sort(forms)
	return slices.Compact(forms)
}

// containsNumber reports whether s holds form as a whole number: not
// preceded by a digit or a grouping separator, nor followed by a digit or
// by a separator and a digit.
// withoutNames returns s without white space and without the names of the
// incident's exposed categories: a name may hold digits of its own ("a 3-
// or 4-digit security code") that are not counts, and a name may be
// wrapped across lines in the text.
func withoutNames(t *testing.T, tag language.Tag, inc notice.Incident, s string) string {
	t.Helper()
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	s = squeeze(s)
	for c := range inc.Exposed.All() {
		s = strings.ReplaceAll(s, squeeze(pubMessage(t, tag, "category."+c.String())), "")
	}
	return s
}

func containsNumber(s, form string) bool {
	isSep := func(r rune) bool { return r == '.' || r == ',' || r == '\u202f' }
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' }
	for off := 0; ; {
		i := strings.Index(s[off:], form)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		rest := s[i+len(form):]
		after, size := utf8.DecodeRuneInString(rest)
		next, _ := utf8.DecodeRuneInString(rest[min(size, len(rest)):])
		if !isDigit(before) && !isSep(before) && !isDigit(after) && !(isSep(after) && isDigit(next)) {
			return true
		}
		off = i + 1
	}
}

// TestPublicPageHidesSmallCounts: a count below the threshold is never
// printed, in any digit form, in any language and rounding; and the page
// does not depend on it at all: any other count below the threshold (of a
// category, or of the people affected) gives the same bytes.
func TestPublicPageHidesSmallCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2))
	tags := locale.Supported()
	for i := range 120 {
		inc := randomIncident(r)
		threshold := 2 + r.Int64N(200)
		counts, other := map[exposure.Category]int64{}, map[exposure.Category]int64{}
		var small []int64
		for c := range inc.Exposed.All() {
			n := r.Int64N(threshold * 3)
			counts[c], other[c] = n, n
			if n > 0 && n < threshold {
				small = append(small, n)
				other[c] = 1 + r.Int64N(threshold-1)
			}
		}
		// The number of people affected is a count too.
		inc.Affected = 1 + r.Int64N(threshold*3)
		otherInc := inc
		if inc.Affected < threshold {
			otherInc.Affected = 1 + r.Int64N(threshold-1)
		}
		tag := tags[i%len(tags)]
		opts := notice.PageOptions{Language: tag.String(), Threshold: threshold, Rounding: notice.Rounding(r.IntN(2))}
		p, err := notice.NewPublicPage(inc, tallyOf(t, counts), opts)
		if err != nil {
			t.Fatal(err)
		}
		q, err := notice.NewPublicPage(otherInc, tallyOf(t, other), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p.AppendHTML(nil), q.AppendHTML(nil)) || !bytes.Equal(p.AppendText(nil), q.AppendText(nil)) {
			t.Fatalf("threshold %d: counts %v and %v, equal at and above it, give different pages", threshold, counts, other)
		}
		involved := strings.Join(involvedItems(t, p.AppendHTML(nil)), "\n")
		text := string(p.AppendText(nil))
		if i := strings.Index(text, "\n"+pubMessage(t, tag, "heading.involved")+"\n"); i >= 0 {
			text = text[i+1:]
			// Up to the next section: what was not involved, or what we
			// are doing.
			for _, next := range []string{"heading.not_involved", "heading.doing"} {
				if j := strings.Index(text, "\n"+pubMessage(t, tag, next)+"\n"); j >= 0 {
					text = text[:j]
					break
				}
			}
		} else {
			t.Fatalf("no heading %q", pubMessage(t, tag, "heading.involved"))
		}
		// A count at or above the threshold is shown, and so is its
		// rounded value: a small count equal to one of them is printed
		// for that other category, not for its own.
		shown := map[int64]bool{}
		for _, m := range counts {
			if m >= threshold {
				shown[m] = true
				p := int64(1)
				for m/p >= 100 {
					p *= 10
				}
				shown[(m+p/2)/p*p] = true
			}
		}
		involved, text = withoutNames(t, tag, inc, involved), withoutNames(t, tag, inc, text)
		for _, n := range small {
			if shown[n] {
				continue
			}
			for _, form := range digitForms(n) {
				if containsNumber(involved, form) || containsNumber(text, form) {
					t.Fatalf("%v, threshold %d: the count %d is printed (as %q):\n%s\n%s", tag, threshold, n, form, involved, text)
				}
			}
		}
	}
}

// TestPublicPageCounts pins how counts are written: exact, rounded to two
// figures with "about" (not when rounding changes nothing), and hidden.
func TestPublicPageCounts(t *testing.T) {
	inc := sample.MustIncident("seed")
	tally := tallyOf(t, map[exposure.Category]int64{exposure.Name: 9_412_345, exposure.CardExpired: 403, exposure.CardWithoutCVV: 27, exposure.Email: 3})
	// The items in the page's order; each is the category's name (from the
	// catalog: its wording is not what this test is about), the language's
	// separator and the count as written here.
	order := []exposure.Category{exposure.Name, exposure.Email, exposure.CardExpired, exposure.CardWithoutCVV}
	for _, tc := range []struct {
		opts   notice.PageOptions
		sep    string
		counts []string
	}{
		{notice.PageOptions{}, ": ", []string{"9,412,345 people", "3 people", "403 people", "27 people"}},
		{notice.PageOptions{Rounding: notice.RoundAbout}, ": ", []string{"about 9,400,000 people", "3 people", "about 400 people", "27 people"}},
		{notice.PageOptions{Rounding: notice.RoundAbout, Threshold: 30}, ": ", []string{"about 9,400,000 people", "fewer than 30 people", "about 400 people", "fewer than 30 people"}},
		{notice.PageOptions{Language: "ja", Rounding: notice.RoundAbout, Threshold: 30}, "：", []string{"約940万名", "30名未満", "約400名", "30名未満"}},
	} {
		p, err := notice.NewPublicPage(inc, tally, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		tag := language.English
		if tc.opts.Language != "" {
			tag = language.Make(tc.opts.Language)
		}
		var want []string
		for i, c := range order {
			want = append(want, squash(pubMessage(t, tag, "category."+c.String())+tc.sep+tc.counts[i]))
		}
		if diff := cmp.Diff(want, involvedItems(t, p.AppendHTML(nil))); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.opts, diff)
		}
	}
}

// TestPublicPageQuestions: the card question only when a card number was
// involved; the password question answered from the data, and absent when
// the incident says nothing of passwords; the operations question only
// when the incident states the separation.
func TestPublicPageQuestions(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	cards := exposure.Of(exposure.CardExpired, exposure.CardWithoutCVV, exposure.CardWithCVV, exposure.CardPIN)
	passwords := exposure.Of(exposure.Password, exposure.PasswordHash)
	for range 100 {
		inc := randomIncident(r)
		counts := map[exposure.Category]int64{}
		var counted exposure.Set
		for c := range inc.Exposed.All() {
			if r.IntN(2) == 0 {
				counts[c] = 1 + r.Int64N(100)
				counted = counted.With(c)
			}
		}
		p, err := notice.NewPublicPage(inc, tallyOf(t, counts), notice.PageOptions{})
		if err != nil {
			t.Fatal(err)
		}
		text := squash(string(p.AppendText(nil)))
		has := func(id string) bool { return strings.Contains(text, squash(pubMessage(t, locale.English, id))) }
		checks := []struct {
			id   string
			want bool
		}{
			{"qa.affected.q", true},
			{"qa.card.q", !counted.Intersect(cards).IsEmpty()},
			{"qa.card.no_cvv", !counted.Intersect(cards).IsEmpty() && inc.NotExposed.Has(exposure.CardWithCVV)},
			{"qa.password.q", !counted.Intersect(passwords).IsEmpty() || inc.NotExposed.Has(exposure.Password)},
			{"qa.password.yes", !counted.Intersect(passwords).IsEmpty()},
			{"qa.password.no", counted.Intersect(passwords).IsEmpty() && inc.NotExposed.Has(exposure.Password)},
			{"qa.operations.q", inc.SeparateFromOperations},
		}
		for _, c := range checks {
			if has(c.id) != c.want {
				t.Fatalf("exposed %v, counted %v, not exposed %v: %s shown %t, want %t", inc.Exposed, counted, inc.NotExposed, c.id, !c.want, c.want)
			}
		}
	}
}

// TestPublicPageActions: the page's advice is the union of the actions
// for the categories it lists, each action once.
func TestPublicPageActions(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 4))
	for range 60 {
		inc := randomIncident(r)
		counts := map[exposure.Category]int64{}
		var counted exposure.Set
		for c := range inc.Exposed.All() {
			counts[c] = 1 + r.Int64N(100)
			counted = counted.With(c)
		}
		p, err := notice.NewPublicPage(inc, tallyOf(t, counts), notice.PageOptions{})
		if err != nil {
			t.Fatal(err)
		}
		policy, err := sample.Policy(inc)
		if err != nil {
			t.Fatal(err)
		}
		want := map[exposure.Action]bool{}
		for a := range policy.Assess(counted).Actions() {
			want[a] = true
		}
		for c := range counted.All() {
			for a := range policy.Assess(exposure.Of(c)).Actions() {
				want[a] = true
			}
		}
		root, err := html.Parse(bytes.NewReader(p.AppendHTML(nil)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for n := range root.Descendants() {
			if n.DataAtom == atom.Ul && hasClass(n, "public-actions") {
				for _, li := range elements(n) {
					got = append(got, textOf(li))
				}
			}
		}
		var wantTexts []string
		for _, a := range exposure.Actions() {
			if want[a] {
				wantTexts = append(wantTexts, squash(pubMessage(t, locale.English, "action."+a.String(),
					locale.Arg{Name: "organisation", Value: organisation(inc, locale.English)})))
			}
		}
		slices.Sort(got)
		slices.Sort(wantTexts)
		if diff := cmp.Diff(wantTexts, got); diff != "" {
			t.Fatalf("exposed %v: actions (-want +got):\n%s", counted, diff)
		}
	}
}

func TestPublicPageRefuses(t *testing.T) {
	inc := sample.MustIncident("seed")
	tally := tallyOf(t, map[exposure.Category]int64{exposure.Name: 5})
	for _, tc := range []struct {
		name string
		inc  notice.Incident
		opts notice.PageOptions
		want error
	}{
		{"negative threshold", inc, notice.PageOptions{Threshold: -1}, notice.ErrInvalidPageOptions},
		{"unknown rounding", inc, notice.PageOptions{Rounding: 7}, notice.ErrInvalidPageOptions},
		{"unknown channel", inc, notice.PageOptions{Channels: []notice.Channel{9}}, notice.ErrInvalidPageOptions},
		{"bad date", inc, notice.PageOptions{Updated: locale.Date{Year: 2020, Month: 13}}, notice.ErrInvalidPageOptions},
		{"language address without {lang}", inc, notice.PageOptions{LanguageURL: "/incident/"}, notice.ErrInvalidPageOptions},
		{"address with a quote", inc, notice.PageOptions{StylesheetURL: `/a".css`}, notice.ErrInvalidPageOptions},
		{"script address", inc, notice.PageOptions{XDefaultURL: "javascript:alert(1)"}, notice.ErrInvalidPageOptions},
		{"invalid incident", notice.Incident{}, notice.PageOptions{}, notice.ErrInvalidIncident},
	} {
		if _, err := notice.NewPublicPage(tc.inc, tally, tc.opts); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestPublicPageHTML checks every language's page with its stylesheet
// inline, and that the options' addresses are used and escaped.
func TestPublicPageHTML(t *testing.T) {
	inc := sample.MustIncident("seed")
	for _, tag := range locale.Supported() {
		p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{Language: tag.String()})
		if err != nil {
			t.Fatal(err)
		}
		doc := p.AppendHTML(nil)
		checkPublicHTML(t, tag, doc, false)
		if !bytes.Contains(doc, []byte(notice.Stylesheet+notice.PublicStylesheet)) {
			t.Errorf("%v: the inline stylesheet is not the notice's with the page's", tag)
		}
		var buf bytes.Buffer
		if err := p.WriteHTML(&buf); err != nil || !bytes.Equal(buf.Bytes(), doc) {
			t.Errorf("%v: WriteHTML differs from AppendHTML (%v)", tag, err)
		}
		buf.Reset()
		if err := p.WriteText(&buf); err != nil || !bytes.Equal(buf.Bytes(), p.AppendText(nil)) {
			t.Errorf("%v: WriteText differs from AppendText (%v)", tag, err)
		}
	}
	p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{LanguageURL: "https://example.com/breach?l={lang}&x=1", XDefaultURL: "https://example.com/breach"})
	if err != nil {
		t.Fatal(err)
	}
	if doc := string(p.AppendHTML(nil)); !strings.Contains(doc, `hreflang="ja" href="https://example.com/breach?l=ja&amp;x=1"`) ||
		!strings.Contains(doc, `hreflang="x-default" href="https://example.com/breach"`) {
		t.Errorf("the addresses of the options are not used, escaped:\n%s", doc)
	}
}

// TestPublicPageNegotiates: a page's language is negotiated from an
// Accept-Language value, and the updates' date stamps the page.
func TestPublicPageNegotiates(t *testing.T) {
	inc := sample.MustIncident("seed")
	for lang, want := range map[string]language.Tag{"": locale.English, "zh-HK,zh;q=0.9": locale.ChineseHK, "ja-JP": locale.Japanese, "xx": locale.English} {
		p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{Language: lang})
		if err != nil {
			t.Fatal(err)
		}
		if p.Language() != want {
			t.Errorf("%q: page in %v, want %v", lang, p.Language(), want)
		}
	}
	p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last := inc.Updates[len(inc.Updates)-1].Date
	if want := pubMessage(t, locale.English, "updated", locale.Arg{Name: "date", Value: locale.FormatDate(locale.English, last)}); !strings.Contains(string(p.AppendText(nil)), want) {
		t.Errorf("the page is not stamped %q", want)
	}
	inc.Updates = nil
	p, err = notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{Updated: locale.Day(2021, 1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if text := string(p.AppendText(nil)); !strings.Contains(text, "Last updated: 2 January 2021") || strings.Contains(text, pubMessage(t, locale.English, "heading.updates")+"\n") {
		t.Errorf("the page's stamp or its updates section:\n%s", text)
	}
}

// TestPublicPageFallsBack: an incident text a language lacks is reported.
func TestPublicPageFallsBack(t *testing.T) {
	inc := sample.MustIncident("seed")
	delete(inc.Updates[0].Text, locale.Korean)
	p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{Language: "ko"})
	if err != nil {
		t.Fatal(err)
	}
	want := []notice.Fallback{{ID: "Updates[0]", Language: locale.English}}
	if diff := cmp.Diff(want, p.FellBack(), cmp.Comparer(func(a, b language.Tag) bool { return a == b })); diff != "" {
		t.Errorf("FellBack (-want +got):\n%s", diff)
	}
}

// TestPublicPageMarksFallbackLanguage: a paragraph shown in English inside
// a Japanese page says so with its own lang (WCAG 2.1 SC 3.1.2), so that a
// screen reader reads it as English; the Japanese ones carry none.
func TestPublicPageMarksFallbackLanguage(t *testing.T) {
	inc := sample.MustIncident("seed")
	delete(inc.Narrative, locale.Japanese)
	p, err := notice.NewPublicPage(inc, sampleTally(t), notice.PageOptions{Language: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(p.AppendHTML(nil)))
	if err != nil {
		t.Fatal(err)
	}
	var english []string
	for n := range root.Descendants() {
		// The text of the page (not the language switcher, whose names
		// are each in their own language).
		text := n.DataAtom == atom.P || n.DataAtom == atom.Li || n.DataAtom == atom.H2 || n.DataAtom == atom.H3
		if lang, ok := attr(n, "lang"); ok && text && !hasClass(n.Parent.Parent, "public-languages") {
			if lang != "en" {
				t.Errorf("<%s lang=%q> in a Japanese page", n.Data, lang)
			}
			english = append(english, textOf(n))
		}
	}
	var want []string
	for para := range strings.SplitSeq(inc.Narrative[locale.English], "\n") {
		if para = strings.TrimSpace(para); para != "" {
			want = append(want, squash(para))
		}
	}
	if diff := cmp.Diff(want, english); diff != "" {
		t.Errorf("the elements marked lang=en (-want +got):\n%s", diff)
	}
}

func BenchmarkNewPublicPage(b *testing.B) {
	inc := sample.MustIncident("seed")
	tally := sampleTally(b)
	for _, tag := range []language.Tag{locale.English, locale.Japanese, locale.Thai} {
		b.Run(tag.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := notice.NewPublicPage(inc, tally, notice.PageOptions{Language: tag.String()}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPublicPageWriteHTML(b *testing.B) {
	p, err := notice.NewPublicPage(sample.MustIncident("seed"), sampleTally(b), notice.PageOptions{Language: "ja"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := p.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func TestContainsNumber(t *testing.T) {
	for _, tc := range []struct {
		s, form string
		want    bool
	}{
		{"fewer than 10 people", "1", false},
		{"fewer than 10 people", "10", true},
		{"about 9,400 people", "400", false},
		{"about 9,400 people", "9", false},
		{"9 people.", "9", true},
		{"2018年10月24日", "24", true},
		{"2018", "18", false},
		{"1.5", "1", false},
	} {
		if got := containsNumber(tc.s, tc.form); got != tc.want {
			t.Errorf("containsNumber(%q, %q) = %t", tc.s, tc.form, got)
		}
	}
}
