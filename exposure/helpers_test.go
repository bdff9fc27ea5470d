package exposure_test

import (
	"slices"

	"github.com/breachkit/breachkit/exposure"
)

// seedCategories are the seed incident's 15 categories, the first in canonical order.
func seedCategories() []exposure.Category { return exposure.Categories()[:15] }

// seedSets returns every one of the 2^15 sets of the seed's categories, built
// through the public API: seedSets()[mask] holds the k-th seed category when
// bit k of mask is set.
func seedSets() []exposure.Set {
	cats := seedCategories()
	sets := make([]exposure.Set, 0, 1<<len(cats))
	for mask := range 1 << len(cats) {
		var s exposure.Set
		for i, c := range cats {
			if mask&(1<<i) != 0 {
				s = s.With(c)
			}
		}
		sets = append(sets, s)
	}
	return sets
}

// q converts a score written as a decimal, as in DESIGN.md, to quarters.
func q(f float64) exposure.Quarters {
	v, ok := exposure.QuartersOf(f)
	if !ok {
		panic("not a quarter")
	}
	return v
}

func score(dpc, ei, cb, se float64) exposure.Score {
	return exposure.Score{DPC: q(dpc), EI: q(ei), CB: q(cb), SE: q(se)}
}

func actionsOf(a exposure.Assessment) []exposure.Action { return slices.Collect(a.Actions()) }
func rulesOf(a exposure.Assessment) []string            { return slices.Collect(a.Rules()) }

// customPolicy is a policy with other numbers and other circumstances than the
// default: a compliance engineer's own table.
func customRules() []exposure.Rule {
	all := exposure.Categories()
	return []exposure.Rule{
		{ID: "dpc.base", When: exposure.AnyOf(all...), Effect: exposure.SetDPC(2), Source: "test"},
		{ID: "dpc.money", When: exposure.AnyOf(exposure.CardExpired, exposure.CardWithoutCVV, exposure.CardWithCVV), Effect: exposure.SetDPC(3), Source: "test"},
		{ID: "ei.base", When: exposure.AnyOf(all...), Effect: exposure.SetEI(0.5), Source: "test"},
		{ID: "ei.named", When: exposure.AllOf(exposure.Name).AndAnyOf(exposure.Email, exposure.Phone), Effect: exposure.SetEI(1), Source: "test"},
		{ID: "floor.password", When: exposure.AnyOf(exposure.Password), Effect: exposure.RaiseTier(exposure.TierMedium), Source: "test"},
		{ID: "floor.cvv_named", When: exposure.AllOf(exposure.Name, exposure.CardWithCVV), Effect: exposure.RaiseTier(exposure.TierVeryHigh), Source: "test"},
		{ID: "action.phishing", When: exposure.AnyOf(all...), Effect: exposure.Recommend(exposure.BewareOfPhishing), Source: "test"},
		{ID: "action.card", When: exposure.AnyOf(exposure.CardWithCVV), Effect: exposure.Recommend(exposure.CancelAndReissueCard), Source: "test"},
		{ID: "action.password", When: exposure.AllOf(exposure.Password, exposure.Email), Effect: exposure.Recommend(exposure.ChangePasswordNow), Source: "test"},
		{ID: "review.travel", When: exposure.AnyOf(exposure.TravelHistory), Effect: exposure.FlagForReview(), Source: "test"},
	}
}

func customBands() exposure.Bands { return exposure.Bands{Medium: 1.5, High: 2.5, VeryHigh: 3.5} }

func customCircumstances() exposure.Circumstances {
	return exposure.Circumstances{
		Confidentiality: exposure.ConfidentialityKnownRecipients, // +0.25
		Integrity:       exposure.IntegrityRecoverable,           // +0.25
	}
}

func customPolicy() *exposure.Policy {
	p, err := exposure.NewPolicy(customRules(), customBands(), customCircumstances())
	if err != nil {
		panic(err)
	}
	return p
}

// naive is an independent reading of DESIGN.md's formula: it walks the rule
// table on every call, in floating point, the way one would write it without
// thinking about speed. Tests compare it with Policy.Assess; BenchmarkAssessNaive
// measures it.
type naive struct {
	rules []exposure.Rule
	bands exposure.Bands
	cb    float64
}

func newNaive(p *exposure.Policy) naive {
	return naive{rules: p.Rules(), bands: p.Bands(), cb: p.Circumstances().CB().Float64()}
}

type naiveResult struct {
	Tier            exposure.Tier
	DPC, EI, CB, SE float64
	Rules           []string
	Actions         []exposure.Action
	Review          bool
}

func (n naive) assess(s exposure.Set) naiveResult {
	var r naiveResult
	if s.Len() == 0 {
		return r
	}
	floor := exposure.TierNone
	var actions []exposure.Action
	for _, rule := range n.rules {
		holds := true
		for _, c := range rule.When.AllOf {
			if !s.Has(c) {
				holds = false
			}
		}
		if len(rule.When.AnyOf) > 0 && !slices.ContainsFunc(rule.When.AnyOf, s.Has) {
			holds = false
		}
		if !holds {
			continue
		}
		r.Rules = append(r.Rules, rule.ID)
		e := rule.Effect
		switch e.Kind() {
		case exposure.EffectDPC:
			r.DPC = max(r.DPC, e.Value())
		case exposure.EffectEI:
			r.EI = max(r.EI, e.Value())
		case exposure.EffectFloor:
			floor = max(floor, e.Tier())
		case exposure.EffectAction:
			if !slices.Contains(actions, e.Action()) {
				actions = append(actions, e.Action())
			}
		case exposure.EffectReview:
			r.Review = true
		}
	}
	slices.Sort(actions)
	r.Actions = actions
	r.CB = n.cb
	r.SE = r.DPC*r.EI + r.CB
	switch {
	case r.SE >= n.bands.VeryHigh:
		r.Tier = exposure.TierVeryHigh
	case r.SE >= n.bands.High:
		r.Tier = exposure.TierHigh
	case r.SE >= n.bands.Medium:
		r.Tier = exposure.TierMedium
	default:
		r.Tier = exposure.TierLow
	}
	r.Tier = max(r.Tier, floor)
	return r
}

func resultOf(a exposure.Assessment) naiveResult {
	s := a.Score()
	return naiveResult{
		Tier: a.Tier(), DPC: s.DPC.Float64(), EI: s.EI.Float64(), CB: s.CB.Float64(), SE: s.SE.Float64(),
		Rules: rulesOf(a), Actions: actionsOf(a), Review: a.NeedsReview(),
	}
}

func (r naiveResult) equal(o naiveResult) bool {
	return r.Tier == o.Tier && r.DPC == o.DPC && r.EI == o.EI && r.CB == o.CB && r.SE == o.SE &&
		slices.Equal(r.Rules, o.Rules) && slices.Equal(r.Actions, o.Actions) && r.Review == o.Review
}
