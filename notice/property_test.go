package notice_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// sampleSets returns non-empty subsets of s to check notices over, without
// enumerating all 2^n of them: every category alone, s itself, every pair
// that includes one of a few categories, and n seeded random subsets of
// every density. The same seed gives the same sets.
func sampleSets(s exposure.Set, n int, seed uint64) []exposure.Set {
	cats := slices.Collect(s.All())
	var sets []exposure.Set
	for i, c := range cats {
		sets = append(sets, exposure.Of(c))
		if i%5 == 0 { // pairs with every fifth category: each category's neighbours in section 2
			for _, d := range cats {
				if d != c {
					sets = append(sets, exposure.Of(c, d))
				}
			}
		}
	}
	sets = append(sets, s)
	rng := rand.New(rand.NewPCG(seed, uint64(len(cats))))
	for range n {
		density := rng.Float64()
		var sub exposure.Set
		for _, c := range cats {
			if rng.Float64() < density {
				sub = sub.With(c)
			}
		}
		if sub.IsEmpty() {
			sub = exposure.Of(cats[rng.IntN(len(cats))])
		}
		sets = append(sets, sub)
	}
	return sets
}

// TestTextProperties composes, for every language, the plain-text notice of
// a sample of the sets the cards incident (which exposed every category) can
// expose (sampleSets: every category alone, many pairs, the full set and
// 1,500 random sets; enumerating all 2^44 is out of the question, and the
// 2^15 of the seed's categories took 40 s), and checks: the summary comes
// before section 1 and lists exactly the exposed categories and the short
// forms of the "now" actions (or says that nothing needs doing today);
// section 2 lists exactly the exposed categories, in order; section 4 lists
// every action of the assessment in urgency order under its urgency's
// heading; every line keeps the layout rules.
func TestTextProperties(t *testing.T) {
	inc := sample.MustIncident("cards")
	c := composer("cards")
	sets := sampleSets(inc.Exposed, 1500, 1)
	var lc layoutChecker
	for _, tag := range locale.Supported() {
		t.Run(tag.String(), func(t *testing.T) {
			t.Parallel()
			w := wordingFor(t, tag, organisation(inc, tag))
			summaryHeading, happenedHeading := message(t, tag, "heading.summary"), message(t, tag, "heading.what_happened")
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

				// The summary comes first and names exactly this recipient's
				// categories and "now" actions.
				gotS := gotSummary(section(t, text, tag, "heading.summary"))
				if wantS := w.summary(a); !slices.Equal(gotS, wantS) {
					t.Fatalf("%v: summary mismatch (-want +got):\n%s", s, cmp.Diff(wantS, gotS))
				}
				if strings.Index(text, "\n"+summaryHeading+"\n") > strings.Index(text, "\n"+happenedHeading+"\n") {
					t.Fatalf("%v: the summary does not precede %q", s, happenedHeading)
				}
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
