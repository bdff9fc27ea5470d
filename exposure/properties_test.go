package exposure_test

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/breachkit/breachkit/exposure"
)

// The properties: Assess agrees with a naive reading of the rule table, is
// deterministic, and is monotone: adding a category never lowers the tier or
// SE and never removes an action or a fired rule. The rule language makes
// monotonicity structural (see the comment on effects in policy.go); these
// tests check that the compiled engine keeps it, without enumerating 2^n
// sets: every rule's minimal sets, every pair of categories, every set of the
// seed's 15 categories, a large seeded random sample, random policies, and
// FuzzAssess.

type namedPolicy struct {
	name   string
	policy *exposure.Policy
}

func testPolicies() []namedPolicy {
	return []namedPolicy{{"default", exposure.DefaultPolicy()}, {"custom", customPolicy()}}
}

// checker compares Assess with the naive evaluator and checks monotonicity.
type checker struct {
	t testing.TB
	p *exposure.Policy
	n naive
}

func newChecker(t testing.TB, p *exposure.Policy) checker { return checker{t, p, newNaive(p)} }

// agrees checks that Assess(s) is what the naive evaluator says, and returns it.
func (c checker) agrees(s exposure.Set) exposure.Assessment {
	c.t.Helper()
	a := c.p.Assess(s)
	if want, got := c.n.assess(s), resultOf(a); !want.equal(got) {
		// cmp.Diff only on failure: it is slow over many sets.
		c.t.Fatalf("Assess(%v) disagrees with the naive evaluation (-naive +got):\n%s", s,
			cmp.Diff(want, got, cmpopts.EquateEmpty()))
	}
	if a.Exposed() != s || (a.Tier() == exposure.TierNone) != s.IsEmpty() {
		c.t.Fatalf("Assess(%v): exposed %v, tier %v", s, a.Exposed(), a.Tier())
	}
	return a
}

// grows checks that b, the assessment of a larger set, says no less than a.
// (It is called millions of times: no t.Helper, which is slow.)
func (c checker) grows(a, b exposure.Assessment) {
	if !a.Exposed().SubsetOf(b.Exposed()) {
		c.t.Fatalf("grows(%v, %v): not a larger set", a.Exposed(), b.Exposed())
	}
	if b.Tier() < a.Tier() || b.Score().SE < a.Score().SE {
		c.t.Fatalf("exposing %v as well lowered %v to %v", b.Exposed().Difference(a.Exposed()), a, b)
	}
	if exposure.ActionBits(a)&^exposure.ActionBits(b) != 0 {
		c.t.Fatalf("exposing %v as well removed actions: %v then %v", b.Exposed().Difference(a.Exposed()), actionsOf(a), actionsOf(b))
	}
	fa, fb := exposure.FiredBits(a), exposure.FiredBits(b)
	if fa[0]&^fb[0] != 0 || fa[1]&^fb[1] != 0 {
		c.t.Fatalf("exposing %v as well unfired rules: %v then %v", b.Exposed().Difference(a.Exposed()), rulesOf(a), rulesOf(b))
	}
	if a.NeedsReview() && !b.NeedsReview() {
		c.t.Fatalf("exposing %v as well cleared the review flag", b.Exposed().Difference(a.Exposed()))
	}
}

// growsByOne checks s against s plus each category it lacks.
func (c checker) growsByOne(s exposure.Set, a exposure.Assessment) {
	for _, cat := range exposure.Categories() {
		if !s.Has(cat) {
			c.grows(a, c.p.Assess(s.With(cat)))
		}
	}
}

// TestAssessSeedSets checks every one of the 2^15 sets of the seed's
// categories, for the default and a custom policy: agreement with the naive
// evaluator, determinism, and monotonicity against every category (of all of
// them) added; and JSON round trips of every 7th set (encoding/json is slow,
// and the round trip does not depend on which set it is).
func TestAssessSeedSets(t *testing.T) {
	sets := seedSets()
	for _, tp := range testPolicies() {
		t.Run(tp.name, func(t *testing.T) {
			t.Parallel()
			c := newChecker(t, tp.policy)
			for i, s := range sets {
				a := c.agrees(s)
				if again := tp.policy.Assess(s); again != a {
					t.Fatalf("Assess(%v) not deterministic: %v then %v", s, a, again)
				}
				if i%7 == 0 {
					checkJSONRoundTrip(t, a)
				}
				c.growsByOne(s, a)
			}
		})
	}
}

