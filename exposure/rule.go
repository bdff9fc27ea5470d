package exposure

import (
	"fmt"
	"strings"
)

// A Rule is one line of a [Policy]: when its condition holds for the exposed
// categories, its effect applies. Rules are data so that a compliance engineer
// can read, audit and replace them, and every [Assessment] names the rules
// that fired.
type Rule struct {
	// ID names the rule in assessments and errors, such as "floor.identity_fraud".
	// IDs are unique within a policy.
	ID string
	// When is the condition over the exposed categories.
	When Condition
	// Effect is what the rule does when its condition holds.
	Effect Effect
	// Rationale says, in a sentence, why the rule exists.
	Rationale string
	// Source names the document the rule rests on (the short names of SOURCES.md,
	// such as "ENISA-2013 Annex 2").
	Source string
}

// Condition holds when every category of AllOf was exposed and, if AnyOf is not
// empty, at least one category of AnyOf was. There is deliberately no "none
// of": with only these two forms, exposing one more category can never make a
// rule stop firing, so more exposure never lowers a tier or removes an action.
type Condition struct {
	AllOf []Category
	AnyOf []Category
}

// AllOf returns a condition that holds when every one of categories was exposed.
func AllOf(categories ...Category) Condition { return Condition{AllOf: categories} }

// AnyOf returns a condition that holds when at least one of categories was exposed.
func AnyOf(categories ...Category) Condition { return Condition{AnyOf: categories} }

// AndAnyOf returns c further requiring at least one of categories.
func (c Condition) AndAnyOf(categories ...Category) Condition {
	c.AnyOf = categories
	return c
}

// String describes the condition: "all of name, date_of_birth; any of email, phone".
func (c Condition) String() string {
	var parts []string
	if len(c.AllOf) > 0 {
		parts = append(parts, "all of "+joinCategories(c.AllOf))
	}
	if len(c.AnyOf) > 0 {
		parts = append(parts, "any of "+joinCategories(c.AnyOf))
	}
	return strings.Join(parts, "; ")
}

func joinCategories(cs []Category) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.String()
	}
	return strings.Join(names, ", ")
}

// EffectKind is the kind of an [Effect].
type EffectKind uint8

const (
	EffectDPC    EffectKind = iota + 1 // raise DPC to the value
	EffectEI                           // raise EI to the value
	EffectFloor                        // raise the tier to at least the value
	EffectAction                       // recommend an action
	EffectReview                       // flag the assessment for review by a person
)

var effectKindNames = []string{
	EffectDPC:    "dpc",
	EffectEI:     "ei",
	EffectFloor:  "floor",
	EffectAction: "action",
	EffectReview: "review",
}

// String returns "dpc", "ei", "floor", "action" or "review".
func (k EffectKind) String() string { return enumName(effectKindNames, uint8(k), "EffectKind") }

// Effect is what a rule does when it fires. Build one with [SetDPC], [SetEI],
// [RaiseTier], [Recommend] or [FlagForReview]; the zero Effect does nothing
// and [NewPolicy] refuses it. Effects combine by maximum, never by sum: the
// DPC of an exposure is the highest DPC any fired rule sets, and likewise EI
// and the tier floor.
type Effect struct {
	kind   EffectKind
	value  float64 // DPC or EI
	tier   Tier
	action Action
}

// SetDPC sets the data processing context to dpc, a whole number from 1
// (simple data) to 4 (sensitive data) (ENISA-2013 Annex 1).
func SetDPC(dpc float64) Effect { return Effect{kind: EffectDPC, value: dpc} }

// SetEI sets the ease of identification to ei: 0.25, 0.5, 0.75 or 1
// (ENISA-2013 s. 3.1.2).
func SetEI(ei float64) Effect { return Effect{kind: EffectEI, value: ei} }

// RaiseTier makes t the lowest tier the assessment can have: a floor for harms
// the formula alone underrates.
func RaiseTier(t Tier) Effect { return Effect{kind: EffectFloor, tier: t} }

// Recommend adds a to the assessment's actions.
func Recommend(a Action) Effect { return Effect{kind: EffectAction, action: a} }

// FlagForReview marks the assessment as needing a person's review, for data
// whose seriousness the categories alone cannot tell (such as free text).
func FlagForReview() Effect { return Effect{kind: EffectReview} }

// Kind returns the effect's kind; 0 for the zero Effect.
func (e Effect) Kind() EffectKind { return e.kind }

// Value returns the DPC or EI an effect sets; 0 for other kinds.
func (e Effect) Value() float64 { return e.value }

// Tier returns the floor a [RaiseTier] effect sets; TierNone for other kinds.
func (e Effect) Tier() Tier { return e.tier }

// Action returns the action a [Recommend] effect adds; 0 for other kinds.
func (e Effect) Action() Action { return e.action }

// String describes the effect: "dpc 4", "ei 0.75", "floor high",
// "action change_password_now", "review".
func (e Effect) String() string {
	switch e.kind {
	case EffectDPC, EffectEI:
		return fmt.Sprintf("%s %v", e.kind, e.value)
	case EffectFloor:
		return fmt.Sprintf("%s %s", e.kind, e.tier)
	case EffectAction:
		return fmt.Sprintf("%s %s", e.kind, e.action)
	}
	return e.kind.String()
}

// clone returns r with its own copies of the condition's slices, so that no
// caller can change a rule another caller holds.
func (r Rule) clone() Rule {
	r.When.AllOf = append([]Category(nil), r.When.AllOf...)
	r.When.AnyOf = append([]Category(nil), r.When.AnyOf...)
	return r
}
