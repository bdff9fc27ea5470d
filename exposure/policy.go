package exposure

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"sync"
)

// MaxRules is the most rules a [Policy] may have. Each assessment records the
// rules that fired in a fixed-size bit set, which keeps [Policy.Assess] free of
// allocation; the default policy uses a fraction of it.
const MaxRules = 128

// Errors of [NewPolicy]. Each problem is reported as a [*RuleError] (or, for
// bands and circumstances, a plain error) wrapping one of these; test with [errors.Is].
var (
	ErrMissingID       = errors.New("exposure: rule has no ID")
	ErrDuplicateID     = errors.New("exposure: duplicate rule ID")
	ErrEmptyCondition  = errors.New("exposure: rule condition names no category")
	ErrInvalidCategory = errors.New("exposure: invalid category")
	ErrNoEffect        = errors.New("exposure: rule has no effect")
	ErrOutOfRange      = errors.New("exposure: value out of range")
	ErrUncovered       = errors.New("exposure: category not scored")
	ErrTooManyRules    = errors.New("exposure: too many rules")
)

// RuleError reports a problem with one rule of a policy.
type RuleError struct {
	Index int    // the rule's position in the table, from 0
	ID    string // the rule's ID, possibly empty
	Err   error  // the problem; wraps one of the Err variables
}

func (e *RuleError) Error() string {
	// The wrapped sentinels carry the package prefix too; say it once.
	return fmt.Sprintf("exposure: rule %d (%q): %s", e.Index, e.ID, strings.TrimPrefix(e.Err.Error(), "exposure: "))
}

func (e *RuleError) Unwrap() error { return e.Err }

// Policy decides tiers, scores and actions from exposed categories: a table of
// rules, the severity bands and the incident's circumstances. A Policy is
// immutable and safe for concurrent use.
//
// [NewPolicy] evaluates the rules for every one of the 2^15 possible sets of
// categories once, so [Policy.Assess] is a table lookup: it takes a few
// nanoseconds and allocates nothing. Building a policy takes a few
// milliseconds and about 1.5 MB; build one per incident and share it.
type Policy struct {
	rules         []Rule // deep copies of the caller's rules, never handed out
	bands         Bands
	circumstances Circumstances
	names         *ruleNames
	outcomes      []Assessment // indexed by Set.bits
}

// ruleNames holds the IDs an assessment's fired bits refer to. It is shared by
// every assessment of a policy and never changed after construction.
type ruleNames struct{ ids []string }

// compiledRule is a rule reduced to bit masks and quarter units.
type compiledRule struct {
	all, any uint16
	effect   Effect
	value    Quarters // DPC or EI in quarters
}

func (r compiledRule) holds(s uint16) bool {
	return s&r.all == r.all && (r.any == 0 || s&r.any != 0)
}

// NewPolicy validates rules, bands and circumstances and builds a policy from
// them. It reports every problem it finds at once, joined ([errors.Join]); each
// rule's problem is a [*RuleError] naming the rule by position and ID.
//
// A valid rule has a unique, non-empty ID, a condition naming at least one
// category, only valid categories, and one effect with a value in range: DPC a
// whole number from 1 to 4, EI one of 0.25, 0.5, 0.75 and 1, a floor from
// TierLow to TierVeryHigh, a valid action. The table as a whole must give every
// category, exposed alone, a DPC and an EI, so that no exposure goes unscored.
func NewPolicy(rules []Rule, bands Bands, circumstances Circumstances) (*Policy, error) {
	var problems []error
	if len(rules) > MaxRules {
		problems = append(problems, fmt.Errorf("%w: %d rules, at most %d", ErrTooManyRules, len(rules), MaxRules))
	}
	compiledBands, err := bands.compile()
	if err != nil {
		problems = append(problems, err)
	}
	if err := circumstances.validate(); err != nil {
		problems = append(problems, err)
	}

	compiled := make([]compiledRule, 0, len(rules))
	seen := make(map[string]int, len(rules))
	for i, r := range rules {
		fail := func(err error) { problems = append(problems, &RuleError{Index: i, ID: r.ID, Err: err}) }
		if r.ID == "" {
			fail(ErrMissingID)
		} else if first, dup := seen[r.ID]; dup {
			fail(fmt.Errorf("%w: also rule %d", ErrDuplicateID, first))
		} else {
			seen[r.ID] = i
		}
		c, err := compileRule(r)
		if err != nil {
			fail(err)
			continue
		}
		compiled = append(compiled, c)
	}
	if len(problems) == 0 {
		problems = append(problems, checkCoverage(compiled)...)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}

	p := &Policy{
		rules:         make([]Rule, len(rules)),
		bands:         bands,
		circumstances: circumstances,
		names:         &ruleNames{ids: make([]string, len(rules))},
		outcomes:      make([]Assessment, allBits+1),
	}
	for i, r := range rules {
		p.rules[i] = r.clone()
		p.names.ids[i] = r.ID
	}
	cb := circumstances.CB()
	for s := range p.outcomes {
		p.outcomes[s] = evaluate(compiled, &compiledBands, cb, Set{bits: uint16(s)}, p.names)
	}
	return p, nil
}

