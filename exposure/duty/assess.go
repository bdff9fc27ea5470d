package duty

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachkit/breachkit/exposure"
)

// Facts are what the laws ask about the incident as a whole.
type Facts struct {
	// AwareAt is when the organisation became aware of the breach, with its
	// zone. Most deadlines run from it; without it they are words only.
	AwareAt time.Time
	// AssessedAt is when the organisation assessed the breach notifiable
	// (Singapore's clock); zero when not yet.
	AssessedAt time.Time
	// Malicious: the breach was caused deliberately (an attacker, an insider).
	Malicious bool
	// Unintelligible: the data was unintelligible to whoever obtained it
	// (encrypted, with the key kept safe).
	Unintelligible bool
	// Affected is how many people the incident affected in all, if more
	// than the people given to a [Counter] (the rest are not listed).
	Affected int64
	// Residents gives, for [Rules.Person], how many residents of each
	// jurisdiction are concerned; a [Counter] counts them itself.
	Residents map[string]int64
	// Zones are the time zones of jurisdictions ("SG": Asia/Singapore) for
	// counting days; a jurisdiction without one counts in its anchor's zone.
	// A US state falls back to the zone of "US", if any.
	Zones map[string]*time.Location
}

// Zone is the time zone days are counted in for a jurisdiction: its own,
// else (for a US state) its country's; nil if Zones has neither.
func (f *Facts) Zone(jurisdiction string) *time.Location {
	if l := f.Zones[jurisdiction]; l != nil {
		return l
	}
	if country, _, ok := strings.Cut(jurisdiction, "-"); ok {
		return f.Zones[country]
	}
	return nil
}

// Person is one affected person: where they live (ISO 3166-1 "JP" or a US
// state "US-CA"), what was exposed and the tier [exposure.Policy.Assess]
// gave it.
type Person struct {
	Jurisdiction string
	Exposed      exposure.Set
	Tier         exposure.Tier
}

// Duty is one rule's decision: for a person ([Rules.Person]) or for the
// residents of a jurisdiction ([Counter.Plan]).
type Duty struct {
	Rule         string
	Jurisdiction string
	Addressee    Addressee
	To           string
	Result       Result
	// Suggested is, for NeedsJudgement, the result breachkit suggests
	// (Required or NotRequired) from the tier; Why in Reasons.
	Suggested Result
	// Deadline is zero when the duty has no fixed time or its anchor is
	// unknown; DeadlineText always says it in words.
	Deadline     time.Time
	DeadlineText string
	// People is how many people the duty concerns (1 or 0 for a person).
	People         int64
	Content        []string
	Reasons        []string
	Sources        []Source
	Interpretation []string
}

// decide is a rule's person-level decision: the hot path of [Counter.Add].
func (c *compiled) decide(s exposure.Set, t exposure.Tier, f *Facts) (r Result, suggest bool) {
	holds := false
	for i := range c.when {
		if c.when[i].holds(s, t, f) {
			holds = true
			break
		}
	}
	switch {
	case !holds:
		return NotRequired, false
	case c.Status == VoluntaryRegime:
		return Voluntary, false
	case c.Harm != nil:
		for i := range c.deemed {
			if c.deemed[i].holds(s, t, f) {
				return Required, false
			}
		}
		return NeedsJudgement, t >= c.Harm.SuggestFrom
	}
	return Required, false
}

// Covers reports whether any rule covers the jurisdiction and applies on
// asOf. Person returns no duty both for a person whose jurisdiction's law
// asks for none and for one whose jurisdiction these rules do not know:
// Covers tells the two apart, so that the second is not read as the first
// (the plan lists such people in Plan.Uncovered).
func (rs *Rules) Covers(jurisdiction string, asOf time.Time) bool {
	slot := slotOf(jurisdiction)
	if slot < 0 {
		return false
	}
	for _, ri := range rs.bySlot[slot] {
		if rs.rules[ri].applies(asOf) {
			return true
		}
	}
	return false
}

// Person returns the duties that concern one person's own notice: every
// rule addressed to individuals that covers the person's jurisdiction and
// applies on asOf, required or not. Counts come from f (Affected for
// "people in all", Residents for a jurisdiction's). The duties are sorted
// by deadline. An empty result for a jurisdiction no rule covers says
// nothing of its law: ask Covers.
func (rs *Rules) Person(p Person, f Facts, asOf time.Time) []Duty {
	slot := slotOf(p.Jurisdiction)
	if slot < 0 {
		return nil
	}
	var out []Duty
	for _, ri := range rs.bySlot[slot] {
		c := &rs.rules[ri]
		if c.Addressee != Individuals || !c.applies(asOf) {
			continue
		}
		res, suggest := c.decide(p.Exposed, p.Tier, &f)
		var cell cell
		switch {
		case res == NeedsJudgement && suggest:
			cell[cellJudgedYes] = 1
		case res == NeedsJudgement:
			cell[cellJudgedNo] = 1
		case res == Required:
			cell[cellRequired] = 1
		case res == Voluntary:
			cell[cellVoluntary] = 1
		}
		all := max(f.Affected, 1)
		d := rs.duty(int(ri), slot, cell, all, f.Residents[p.Jurisdiction], &f, nil)
		if d.Result != NotRequired {
			for i := range c.extra {
				if c.extra[i].holds(p.Exposed, p.Tier, &f) {
					d.Content = append(slices.Clip(d.Content), c.Extra[i].Item)
				}
			}
		}
		out = append(out, d)
	}
	sortDuties(out)
	return out
}

