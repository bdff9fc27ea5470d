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
// immutable and safe for concurrent use. The zero Policy is not usable: build
// one with [NewPolicy].
//
// [NewPolicy] compiles the rules once, in time and memory linear in the
// number of rules and categories (never one entry per possible set): each
// rule that fires as soon as one of its categories is exposed is merged into
// a per-category contribution, and the few rules that need two categories or
// more are kept as bit masks. The contributions are then merged for every
// subset of each group of 8 categories (256 entries a group, 6 groups for 44
// categories: about 37 KB). [Policy.Assess] merges one entry per group that
// has an exposed category and tests those few rules: tens of nanoseconds for
// any set, no allocation.
type Policy struct {
	rules         []Rule // deep copies of the caller's rules, never handed out
	bands         Bands
	circumstances Circumstances
	names         *ruleNames
	compiledBands compiledBands
	cb            Quarters
	// byOctet[i][m] is what the single-category rules contribute when the
	// categories of bit mask m, shifted left by 8i, are exposed.
	byOctet [numOctets][256]effects
	combos  []comboRule // rules that need more than one category, in table order
	// comboAnchors holds, for each combo rule, one category it requires: a
	// set without any of them fires no combo rule.
	comboAnchors uint64
}

// numOctets is the number of groups of 8 categories.
const numOctets = (NumCategories + 7) / 8

// ruleNames holds the IDs an assessment's fired bits refer to. It is shared by
// every assessment of a policy and never changed after construction.
type ruleNames struct{ ids []string }

// Why more exposure can never lower a tier or remove an action or a fired
// rule, whatever rules a user writes: the rule language has no negation.
// A condition is "all of A" and "any of B", and both only test that
// categories are present, so a condition that holds for a set holds for
// every larger set. Effects combine by maximum (DPC, EI, floor) and by union
// (actions, fired rules, review), never by sum or by replacement, so the
// effects of a larger set's fired rules dominate a smaller set's. SE = DPC ×
// EI + CB is increasing in DPC and EI (both positive), the band of SE is
// increasing in SE, and the tier is the larger of the band and the floor.
// Every step is monotone, so their composition is. The tests check the
// engine against that reading, because the engine computes it differently.
//
// effects is what fired rules contribute, in a form where every field
// combines by bitwise OR: merging contributions in any order and any number
// of times gives the same result, which is what lets Assess merge
// per-category contributions instead of evaluating each rule. The maxima are
// thermometer codes: level n sets the n lowest bits of its field, so the OR
// of codes is the code of the largest level.
type effects struct {
	fired ruleSet
	// flags holds the actions (bit a for action a, below bit levelsShift),
	// then the levels: DPC (whole DPC 1-4), EI (quarters 1-4) and floor
	// (tier 1-4) as 4-bit thermometer codes, and the review flag.
	flags uint64
}

const (
	levelsShift = 48 // actions use bits 1 to NumActions, below this
	dpcShift    = levelsShift
	eiShift     = levelsShift + 4
	floorShift  = levelsShift + 8
	reviewBit   = 1 << (levelsShift + 12)
	actionMask  = 1<<levelsShift - 1
)

// The actions fit below the levels; this fails to compile when they do not.
var _ [levelsShift - 1 - NumActions]struct{}

func thermometer(level int, shift uint) uint64 { return (1<<level - 1) << shift }

// levelOf reads the level of a thermometer code: the number of its bits.
func levelOf(flags uint64, shift uint) int { return int(thermometerLevel[flags>>shift&0xF]) }

var thermometerLevel = [16]uint8{0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4} // bits.Len of the index

func (e *effects) merge(o *effects) {
	e.fired[0] |= o.fired[0]
	e.fired[1] |= o.fired[1]
	e.flags |= o.flags
}

// comboRule is a rule whose condition needs more than one category.
type comboRule struct {
	all, any uint64
	eff      effects
}

// compiledRule is a rule reduced to bit masks.
type compiledRule struct {
	all, any uint64
	effect   Effect
	value    Quarters // DPC or EI in quarters
}

func (r compiledRule) holds(s uint64) bool {
	return s&r.all == r.all && (r.any == 0 || s&r.any != 0)
}

// trigger returns the categories of which any one, exposed, makes r fire, and
// ok false when r needs two or more categories together.
func (r compiledRule) trigger() (mask uint64, ok bool) {
	switch {
	case r.all == 0:
		return r.any, true
	case bits.OnesCount64(r.all) == 1 && (r.any == 0 || r.any&r.all != 0):
		return r.all, true
	}
	return 0, false
}

// contribution returns what r adds to an assessment when it fires as rule i.
func (r compiledRule) contribution(i int) effects {
	var e effects
	e.fired.add(i)
	switch r.effect.kind {
	case EffectDPC:
		e.flags = thermometer(int(r.value/4), dpcShift)
	case EffectEI:
		e.flags = thermometer(int(r.value), eiShift)
	case EffectFloor:
		e.flags = thermometer(int(r.effect.tier), floorShift)
	case EffectAction:
		e.flags = 1 << r.effect.action
	case EffectReview:
		e.flags = reviewBit
	}
	return e
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
		compiledBands: compiledBands,
		cb:            circumstances.CB(),
	}
	for i, r := range rules {
		p.rules[i] = r.clone()
		p.names.ids[i] = r.ID
	}
	var byCategory [NumCategories]effects // what the single-category rules contribute when category i+1 is exposed
	for i, r := range compiled {
		e := r.contribution(i)
		mask, single := r.trigger()
		if !single {
			p.combos = append(p.combos, comboRule{all: r.all, any: r.any, eff: e})
			p.comboAnchors |= r.all & -r.all
			continue
		}
		for ; mask != 0; mask &= mask - 1 {
			byCategory[bits.TrailingZeros64(mask)].merge(&e)
		}
	}
	for i := range p.byOctet {
		t := &p.byOctet[i]
		for m := 1; m < 256; m++ {
			c := 8*i + bits.TrailingZeros8(uint8(m))
			t[m] = t[m&(m-1)]
			if c < NumCategories {
				t[m].merge(&byCategory[c])
			}
		}
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

func maskOf(cs []Category) (uint64, error) {
	var m uint64
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

// Assess decides what the exposure of s means for the person: tier, score,
// fired rules and actions. It allocates nothing, and the result shares nothing
// a caller can change.
func (p *Policy) Assess(s Set) Assessment {
	if s.bits == 0 {
		return Assessment{names: p.names} // nothing exposed: no notice is owed, so no score, rules or actions
	}
	var e effects
	for rest := s.bits; rest != 0; {
		i := bits.TrailingZeros64(rest) / 8
		e.merge(&p.byOctet[i][uint8(rest>>(8*i))])
		rest &^= 0xFF << (8 * i)
	}
	if s.bits&p.comboAnchors != 0 {
		for i := range p.combos {
			r := &p.combos[i]
			if s.bits&r.all == r.all && (r.any == 0 || s.bits&r.any != 0) {
				e.merge(&r.eff)
			}
		}
	}
	// DPC is a whole number, so DPC × EI stays in exact quarters.
	dpc := Quarters(levelOf(e.flags, dpcShift))
	ei := Quarters(levelOf(e.flags, eiShift))
	se := dpc*ei + p.cb
	return Assessment{
		names:   p.names,
		fired:   e.fired,
		score:   Score{DPC: dpc * 4, EI: ei, CB: p.cb, SE: se},
		exposed: s,
		actions: e.flags & actionMask,
		tier:    max(p.compiledBands.tier(se), Tier(levelOf(e.flags, floorShift))),
		review:  e.flags&reviewBit != 0,
	}
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