// TestAssessRulesAndPairs checks, for every rule, the sets that just make it
// fire and those one category short of it; and every set of one or two
// categories, with every third category added.
func TestAssessRulesAndPairs(t *testing.T) {
	all := exposure.Categories()
	for _, tp := range testPolicies() {
		t.Run(tp.name, func(t *testing.T) {
			t.Parallel()
			c := newChecker(t, tp.policy)
			for i, r := range tp.policy.Rules() {
				// The minimal sets that make r fire: all of AllOf, and one of AnyOf.
				witnesses := []exposure.Set{exposure.Of(r.When.AllOf...)}
				if len(r.When.AnyOf) > 0 {
					witnesses = witnesses[:0]
					for _, any := range r.When.AnyOf {
						witnesses = append(witnesses, exposure.Of(r.When.AllOf...).With(any))
					}
				}
				for _, w := range witnesses {
					if !firedRule(c.agrees(w), i) {
						t.Fatalf("rule %s did not fire for %v", r.ID, w)
					}
					// One required category short: the rule must not fire, unless
					// what is left still satisfies the condition.
					for cat := range w.All() {
						short := w.Difference(exposure.Of(cat))
						if firedRule(c.agrees(short), i) != naiveHolds(r, short) {
							t.Fatalf("rule %s fired for %v: %v", r.ID, short, rulesOf(tp.policy.Assess(short)))
						}
					}
				}
			}
			for i, x := range all {
				one := exposure.Of(x)
				c.growsByOne(one, c.agrees(one))
				checkJSONRoundTrip(t, c.p.Assess(one))
				for _, y := range all[i+1:] {
					pair := one.With(y)
					c.grows(c.p.Assess(one), c.agrees(pair))
					c.growsByOne(pair, c.p.Assess(pair))
					checkJSONRoundTrip(t, c.p.Assess(pair))
				}
			}
		})
	}
}

func firedRule(a exposure.Assessment, i int) bool {
	f := exposure.FiredBits(a)
	return f[i/64]&(1<<(i%64)) != 0
}

func naiveHolds(r exposure.Rule, s exposure.Set) bool {
	for _, c := range r.When.AllOf {
		if !s.Has(c) {
			return false
		}
	}
	if len(r.When.AnyOf) == 0 {
		return true
	}
	for _, c := range r.When.AnyOf {
		if s.Has(c) {
			return true
		}
	}
	return false
}

// randomSet returns a set of about density × NumCategories categories.
func randomSet(rng *rand.Rand, density float64) exposure.Set {
	var s exposure.Set
	for _, c := range exposure.Categories() {
		if rng.Float64() < density {
			s = s.With(c)
		}
	}
	return s
}

// TestAssessRandomSample checks a large seeded sample of sets of every size:
// agreement with the naive evaluator, and monotonicity along growing chains
// (each set against the next, which has one to three categories more).
func TestAssessRandomSample(t *testing.T) {
	n := 50_000
	if testing.Short() {
		n = 2_000
	}
	for _, tp := range testPolicies() {
		t.Run(tp.name, func(t *testing.T) {
			t.Parallel()
			c := newChecker(t, tp.policy)
			rng := rand.New(rand.NewPCG(9, 2026))
			for range n {
				s := randomSet(rng, rng.Float64())
				a := c.agrees(s)
				for s != exposure.AllCategories() {
					next := s
					for range 1 + rng.IntN(3) {
						next = next.With(exposure.Category(1 + rng.IntN(exposure.NumCategories)))
					}
					b := c.p.Assess(next)
					c.grows(a, b)
					s, a = next, b
					if rng.IntN(4) == 0 {
						break // chains of every length, most of them short
					}
				}
			}
		})
	}
}

// randomPolicy builds a valid rule table of random conditions and effects:
// the kind of table a user may write. Two base rules cover every category.
func randomPolicy(rng *rand.Rand) *exposure.Policy {
	all := exposure.Categories()
	pick := func(max int) []exposure.Category {
		cs := make([]exposure.Category, rng.IntN(max+1))
		for i := range cs {
			cs[i] = all[rng.IntN(len(all))]
		}
		return cs
	}
	rules := []exposure.Rule{
		{ID: "base.dpc", When: exposure.AnyOf(all...), Effect: exposure.SetDPC(1)},
		{ID: "base.ei", When: exposure.AnyOf(all...), Effect: exposure.SetEI(0.25)},
	}
	for i := range 2 + rng.IntN(exposure.MaxRules-2) {
		r := exposure.Rule{ID: "r" + string(rune('a'+i%26)) + string(rune('a'+i/26))}
		r.When = exposure.Condition{AllOf: pick(3), AnyOf: pick(6)}
		if len(r.When.AllOf)+len(r.When.AnyOf) == 0 {
			r.When.AnyOf = []exposure.Category{all[rng.IntN(len(all))]}
		}
		switch rng.IntN(5) {
		case 0:
			r.Effect = exposure.SetDPC(float64(1 + rng.IntN(4)))
		case 1:
			r.Effect = exposure.SetEI(float64(1+rng.IntN(4)) / 4)
		case 2:
			r.Effect = exposure.RaiseTier(exposure.Tier(1 + rng.IntN(4)))
		case 3:
			r.Effect = exposure.Recommend(exposure.Action(1 + rng.IntN(exposure.NumActions)))
		case 4:
			r.Effect = exposure.FlagForReview()
		}
		rules = append(rules, r)
	}
	bands := exposure.Bands{Medium: 1.5, High: 2.5 + float64(rng.IntN(2))/4, VeryHigh: 3.5}
	p, err := exposure.NewPolicy(rules, bands, exposure.Circumstances{Confidentiality: exposure.Confidentiality(rng.IntN(3))})
	if err != nil {
		panic(err)
	}
	return p
}

