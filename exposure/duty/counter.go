package duty

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Counter accumulates the people of an incident for a [Plan], like
// [exposure.Tally]: per jurisdiction and rule, how many people each decision
// concerns. [Counter.Add] does not allocate. A Counter is not safe for
// concurrent use: give each worker its own and [Counter.Merge] them.
type Counter struct {
	rules    *Rules
	facts    Facts
	people   [numSlots]int64
	cells    []cell // rules.offsets[slot]+k: the k-th rule covering slot
	total    int64
	unplaced int64
}

// NewCounter returns an empty counter deciding with rs for an incident
// with the given facts.
func (rs *Rules) NewCounter(f Facts) *Counter {
	return &Counter{rules: rs, facts: f, cells: make([]cell, rs.numCells)}
}

// Add counts one person. A person whose jurisdiction is not a country code
// or a US state is counted as unplaced (see [Plan.Unplaced]).
func (c *Counter) Add(p Person) {
	c.total++
	slot := slotOf(p.Jurisdiction)
	if slot < 0 {
		c.unplaced++
		return
	}
	c.people[slot]++
	rs := c.rules
	cells := c.cells[rs.offsets[slot]:rs.offsets[slot+1]]
	for k, ri := range rs.bySlot[slot] {
		res, suggest := rs.rules[ri].decide(p.Exposed, p.Tier, &c.facts)
		switch res {
		case Required:
			cells[k][cellRequired]++
		case NeedsJudgement:
			if suggest {
				cells[k][cellJudgedYes]++
			} else {
				cells[k][cellJudgedNo]++
			}
		case Voluntary:
			cells[k][cellVoluntary]++
		}
	}
}

// ErrMismatch is returned by [Counter.Merge] for counters of different rules.
var ErrMismatch = errors.New("duty: counters of different rules")

// Merge adds o's counts to c. Both must come from the same [Rules].
func (c *Counter) Merge(o *Counter) error {
	if c.rules != o.rules {
		return ErrMismatch
	}
	for i := range c.people {
		c.people[i] += o.people[i]
	}
	for i := range c.cells {
		for j := range c.cells[i] {
			c.cells[i][j] += o.cells[i][j]
		}
	}
	c.total += o.total
	c.unplaced += o.unplaced
	return nil
}

// Total returns the number of people counted.
func (c *Counter) Total() int64 { return c.total }

// Plan is every duty of an incident.
type Plan struct {
	// AsOf is the date whose law the plan applies.
	AsOf time.Time
	// Duties has one row per rule and jurisdiction with affected residents,
	// sorted by deadline (rows without a time, then those not required, last).
	Duties []Duty
	// Uncovered lists, by jurisdiction, the people counted in jurisdictions
	// for which no rule of the table applies on AsOf: none covers the
	// jurisdiction at all, or none that covers it is in force that day.
	// No duty was decided for them, which is not to say they have none:
	// their local law must be checked. A jurisdiction with people is in
	// Duties or in Uncovered, never in both, never in neither.
	Uncovered []Uncovered
	// People is everyone counted; Unplaced those without a usable
	// jurisdiction, for whom no duty could be decided.
	People, Unplaced int64
}

// Uncovered is a jurisdiction with people counted for which the rules
// decide nothing (see [Plan.Uncovered]).
type Uncovered struct {
	// Jurisdiction is the people's jurisdiction, "ID" or "US-WY".
	Jurisdiction string
	// People is how many people of the jurisdiction were counted.
	People int64
}

// Plan decides every rule that applies on asOf (a zero asOf: the day of
// awareness) for every jurisdiction with people counted, and lists the
// jurisdictions with people for which no rule applies in [Plan.Uncovered],
// so that nobody counted is left out of the plan unsaid.
func (c *Counter) Plan(asOf time.Time) Plan {
	if asOf.IsZero() {
		asOf = c.facts.AwareAt
	}
	rs := c.rules
	all := max(c.total, c.facts.Affected)
	p := Plan{AsOf: asOf, People: c.total, Unplaced: c.unplaced}
	for slot := range numSlots {
		if c.people[slot] == 0 {
			continue
		}
		cells := c.cells[rs.offsets[slot]:rs.offsets[slot+1]]
		memo := map[int]time.Time{}
		var due func(ri int) time.Time
		due = func(ri int) time.Time {
			if t, ok := memo[ri]; ok {
				return t
			}
			var t time.Time
			for k, rj := range rs.bySlot[slot] {
				if int(rj) == ri && rs.rules[ri].applies(asOf) {
					t = rs.duty(ri, slot, cells[k], all, c.people[slot], &c.facts, nil).Deadline
				}
			}
			memo[ri] = t
			return t
		}
		covered := false
		for k, ri := range rs.bySlot[slot] {
			if !rs.rules[ri].applies(asOf) {
				continue
			}
			covered = true
			p.Duties = append(p.Duties, rs.duty(int(ri), slot, cells[k], all, c.people[slot], &c.facts, due))
		}
		if !covered {
			p.Uncovered = append(p.Uncovered, Uncovered{Jurisdiction: slotName(slot), People: c.people[slot]})
		}
	}
	sortDuties(p.Duties)
	// Slots put "US-CA" after "ZW"; readers look a code up alphabetically.
	slices.SortFunc(p.Uncovered, func(a, b Uncovered) int { return strings.Compare(a.Jurisdiction, b.Jurisdiction) })
	return p
}