func compileRule(r Rule) (compiledRule, error) {
	c := compiledRule{effect: r.Effect}
	if len(r.When.AllOf) == 0 && len(r.When.AnyOf) == 0 {
		return c, ErrEmptyCondition
	}
	var err error
	if c.all, err = maskOf(r.When.AllOf); err != nil {
		return c, err
	}
	if c.any, err = maskOf(r.When.AnyOf); err != nil {
		return c, err
	}
	e := r.Effect
	switch e.kind {
	case EffectDPC:
		q, ok := QuartersOf(e.value)
		if !ok || q%4 != 0 || q < 4 || q > 16 {
			return c, fmt.Errorf("%w: DPC %v (want a whole number from 1 to 4)", ErrOutOfRange, e.value)
		}
		c.value = q
	case EffectEI:
		q, ok := QuartersOf(e.value)
		if !ok || q < 1 || q > 4 {
			return c, fmt.Errorf("%w: EI %v (want 0.25, 0.5, 0.75 or 1)", ErrOutOfRange, e.value)
		}
		c.value = q
	case EffectFloor:
		if e.tier < TierLow || e.tier > TierVeryHigh {
			return c, fmt.Errorf("%w: floor %v (want low to very_high)", ErrOutOfRange, e.tier)
		}
	case EffectAction:
		if !e.action.Valid() {
			return c, fmt.Errorf("%w: %v", ErrOutOfRange, e.action)
		}
	case EffectReview:
	default:
		return c, ErrNoEffect
	}
	return c, nil
}

func maskOf(cs []Category) (uint16, error) {
	var m uint16
	for _, c := range cs {
		if !c.Valid() {
			return 0, fmt.Errorf("%w: %v", ErrInvalidCategory, c)
		}
		m |= bit(c)
	}
	return m, nil
}

// checkCoverage reports each category that, exposed alone, fires no DPC rule or
// no EI rule. Conditions are monotone, so a category scored alone is scored in
// every set that contains it.
func checkCoverage(rules []compiledRule) []error {
	var problems []error
	for c := Category(1); c < numCategories; c++ {
		var dpc, ei bool
		for _, r := range rules {
			if r.holds(bit(c)) {
				dpc = dpc || r.effect.kind == EffectDPC
				ei = ei || r.effect.kind == EffectEI
			}
		}
		if !dpc {
			problems = append(problems, fmt.Errorf("%w: no DPC rule fires for %v alone", ErrUncovered, c))
		}
		if !ei {
			problems = append(problems, fmt.Errorf("%w: no EI rule fires for %v alone", ErrUncovered, c))
		}
	}
	return problems
}

// evaluate applies the rules to one set of categories.
func evaluate(rules []compiledRule, bands *compiledBands, cb Quarters, s Set, names *ruleNames) Assessment {
	a := Assessment{exposed: s, names: names}
	if s.IsEmpty() {
		return a // nothing exposed: no notice is owed, so no score, rules or actions
	}
	var dpc, ei Quarters
	floor := TierNone
	for i, r := range rules {
		if !r.holds(s.bits) {
			continue
		}
		a.fired.add(i)
		switch r.effect.kind {
		case EffectDPC:
			dpc = max(dpc, r.value)
		case EffectEI:
			ei = max(ei, r.value)
		case EffectFloor:
			floor = max(floor, r.effect.tier)
		case EffectAction:
			a.actions |= 1 << r.effect.action
		case EffectReview:
			a.review = true
		}
	}
	// DPC is a whole number, so DPC × EI stays in exact quarters.
	se := dpc/4*ei + cb
	a.score = Score{DPC: dpc, EI: ei, CB: cb, SE: se}
	a.tier = max(bands.tier(se), floor)
	return a
}

// Assess decides what the exposure of s means for the person: tier, score,
// fired rules and actions. It allocates nothing, and the result shares nothing
// a caller can change.
func (p *Policy) Assess(s Set) Assessment {
	return p.outcomes[s.bits&allBits]
}

// Rules returns a copy of the policy's rules, in order.
func (p *Policy) Rules() []Rule {
	rules := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		rules[i] = r.clone()
	}
	return rules
}

// Rule returns a copy of the rule with the given ID.
func (p *Policy) Rule(id string) (Rule, bool) {
	for _, r := range p.rules {
		if r.ID == id {
			return r.clone(), true
		}
	}
	return Rule{}, false
}

// Bands returns the policy's severity bands.
func (p *Policy) Bands() Bands { return p.bands }

// Circumstances returns the incident circumstances the policy scores with.
func (p *Policy) Circumstances() Circumstances { return p.circumstances }

// DefaultPolicy returns the policy of DESIGN.md and the seed incident's
// circumstances: [DefaultRules], [DefaultBands] and [SeedCircumstances]. It is
// built once and shared; a Policy cannot be changed.
func DefaultPolicy() *Policy { return defaultPolicy() }

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := NewPolicy(DefaultRules(), DefaultBands(), SeedCircumstances())
	if err != nil {
		panic("exposure: the default policy is invalid: " + err.Error())
	}
	return p
})

// Assess assesses s with [DefaultPolicy].
func Assess(s Set) Assessment { return defaultPolicy().Assess(s) }

// ruleSet records which rules fired, by index.
type ruleSet [MaxRules / 64]uint64

func (r *ruleSet) add(i int)      { r[i/64] |= 1 << (i % 64) }
func (r *ruleSet) has(i int) bool { return r[i/64]&(1<<(i%64)) != 0 }
func (r *ruleSet) len() (n int) {
	for _, w := range r {
		n += bits.OnesCount64(w)
	}
	return n
}
