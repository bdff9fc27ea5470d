package duty_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/exposure/duty"
)

// places are the research's jurisdictions, a US state of the majority rule
// and of each deadline group, and a jurisdiction no rule covers.
var places = []string{"HK", "CN", "TW", "JP", "KR", "SG", "AU", "GB", "DE", "FR", "CA",
	"US-CA", "US-NY", "US-TX", "US-FL", "US-IL", "US-CO", "US-AZ", "US-CT", "US-VT", "BR"}

func randomSet(r *rand.Rand) exposure.Set {
	var s exposure.Set
	for n := r.IntN(5); n >= 0; n-- {
		s = s.With(exposure.Category(1 + r.IntN(exposure.NumCategories)))
	}
	return s
}

func randomPeople(r *rand.Rand, n int) []duty.Person {
	ps := make([]duty.Person, n)
	for i := range ps {
		s := randomSet(r)
		ps[i] = duty.Person{Jurisdiction: places[r.IntN(len(places))], Exposed: s, Tier: exposure.Assess(s).Tier()}
	}
	return ps
}

func results(rs *duty.Rules, f duty.Facts, p duty.Person) map[string]duty.Result {
	c := rs.NewCounter(f)
	c.Add(p)
	out := map[string]duty.Result{}
	for _, d := range c.Plan(time.Time{}).Duties {
		out[d.Rule] = d.Result
	}
	return out
}

// Adding a category to a person never turns a required duty into one not
// required, whatever the incident's facts.
func TestMoreExposureNeverRemovesADuty(t *testing.T) {
	rs := duty.Default()
	r := rand.New(rand.NewPCG(1, 2))
	for _, f := range []duty.Facts{{AwareAt: aware}, {AwareAt: aware, Malicious: true}, {AwareAt: aware, Unintelligible: true}} {
		for range 300 {
			p := randomPeople(r, 1)[0]
			before := results(rs, f, p)
			c := exposure.Category(1 + r.IntN(exposure.NumCategories))
			q := p
			q.Exposed = p.Exposed.With(c)
			q.Tier = exposure.Assess(q.Exposed).Tier()
			after := results(rs, f, q)
			for rule, was := range before {
				if was == duty.Required && after[rule] != duty.Required {
					t.Errorf("%s %v + %v (facts %+v): %s went from required to %v", p.Jurisdiction, p.Exposed, c, f, rule, after[rule])
				}
			}
		}
	}
}

func plan(rs *duty.Rules, f duty.Facts, people ...[]duty.Person) *duty.Counter {
	c := rs.NewCounter(f)
	for _, ps := range people {
		for _, p := range ps {
			c.Add(p)
		}
	}
	return c
}

// Merging counters in any order gives the plan of one counter that saw
// everyone, in any order; and a plan is the same every time.
func TestMergeOrderAndDeterminism(t *testing.T) {
	rs := duty.Default()
	f := duty.Facts{AwareAt: aware, Malicious: true, Affected: 2000}
	r := rand.New(rand.NewPCG(3, 4))
	people := randomPeople(r, 900)
	a, b, c := people[:300], people[300:600], people[600:]
	want := plan(rs, f, people).Plan(time.Time{})

	orders := [][]int{{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}
	for _, order := range orders {
		parts := []*duty.Counter{plan(rs, f, a), plan(rs, f, b), plan(rs, f, c)}
		total := rs.NewCounter(f)
		for _, i := range order {
			if err := total.Merge(parts[i]); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(want, total.Plan(time.Time{})); diff != "" {
			t.Errorf("merge order %v: mismatch (-want +got):\n%s", order, diff)
		}
	}
	shuffled := slices.Clone(people)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if diff := cmp.Diff(want, plan(rs, f, shuffled).Plan(time.Time{})); diff != "" {
		t.Errorf("shuffled people: mismatch (-want +got):\n%s", diff)
	}
	if len(want.Duties) == 0 {
		t.Fatal("an empty plan proves nothing")
	}
}

func TestMergeRefusesOtherRules(t *testing.T) {
	other, err := duty.NewRules(duty.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	a, b := duty.Default().NewCounter(duty.Facts{}), other.NewCounter(duty.Facts{})
	if err := a.Merge(b); err != duty.ErrMismatch {
		t.Errorf("Merge of counters of different Rules: %v, want ErrMismatch", err)
	}
}

func TestAddDoesNotAllocate(t *testing.T) {
	c := duty.Default().NewCounter(duty.Facts{AwareAt: aware, Malicious: true})
	people := randomPeople(rand.New(rand.NewPCG(5, 6)), 64)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		c.Add(people[i%len(people)])
		i++
	})
	if allocs != 0 {
		t.Errorf("Counter.Add: %v allocations, want 0", allocs)
	}
}

// Every jurisdiction with people counted is in the plan: with duties, or
// listed as uncovered with exactly the people counted there; never both,
// never neither.
func TestPlanLeavesNoJurisdictionOut(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	people := randomPeople(r, 600)
	for _, j := range []string{"ID", "TH", "TH", "NZ", "US-WY", "", "Japan"} { // no rules, and unplaced
		people = append(people, person(j, exposure.Name, exposure.PassportNumber))
	}
	c := duty.Default().NewCounter(duty.Facts{AwareAt: aware, Malicious: true})
	residents := map[string]int64{}
	var unplaced int64
	for _, p := range people {
		c.Add(p)
		if len(p.Jurisdiction) == 2 || strings.HasPrefix(p.Jurisdiction, "US-") {
			residents[p.Jurisdiction]++
		} else {
			unplaced++
		}
	}
	p := c.Plan(aware)
	withDuties := map[string]bool{}
	for _, d := range p.Duties {
		withDuties[d.Jurisdiction] = true
	}
	uncovered := map[string]int64{}
	for _, u := range p.Uncovered {
		if withDuties[u.Jurisdiction] {
			t.Errorf("%s has duties and is listed as uncovered", u.Jurisdiction)
		}
		uncovered[u.Jurisdiction] = u.People
	}
	for j, n := range residents {
		if !withDuties[j] && uncovered[j] != n {
			t.Errorf("%s: %d people, no duties, listed as uncovered with %d", j, n, uncovered[j])
		}
	}
	// The research covers none of these: the test names them, not the code.
	for _, j := range []string{"BR", "ID", "TH", "NZ"} {
		if withDuties[j] || uncovered[j] == 0 {
			t.Errorf("%s: want it uncovered, with people", j)
		}
	}
	if p.Unplaced != unplaced {
		t.Errorf("unplaced %d, want %d", p.Unplaced, unplaced)
	}
	if !slices.IsSortedFunc(p.Uncovered, func(a, b duty.Uncovered) int { return strings.Compare(a.Jurisdiction, b.Jurisdiction) }) {
		t.Errorf("uncovered not sorted by jurisdiction: %v", p.Uncovered)
	}
}
