package exposure

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math/bits"
)

// Assessment is what one person's exposure means: the exposed categories, the
// tier, the ENISA score, the rules that fired and the recommended actions. It
// is a value: copying it is cheap, and nothing in it can be changed through
// its methods, so assessments can be shared freely between goroutines.
//
// The zero Assessment is the assessment of nothing exposed.
type Assessment struct {
	names   *ruleNames // the IDs that fired indexes; shared and immutable
	fired   ruleSet
	score   Score
	exposed Set
	actions uint64 // bit a set when action a is recommended
	tier    Tier
	review  bool
}

// Exposed returns the categories that were assessed.
func (a Assessment) Exposed() Set { return a.exposed }

// Tier returns how serious the exposure is: the band of the score, raised by
// any floor rule that fired. It is TierNone only when nothing was exposed.
func (a Assessment) Tier() Tier { return a.tier }

// Score returns the ENISA score. SE is the formula's value; [Assessment.Tier]
// may be higher than SE's band because of a floor.
func (a Assessment) Score() Score { return a.score }

// NeedsReview reports whether a rule flagged the exposure for review by a
// person, such as free-text remarks that may hold sensitive data.
func (a Assessment) NeedsReview() bool { return a.review }

// Rules yields the IDs of the rules whose conditions held, in the policy's
// order. Floors are among them even when the formula alone reached their tier.
func (a Assessment) Rules() iter.Seq[string] {
	return func(yield func(string) bool) {
		if a.names == nil {
			return
		}
		for i, id := range a.names.ids {
			if a.fired.has(i) && !yield(id) {
				return
			}
		}
	}
}

// Actions yields the recommended actions in urgency order, the most urgent first.
func (a Assessment) Actions() iter.Seq[Action] {
	return func(yield func(Action) bool) {
		for rest := a.actions; rest != 0; rest &= rest - 1 {
			if !yield(Action(bits.TrailingZeros64(rest))) {
				return
			}
		}
	}
}

// HasAction reports whether act is among the recommended actions.
func (a Assessment) HasAction(act Action) bool {
	return act.Valid() && a.actions&(1<<act) != 0
}

// NumActions returns the number of recommended actions.
func (a Assessment) NumActions() int { return bits.OnesCount64(a.actions) }

// Equal reports whether a and b say the same: same exposure, tier, score,
// fired rules (by ID, in order), actions and review flag. [cmp.Diff] uses it.
func (a Assessment) Equal(b Assessment) bool {
	if a.exposed != b.exposed || a.tier != b.tier || a.score != b.score ||
		a.actions != b.actions || a.review != b.review || a.fired.len() != b.fired.len() {
		return false
	}
	next, stop := iter.Pull(b.Rules())
	defer stop()
	for id := range a.Rules() {
		if other, ok := next(); !ok || other != id {
			return false
		}
	}
	return true
}

// String summarises the assessment for logs and test failures:
// "high (SE 2 = 1×1+1) [name,email,passport_number]".
func (a Assessment) String() string {
	s := a.score
	return fmt.Sprintf("%s (SE %v = %v×%v+%v) [%v]", a.tier, s.SE, s.DPC, s.EI, s.CB, a.exposed)
}

// assessmentJSON is the wire form of an Assessment.
type assessmentJSON struct {
	Exposed     Set      `json:"exposed"`
	Tier        Tier     `json:"tier"`
	Score       Score    `json:"score"`
	Rules       []string `json:"rules"`
	Actions     []Action `json:"actions"`
	NeedsReview bool     `json:"needs_review"`
}

// MarshalJSON encodes the assessment as
//
//	{"exposed":["name","email"],"tier":"low","score":{"dpc":1,"ei":0.75,"cb":1,"se":1.75},
//	 "rules":["dpc.simple",...],"actions":["beware_of_phishing",...],"needs_review":false}
//
// with categories in canonical order, actions in urgency order, and [] (never
// null) for empty lists.
func (a Assessment) MarshalJSON() ([]byte, error) {
	w := assessmentJSON{
		Exposed:     a.exposed,
		Tier:        a.tier,
		Score:       a.score,
		Rules:       make([]string, 0, a.fired.len()),
		Actions:     make([]Action, 0, a.NumActions()),
		NeedsReview: a.review,
	}
	for id := range a.Rules() {
		w.Rules = append(w.Rules, id)
	}
	for act := range a.Actions() {
		w.Actions = append(w.Actions, act)
	}
	return json.Marshal(w)
}

// ErrInvalidAssessment is wrapped by errors for JSON that is not a consistent assessment.
var ErrInvalidAssessment = errors.New("exposure: invalid assessment")

// UnmarshalJSON decodes the form [Assessment.MarshalJSON] writes. Unknown
// categories, tiers and actions are errors, as are repeated rule IDs or
// actions, more than [MaxRules] rules, and a tier of none with something
// exposed (or the reverse).
func (a *Assessment) UnmarshalJSON(data []byte) error {
	var w assessmentJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if len(w.Rules) > MaxRules {
		return fmt.Errorf("%w: %d rules, at most %d", ErrInvalidAssessment, len(w.Rules), MaxRules)
	}
	if (w.Tier == TierNone) != w.Exposed.IsEmpty() {
		return fmt.Errorf("%w: tier %s with exposed [%v]", ErrInvalidAssessment, w.Tier, w.Exposed)
	}
	out := Assessment{exposed: w.Exposed, tier: w.Tier, score: w.Score, review: w.NeedsReview}
	seen := make(map[string]bool, len(w.Rules))
	for i, id := range w.Rules {
		if seen[id] {
			return fmt.Errorf("%w: rule %q repeated", ErrInvalidAssessment, id)
		}
		seen[id] = true
		out.fired.add(i)
	}
	if len(w.Rules) > 0 {
		out.names = &ruleNames{ids: w.Rules}
	}
	for _, act := range w.Actions {
		if out.HasAction(act) {
			return fmt.Errorf("%w: action %s repeated", ErrInvalidAssessment, act)
		}
		out.actions |= 1 << act
	}
	*a = out
	return nil
}
