package notice_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// allSets returns every subset of s, the empty set first.
func allSets(s exposure.Set) []exposure.Set {
	cats := slices.Collect(s.All())
	sets := make([]exposure.Set, 0, 1<<len(cats))
	for mask := range 1 << len(cats) {
		var sub exposure.Set
		for i, c := range cats {
			if mask&(1<<i) != 0 {
				sub = sub.With(c)
			}
		}
		sets = append(sets, sub)
	}
	return sets
}

// TestTextProperties composes, for every language and every one of the
// 32,768 sets the cards incident can expose, the plain-text notice, and
// checks: section 2 lists exactly the exposed categories, in order; section
// 4 lists every action of the assessment in urgency order under its
// urgency's heading; every line keeps the layout rules.
func TestTextProperties(t *testing.T) {
	inc := sample.MustIncident("cards")
	c := composer("cards")
	sets := allSets(inc.Exposed)[1:] // the empty set owes no notice
	var lc layoutChecker
	for _, tag := range locale.Supported() {
		t.Run(tag.String(), func(t *testing.T) {
			t.Parallel()
			w := wordingFor(t, tag, organisation(inc, tag))
			var buf []byte
			for _, s := range sets {
				a := exposure.Assess(s)
				d, err := c.Compose(notice.Recipient{Name: "Chan Tai Man", Language: tag.String()}, a)
				if err != nil {
					t.Fatalf("Compose(%v): %v", s, err)
				}
				if d.Language() != tag {
					t.Fatalf("language %v, want %v", d.Language(), tag)
				}
				buf = d.AppendText(buf[:0])
				text := string(buf)
				lc.check(t, text)

				got2 := items(section(t, text, tag, "heading.what_information"))
				if want2 := w.section2(s); !slices.Equal(got2, want2) {
					t.Fatalf("%v: section 2 mismatch (-want +got):\n%s", s, cmp.Diff(want2, got2))
				}
				got4 := gotSection4(section(t, text, tag, "heading.what_you_can_do"))
				if want4 := w.section4(a); !slices.Equal(got4, want4) {
					t.Fatalf("%v: section 4 mismatch (-want +got):\n%s", s, cmp.Diff(want4, got4))
				}
			}
		})
	}
}
