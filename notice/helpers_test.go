package notice_test

import (
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/textwrap"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var composers = sync.OnceValue(func() map[string]*notice.Composer {
	m := map[string]*notice.Composer{}
	for _, name := range sample.Names() {
		c, err := notice.NewComposer(sample.MustIncident(name))
		if err != nil {
			panic(err)
		}
		m[name] = c
	}
	return m
})

func composer(name string) *notice.Composer { return composers()[name] }

// message formats catalog message id for tag, as a reader sees it.
func message(t testing.TB, tag language.Tag, id string, args ...locale.Arg) string {
	t.Helper()
	m, _, ok := notice.Catalog().Lookup(tag, id)
	if !ok {
		t.Fatalf("no message %q", id)
	}
	s, err := m.Format(args...)
	if err != nil {
		t.Fatalf("message %q: %v", id, err)
	}
	return s
}

// organisation returns the incident's name in tag, falling back as the
// notice does.
func organisation(inc notice.Incident, tag language.Tag) string {
	if tag == locale.Pseudo {
		return locale.Pseudolocalize(inc.Organisation[locale.English])
	}
	for t, ok := tag, true; ok; t, ok = locale.Fallback(t) {
		if s, found := inc.Organisation[t]; found {
			return s
		}
	}
	return inc.Organisation[locale.English]
}

// squash drops spaces and line breaks, which layout adds and removes, so
// that laid-out text compares with its source. Both are ASCII, so dropping
// bytes keeps the rest valid UTF-8.
func squash(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\n' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// section returns the plain-text lines under heading id (a line followed by
// its underline of "="), up to the next heading or the end.
func section(t testing.TB, text string, tag language.Tag, id string) []string {
	t.Helper()
	heading := message(t, tag, id)
	i := strings.Index(text, "\n"+heading+"\n=")
	if i < 0 {
		t.Fatalf("no heading %q in:\n%s", heading, text)
	}
	rest := text[i+1+len(heading)+1:]
	rest = rest[strings.IndexByte(rest, '\n')+1:] // the underline
	if j := strings.Index(rest, "\n="); j >= 0 {
		rest = rest[:strings.LastIndexByte(rest[:j], '\n')] // up to the next heading's line
	}
	return strings.Split(rest, "\n")
}

// items returns the list items of lines ("- " then "  " continuations),
// squashed.
func items(lines []string) []string {
	var out []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "- "):
			out = append(out, squash(l[2:]))
		case strings.HasPrefix(l, "  ") && len(out) > 0:
			out[len(out)-1] += squash(l)
		}
	}
	return out
}

// layoutChecker asserts DESIGN.md's plain-text rules, remembering lines it
// has passed: notices share most of their lines.
// thaiRunAt returns the run of Thai letters that s starts with (start) or
// ends with.
func thaiRunAt(s string, start bool) string {
	isThai := func(r rune) bool { return r >= 0x0e01 && r <= 0x0e5b }
	if start {
		end := strings.IndexFunc(s, func(r rune) bool { return !isThai(r) })
		if end < 0 {
			return s
		}
		return s[:end]
	}
	return s[strings.LastIndexFunc(s, func(r rune) bool { return !isThai(r) })+1:]
}

// wordBoundary reports whether byte offset off falls between two of words.
func wordBoundary(words []string, off int) bool {
	n := 0
	for _, w := range words {
		if n == off {
			return true
		}
		n += len(w)
	}
	return n == off
}

type layoutChecker struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (lc *layoutChecker) check(t testing.TB, text string) {
	t.Helper()
	if !strings.HasSuffix(text, "\n") {
		t.Fatalf("text does not end with a newline")
	}
	prev := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		// A line that continues a paragraph or list item must not start
		// with closing punctuation (a paragraph may: that is its text).
		if prev != "" && !strings.HasPrefix(line, "- ") {
			body := strings.TrimPrefix(line, "  ")
			if r, _ := utf8.DecodeRuneInString(body); strings.ContainsRune("、。，．：；？！）」』】》〉", r) {
				t.Fatalf("line %q starts with closing punctuation", line)
			}
			// Nor with a combining mark (Vietnamese, Thai) or a Thai
			// following vowel, nor inside a Thai word.
			if r, _ := utf8.DecodeRuneInString(body); unicode.Is(unicode.Mn, r) || strings.ContainsRune("ะาำๅๆฯ", r) {
				t.Fatalf("line %q starts with %q, which cannot start a line", line, r)
			}
			if tail, head := thaiRunAt(prev, false), thaiRunAt(body, true); tail != "" && head != "" {
				if !wordBoundary(textwrap.ThaiWords(tail+head), len(tail)) {
					t.Fatalf("lines %q and %q break inside a Thai word", prev, line)
				}
			}
		}
		prev = line
		lc.mu.Lock()
		ok := lc.seen[line]
		lc.mu.Unlock()
		if ok {
			continue
		}
		if w := textwrap.Width(line); w > 76 {
			t.Fatalf("line %q is %d columns wide", line, w)
		}
		if !utf8.ValidString(line) || strings.ContainsAny(line, "\r\t\v\f") {
			t.Fatalf("line %q has invalid or control characters", line)
		}
		if strings.HasSuffix(line, " ") {
			t.Fatalf("line %q ends with a space", line)
		}
		lc.mu.Lock()
		if lc.seen == nil {
			lc.seen = map[string]bool{}
		}
		lc.seen[line] = true
		lc.mu.Unlock()
	}
}

