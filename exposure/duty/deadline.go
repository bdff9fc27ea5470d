package duty

import (
	"fmt"
	"time"
)

// DeadlineKind is how a deadline is counted.
type DeadlineKind uint8

const (
	NoFixedTime  DeadlineKind = iota + 1 // "without undue delay", "as soon as practicable": words only
	Hours                                // Amount hours from the anchor, an absolute duration
	CalendarDays                         // the end of the Amount-th calendar day after the anchor's day
	BusinessDays                         // the end of the Amount-th weekday after the anchor's day (public holidays are not known)
	AfterDuty                            // Amount calendar days after the deadline of rule After (California's attorney general)

	numDeadlineKinds
)

// Anchor is the moment a deadline runs from.
type Anchor uint8

const (
	FromAwareness  Anchor = iota // when the organisation became aware ([Facts.AwareAt]); the zero value
	FromAssessment               // when it assessed the breach notifiable ([Facts.AssessedAt]); Singapore

	numAnchors
)

// Deadline is when a duty must be done, in the jurisdiction's sense.
//
// Days are counted on the calendar of the jurisdiction's zone
// ([Facts.Zones]), else the anchor time's own zone, so "30 days" keeps the
// wall-clock day across a change of daylight-saving time while "72 hours"
// is 72 elapsed hours. Day counts exclude the anchor's own day (counting
// starts the next day, as Singapore's rule says and as the general rule of
// computing time does) unless IncludeAnchorDay is set, and end at the last
// second of the last day.
type Deadline struct {
	Kind             DeadlineKind
	Amount           int
	From             Anchor
	IncludeAnchorDay bool
	// After is the ID of the rule whose deadline an AfterDuty deadline follows.
	After string
	// Text is the deadline as the law puts it, always given: a deadline that
	// cannot be a time says so in these words.
	Text string
}

func (d Deadline) check() error {
	switch {
	case d.Kind == 0 || d.Kind >= numDeadlineKinds:
		return fmt.Errorf("%w: kind %d", ErrDeadline, d.Kind)
	case d.Kind != NoFixedTime && d.Amount <= 0:
		return fmt.Errorf("%w: amount %d", ErrDeadline, d.Amount)
	case d.From >= numAnchors:
		return fmt.Errorf("%w: anchor %d", ErrDeadline, d.From)
	case d.Text == "":
		return fmt.Errorf("%w: no text", ErrDeadline)
	case (d.Kind == AfterDuty) != (d.After != ""):
		return fmt.Errorf("%w: After goes with, and only with, AfterDuty", ErrDeadline)
	}
	return nil
}

// due returns the deadline as a time, or the zero time when it has none or
// its anchor is unknown. prior is the deadline of the rule an AfterDuty
// deadline follows.
func (d Deadline) due(f *Facts, loc *time.Location, prior time.Time) time.Time {
	anchor := f.AwareAt
	if d.From == FromAssessment {
		anchor = f.AssessedAt
	}
	if d.Kind == AfterDuty {
		anchor = prior
	}
	if anchor.IsZero() || d.Kind == NoFixedTime {
		return time.Time{}
	}
	if d.Kind == Hours {
		return anchor.Add(time.Duration(d.Amount) * time.Hour)
	}
	if loc == nil {
		loc = anchor.Location()
	}
	a := anchor.In(loc)
	y, m, day := a.Date()
	if d.IncludeAnchorDay {
		day--
	}
	switch d.Kind {
	case CalendarDays, AfterDuty:
		day += d.Amount
	case BusinessDays:
		for n := 0; n < d.Amount; {
			day++
			if wd := time.Date(y, m, day, 12, 0, 0, 0, loc).Weekday(); wd != time.Saturday && wd != time.Sunday {
				n++
			}
		}
	}
	// The last second of that day: the first instant of the next, less one
	// second (time.Date normalises a day past the month's end).
	return time.Date(y, m, day+1, 0, 0, 0, 0, loc).Add(-time.Second)
}