// TestAssessRandomPolicies holds any policy a user builds to the same
// properties: random tables with up to MaxRules rules, over random sets.
func TestAssessRandomPolicies(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2026))
	policies, sets := 100, 200
	if testing.Short() {
		policies = 10
	}
	for range policies {
		c := newChecker(t, randomPolicy(rng))
		for range sets {
			s := randomSet(rng, rng.Float64())
			a := c.agrees(s)
			c.grows(a, c.agrees(s.With(exposure.Category(1+rng.IntN(exposure.NumCategories)))))
		}
	}
}

// FuzzAssess: for any set, and any category added to it, Assess agrees with
// the naive evaluator and says no less for the larger set, under the default
// and a custom policy.
func FuzzAssess(f *testing.F) {
	f.Add(uint64(0), uint8(1))
	f.Add(uint64(1)<<15|1, uint8(16))
	f.Add(^uint64(0), uint8(44))
	f.Add(uint64(0x5555_5555_5555), uint8(2))
	var checkers []checker
	f.Fuzz(func(t *testing.T, mask uint64, add uint8) {
		if checkers == nil {
			for _, tp := range testPolicies() {
				checkers = append(checkers, checker{p: tp.policy, n: newNaive(tp.policy)})
			}
		}
		var s exposure.Set
		for rest := mask & (1<<exposure.NumCategories - 1); rest != 0; rest &= rest - 1 {
			s = s.With(exposure.Category(bits.TrailingZeros64(rest) + 1))
		}
		cat := exposure.Category(1 + int(add)%exposure.NumCategories)
		for _, c := range checkers {
			c.t = t
			c.grows(c.agrees(s), c.agrees(s.With(cat)))
		}
	})
}

// TestRowsScoreAlone checks the default rules against the category rows they
// are built from: each category exposed alone gets its row's DPC, and the EI
// its identification role implies.
func TestRowsScoreAlone(t *testing.T) {
	wantEI := map[exposure.Role]float64{
		exposure.RoleWeak: 0.25, exposure.RolePerson: 0.5, exposure.RoleContact: 0.5,
		exposure.RoleAccount: 0.5, exposure.RoleDocument: 0.25, exposure.RoleUnique: 1,
	}
	for _, c := range exposure.Categories() {
		got := exposure.Assess(exposure.Of(c)).Score()
		if got.DPC != c.DPC() || got.EI.Float64() != wantEI[c.Role()] {
			t.Errorf("%v alone: DPC %v, EI %v; its row says DPC %v, role %v", c, got.DPC, got.EI, c.DPC(), c.Role())
		}
		if (c.DPC() != c.Class().BaseDPC()) != (c.Adjustment() != "") {
			t.Errorf("%v: DPC %v, class %v (base %v), adjustment %q: an adjusted DPC needs its reason, and only it",
				c, c.DPC(), c.Class(), c.Class().BaseDPC(), c.Adjustment())
		}
		if c.Source() == "" {
			t.Errorf("%v has no source", c)
		}
		if c.Role() == exposure.RoleDocument {
			if a := exposure.Assess(exposure.Of(exposure.Name, c)); a.Score().EI.Float64() != 1 || a.Tier() < exposure.TierHigh {
				t.Errorf("name + %v = %v; want EI 1 and at least high (identity fraud)", c, a)
			}
		}
		if c.Class() == exposure.ClassSensitive && exposure.Assess(exposure.Of(c)).Tier() < exposure.TierHigh {
			t.Errorf("special category %v alone is below high", c)
		}
	}
}

// TestEveryActionReachable: each action is recommended for some category of
// the default policy, or it could never reach a notice.
func TestEveryActionReachable(t *testing.T) {
	var reached uint64
	for _, c := range exposure.Categories() {
		reached |= exposure.ActionBits(exposure.Assess(exposure.Of(c)))
	}
	for _, a := range exposure.Actions() {
		if reached&(1<<a) == 0 {
			t.Errorf("no category alone leads to %v", a)
		}
	}
}