// wording holds one language's expected texts, squashed.
type wording struct {
	category   map[exposure.Category]string
	action     map[exposure.Action]string
	short      map[exposure.Action]string // the summary's form of a "now" action
	urgency    map[exposure.Urgency]string
	nothingNow string
}

func wordingFor(t testing.TB, tag language.Tag, org string) wording {
	w := wording{map[exposure.Category]string{}, map[exposure.Action]string{}, map[exposure.Action]string{},
		map[exposure.Urgency]string{}, squash(message(t, tag, "summary.nothing_now"))}
	orgArg := locale.Arg{Name: "organisation", Value: org}
	for _, c := range exposure.Categories() {
		w.category[c] = squash(message(t, tag, "category."+c.String()))
	}
	for _, a := range exposure.Actions() {
		w.action[a] = squash(message(t, tag, "action."+a.String(), orgArg))
		w.urgency[a.Urgency()] = squash(message(t, tag, "urgency."+a.Urgency().String()))
		if a.Urgency() == exposure.UrgencyNow {
			w.short[a] = squash(message(t, tag, "summary.action."+a.String(), orgArg))
		}
	}
	return w
}

// summary is what the summary must list: the categories, then "#" and the
// urgent heading followed by the short forms of the "now" actions, or "!"
// and the line that says nothing needs doing today.
func (w wording) summary(a exposure.Assessment) []string {
	want := w.section2(a.Exposed())
	n := len(want)
	for act := range a.Actions() {
		if act.Urgency() != exposure.UrgencyNow {
			break
		}
		if len(want) == n {
			want = append(want, "#"+w.urgency[exposure.UrgencyNow])
		}
		want = append(want, w.short[act])
	}
	if len(want) == n {
		want = append(want, "!"+w.nothingNow)
	}
	return want
}

// gotSummary reads the summary's plain-text lines the same way: the first
// block's items, then the second block as a heading and items, or as one
// paragraph.
func gotSummary(lines []string) []string {
	var out []string
	for i, block := range strings.Split(strings.Trim(strings.Join(lines, "\n"), "\n"), "\n\n") {
		first := strings.Index(block, "\n- ")
		switch {
		case i == 0 && first >= 0:
			out = append(out, items(strings.Split(block[first+1:], "\n"))...)
		case first >= 0:
			out = append(out, "#"+squash(block[:first]))
			out = append(out, items(strings.Split(block[first+1:], "\n"))...)
		default:
			out = append(out, "!"+squash(block))
		}
	}
	return out
}

// section2 is what section 2 must list for a set: the category labels.
func (w wording) section2(s exposure.Set) []string {
	want := make([]string, 0, s.Len())
	for c := range s.All() {
		want = append(want, w.category[c])
	}
	return want
}

// section4 is what section 4 must list: urgency headings (marked "#"),
// each followed by its actions' advice, in urgency order.
func (w wording) section4(a exposure.Assessment) []string {
	var want []string
	open := exposure.Urgency(0)
	for act := range a.Actions() {
		if act.Urgency() != open {
			open = act.Urgency()
			want = append(want, "#"+w.urgency[open])
		}
		want = append(want, w.action[act])
	}
	return want
}

// gotSection4 reads section 4 the same way. Blocks are separated by blank
// lines; in a block with list items, the lines before the first item are the
// group's heading (a block without items is the introduction).
func gotSection4(lines []string) []string {
	var out []string
	for block := range strings.SplitSeq(strings.Join(lines, "\n"), "\n\n") {
		first := strings.Index(block, "\n- ")
		if first < 0 {
			continue
		}
		out = append(out, "#"+squash(block[:first]))
		out = append(out, items(strings.Split(block[first+1:], "\n"))...)
	}
	return out
}