// The counts of one (jurisdiction, rule) pair.
type cell [4]int64

const (
	cellRequired = iota
	cellJudgedYes
	cellJudgedNo
	cellVoluntary
)

func (c *cell) concerned() int64 { return c[0] + c[1] + c[2] + c[3] }

// duty decides rule ri for a jurisdiction from its counts. all is everyone
// affected, residents everyone living in the jurisdiction. due gives the
// deadline of another rule in the same jurisdiction.
func (rs *Rules) duty(ri, slot int, n cell, all, residents int64, f *Facts, due func(ri int) time.Time) Duty {
	c := &rs.rules[ri]
	d := Duty{
		Rule: c.ID, Jurisdiction: slotName(slot), Addressee: c.Addressee, To: c.To,
		DeadlineText: c.Deadline.Text, Content: c.Content, Sources: c.Sources, Interpretation: c.Interpretation,
	}
	concerned := n.concerned()
	scale := c.Scale != nil && c.Scale.holds(all, residents)
	switch {
	case c.Status == VoluntaryRegime && (concerned > 0 || scale):
		d.Result, d.People = Voluntary, concerned
		if scale {
			d.People = residents
		}
		d.Reasons = append(d.Reasons, "no statutory duty: the regime is voluntary and recommends notice")
	case c.Threshold != nil && concerned > 0 && !c.Threshold.holds(all, concerned):
		d.Reasons = append(d.Reasons, fmt.Sprintf("%d concerned; the duty needs %s", concerned, c.Threshold))
	case scale:
		d.Result, d.People = Required, residents
		d.Reasons = append(d.Reasons, fmt.Sprintf("scale: %s (%d in all; %d living here)", c.Scale, all, residents))
	case n[cellRequired] > 0:
		d.Result, d.People = Required, n[cellRequired]
		d.Reasons = append(d.Reasons, fmt.Sprintf("%d whose data meets %s", n[cellRequired], c.whenString()))
		if j := n[cellJudgedYes] + n[cellJudgedNo]; j > 0 {
			d.Reasons = append(d.Reasons, fmt.Sprintf("%d more need judgement: %s", j, c.Harm.Test))
		}
	case n[cellJudgedYes]+n[cellJudgedNo] > 0:
		d.Result, d.People = NeedsJudgement, n[cellJudgedYes]+n[cellJudgedNo]
		d.Suggested = NotRequired
		if n[cellJudgedYes] > 0 {
			d.Suggested = Required
		}
		d.Reasons = append(d.Reasons,
			fmt.Sprintf("needs judgement: %s", c.Harm.Test),
			fmt.Sprintf("breachkit suggests %s: %d of %d at tier %s or above; %s", d.Suggested, n[cellJudgedYes], d.People, c.Harm.SuggestFrom, c.Harm.Why))
	default:
		d.Reasons = append(d.Reasons, "no resident's data meets "+c.whenString())
	}
	if d.Result != NotRequired {
		var prior time.Time
		if c.afterIx >= 0 && due != nil {
			prior = due(c.afterIx)
		}
		d.Deadline = c.Deadline.due(f, f.Zone(d.Jurisdiction), prior)
	}
	if c.Note != "" {
		d.Reasons = append(d.Reasons, c.Note)
	}
	return d
}

func (c *compiled) whenString() string {
	if len(c.When) == 0 {
		return "no condition (scale only)"
	}
	parts := make([]string, len(c.When))
	for i, w := range c.When {
		parts[i] = w.String()
	}
	return strings.Join(parts, " | ")
}

// String describes the condition: "any of passport_number; tier >= high".
func (c Condition) String() string {
	var parts []string
	names := func(cs []exposure.Category) string {
		s := make([]string, len(cs))
		for i, x := range cs {
			s[i] = x.String()
		}
		return strings.Join(s, ", ")
	}
	if len(c.AllOf) > 0 {
		parts = append(parts, "all of "+names(c.AllOf))
	}
	if len(c.Identity) > 0 {
		parts = append(parts, "one of "+names(c.Identity)+" with one of "+names(c.AnyOf))
	} else if len(c.AnyOf) > 0 {
		parts = append(parts, "any of "+names(c.AnyOf))
	}
	if c.MinTier > exposure.TierNone {
		parts = append(parts, "tier >= "+c.MinTier.String())
	}
	if c.Malicious {
		parts = append(parts, "malicious cause")
	}
	if c.Intelligible {
		parts = append(parts, "data intelligible to the attacker")
	}
	if len(parts) == 0 {
		return "any breach"
	}
	return strings.Join(parts, "; ")
}

// sortDuties orders duties by deadline (those without a time last), then
// jurisdiction and rule; not-required duties come after all others.
func sortDuties(ds []Duty) {
	slices.SortFunc(ds, func(a, b Duty) int {
		if c := boolCmp(a.Result == NotRequired, b.Result == NotRequired); c != 0 {
			return c
		}
		if c := boolCmp(a.Deadline.IsZero(), b.Deadline.IsZero()); c != 0 {
			return c
		}
		if c := a.Deadline.Compare(b.Deadline); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Jurisdiction, b.Jurisdiction), cmp.Compare(a.Rule, b.Rule))
	})
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
