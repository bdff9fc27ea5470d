package duty

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachkit/breachkit/exposure"
)

// Status is a rule's legal status. The zero value is not a status, so a
// forgotten field shows in [NewRules].
type Status uint8

const (
	InForce           Status = iota + 1 // law in force (between From and Until)
	EnactedNotInForce                   // enacted, not yet in force (no date, or From in the future)
	Proposed                            // a proposal or draft: never applies
	VoluntaryRegime                     // no statutory duty; notification is recommended

	numStatuses
)

var statusNames = []string{InForce: "in_force", EnactedNotInForce: "enacted_not_in_force", Proposed: "proposed", VoluntaryRegime: "voluntary"}

// String returns the wire name: "in_force", "enacted_not_in_force", "proposed" or "voluntary".
func (s Status) String() string { return enumName(statusNames, uint8(s), "Status") }

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (s Status) MarshalText() ([]byte, error) { return marshalEnum(statusNames, uint8(s), "Status") }

// Addressee is whom a duty's notice goes to.
type Addressee uint8

const (
	Individuals     Addressee = iota + 1 // the people affected
	Regulator                            // a data-protection authority or other named regulator
	AttorneyGeneral                      // a US state attorney general (or equivalent department)
	CreditBureaus                        // consumer reporting agencies
	Other                                // others (state police, organisations that can reduce harm)

	numAddressees
)

var addresseeNames = []string{Individuals: "individuals", Regulator: "regulator", AttorneyGeneral: "attorney_general", CreditBureaus: "credit_bureaus", Other: "other"}

// String returns the wire name: "individuals", "regulator",
// "attorney_general", "credit_bureaus" or "other".
func (a Addressee) String() string { return enumName(addresseeNames, uint8(a), "Addressee") }

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (a Addressee) MarshalText() ([]byte, error) {
	return marshalEnum(addresseeNames, uint8(a), "Addressee")
}

// Result is what a rule decides for a person or an incident.
type Result uint8

const (
	NotRequired    Result = iota // no duty; the zero value
	Required                     // a statutory duty
	NeedsJudgement               // a legal harm test decides: a question for counsel
	Voluntary                    // a voluntary regime recommends it

	numResults
)

var resultNames = []string{NotRequired: "not_required", Required: "required", NeedsJudgement: "needs_judgement", Voluntary: "voluntary"}

// String returns the wire name: "not_required", "required",
// "needs_judgement" or "voluntary".
func (r Result) String() string { return enumName(resultNames, uint8(r), "Result") }

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (r Result) MarshalText() ([]byte, error) { return marshalEnum(resultNames, uint8(r), "Result") }

func enumName(names []string, v uint8, typ string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func marshalEnum(names []string, v uint8, typ string) ([]byte, error) {
	if int(v) < len(names) && names[v] != "" {
		return []byte(names[v]), nil
	}
	return nil, fmt.Errorf("duty: invalid %s %d", typ, v)
}

// Condition is a test of one person in an incident. It holds when every one
// of its set parts holds; its zero value holds for everyone.
//
// There is no "none of": adding a category to a person never makes a
// condition stop holding, so more exposure never removes a duty.
type Condition struct {
	// AllOf: every one of these categories was exposed.
	AllOf []exposure.Category
	// AnyOf: at least one of these was exposed.
	AnyOf []exposure.Category
	// Identity, the US-style element test: at least one of these (a name,
	// an identifier) was exposed together with one of AnyOf.
	Identity []exposure.Category
	// MinTier: the person's tier is at least this (TierNone: any tier).
	MinTier exposure.Tier
	// Malicious: the incident was caused deliberately (an attacker, an
	// insider): Japan's "unjust purpose", Korea's unauthorised external access.
	Malicious bool
	// Intelligible: the data was intelligible to whoever obtained it (not
	// encrypted with the key kept safe). The encryption safe harbours.
	Intelligible bool
}

// Count is a threshold on a number of people: "more than 1,000 people in
// all" (Japan), "1,000 or more" (Korea), "more than 500 residents of
// California".
type Count struct {
	Op Comparator
	N  int64
	Of Population
}

// Comparator compares a count with a threshold.
type Comparator uint8

const (
	MoreThan Comparator = iota + 1 // count > N
	AtLeast                        // count >= N ("not fewer than", "or more")

	numComparators
)

// Population is what a [Count] counts.
type Population uint8

const (
	AllAffected Population = iota + 1 // everyone the incident affected, wherever they live
	Residents                         // the residents of the jurisdiction for whom the rule's condition holds

	numPopulations
)

func (c Count) holds(all, residents int64) bool {
	n := all
	if c.Of == Residents {
		n = residents
	}
	if c.Op == MoreThan {
		return n > c.N
	}
	return n >= c.N
}

func (c Count) String() string {
	op := "more than"
	if c.Op == AtLeast {
		op = "at least"
	}
	of := "people in all"
	if c.Of == Residents {
		of = "residents concerned"
	}
	return fmt.Sprintf("%s %d %s", op, c.N, of)
}

// Harm is a legal harm test ("high risk", "real risk of significant
// harm"). A rule with one gives [NeedsJudgement] where its condition holds,
// unless Deemed holds (the law deems the harm: [Required]).
type Harm struct {
	// Test names the test as the law does, with its pinpoint.
	Test string
	// Deemed, if set, lists the cases the law itself deems harmful (any
	// one holding makes the duty required).
	Deemed []Condition
	// SuggestFrom is the tier from which breachkit suggests answering the
	// test with "required"; below it, "not required".
	SuggestFrom exposure.Tier
	// Why says why that tier: the reasoning a reviewer checks.
	Why string
}

// Extra is a content item owed when a condition holds for the person.
type Extra struct {
	Item string
	When Condition
}

// Source is where a rule comes from.
type Source struct {
	URL      string
	Pinpoint string // article, section, paragraph, FAQ number
}

// Fields of a rule that can be marked as an interpretation in
// [Rule.Interpretation].
const (
	FieldWhen      = "when"
	FieldCounts    = "counts"
	FieldHarm      = "harm"
	FieldDeadline  = "deadline"
	FieldContent   = "content"
	FieldAddressee = "addressee"
)

var fieldNames = []string{FieldWhen, FieldCounts, FieldHarm, FieldDeadline, FieldContent, FieldAddressee}

// Rule is one duty of one law.
type Rule struct {
	// ID is unique in a table: "JP.APPI.26.regulator.final".
	ID string
	// Jurisdictions it covers: "JP", "US-CA", or the groups "US-*", "EU"
	// (the member states) and "EEA" (EU, Iceland, Liechtenstein, Norway).
	Jurisdictions []string
	// Except are jurisdictions the groups above do not cover here (the US
	// states with a rule of their own).
	Except []string
	// Status and the dates between which the rule applies, as of the date
	// a plan is made for: from From (inclusive) until Until (exclusive).
	// A zero date is open.
	Status      Status
	From, Until time.Time
	// When lists alternative conditions: the duty concerns a person when
	// any holds. Empty: no person on their own (see Scale).
	When []Condition
	// Scale, if set, makes the duty arise for everyone in the jurisdiction
	// when the count holds, whatever their data (Japan's "more than 1,000").
	Scale *Count
	// Threshold, if set, makes the duty arise only when the count of people
	// for whom When holds meets it (an attorney general "if more than 500").
	Threshold *Count
	// Harm, if set, is a legal harm test deciding the duty where When holds.
	Harm *Harm
	// Addressee and To (the body's name; empty for Individuals).
	Addressee Addressee
	To        string
	Deadline  Deadline
	// Content lists what a notice under the rule must carry, as stable
	// item names ("data_items", "remedies", "help_desk").
	Content []string
	// Extra are content items a person's notice must carry only when a
	// condition holds for them (California: the credit bureaus' contacts
	// when a Social Security or licence number was exposed).
	Extra []Extra
	// Sources: at least one, with a URL.
	Sources []Source
	// Interpretation names the fields (FieldWhen, FieldDeadline...) that
	// rest on a reading of the law rather than its text.
	Interpretation []string
	// Note is a line for the reviewer.
	Note string
}

// Errors of [NewRules], each wrapped in a [*RuleError].
var (
	ErrMissingID       = errors.New("duty: rule has no ID")
	ErrDuplicateID     = errors.New("duty: duplicate rule ID")
	ErrJurisdiction    = errors.New("duty: bad jurisdiction")
	ErrStatus          = errors.New("duty: bad status or dates")
	ErrNoTrigger       = errors.New("duty: rule has neither a condition nor a scale")
	ErrCategory        = errors.New("duty: invalid category or tier")
	ErrCount           = errors.New("duty: bad count")
	ErrAddressee       = errors.New("duty: bad addressee")
	ErrDeadline        = errors.New("duty: bad deadline")
	ErrSource          = errors.New("duty: rule has no source with a URL")
	ErrInterpretation  = errors.New("duty: unknown interpretation field")
	ErrUnknownDutyRule = errors.New("duty: deadline follows an unknown rule")
)

// RuleError reports a problem with one rule of a table.
type RuleError struct {
	Index int    // the rule's position, from 0
	ID    string // the rule's ID, possibly empty
	Err   error  // wraps one of the Err variables
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("duty: rule %d (%q): %s", e.Index, e.ID, strings.TrimPrefix(e.Err.Error(), "duty: "))
}

// Unwrap returns the problem, for [errors.Is].
func (e *RuleError) Unwrap() error { return e.Err }

// Rules is a validated table of rules, immutable and safe for concurrent use.
type Rules struct {
	rules    []compiled
	bySlot   [numSlots][]int32 // the rules covering each jurisdiction slot
	offsets  [numSlots + 1]int32
	byID     map[string]int
	numCells int
}

type compiled struct {
	Rule
	when    []compiledCond
	deemed  []compiledCond
	extra   []compiledCond
	afterIx int // index of the rule the deadline follows, or -1
}

type compiledCond struct {
	all, any, identity exposure.Set
	minTier            exposure.Tier
	malicious          bool
	intelligible       bool
}

func (c *compiledCond) holds(s exposure.Set, t exposure.Tier, f *Facts) bool {
	return s.Intersect(c.all) == c.all &&
		(c.any.IsEmpty() || !s.Intersect(c.any).IsEmpty()) &&
		(c.identity.IsEmpty() || !s.Intersect(c.identity).IsEmpty()) &&
		t >= c.minTier &&
		(!c.malicious || f.Malicious) &&
		(!c.intelligible || !f.Unintelligible)
}

func compileCond(c Condition) (compiledCond, error) {
	cc := compiledCond{minTier: c.MinTier, malicious: c.Malicious, intelligible: c.Intelligible}
	var bad []string
	add := func(dst *exposure.Set, cs []exposure.Category) {
		for _, x := range cs {
			if !x.Valid() {
				bad = append(bad, x.String())
				continue
			}
			*dst = dst.With(x)
		}
	}
	add(&cc.all, c.AllOf)
	add(&cc.any, c.AnyOf)
	add(&cc.identity, c.Identity)
	if len(bad) > 0 {
		return cc, fmt.Errorf("%w: %s", ErrCategory, strings.Join(bad, ", "))
	}
	if !c.MinTier.Valid() {
		return cc, fmt.Errorf("%w: tier %v", ErrCategory, c.MinTier)
	}
	if len(c.Identity) > 0 && len(c.AnyOf) == 0 {
		return cc, fmt.Errorf("%w: an identity element needs AnyOf elements to go with", ErrCategory)
	}
	return cc, nil
}

func checkCount(c *Count) error {
	if c == nil {
		return nil
	}
	if c.Op == 0 || c.Op >= numComparators || c.Of == 0 || c.Of >= numPopulations || c.N < 0 {
		return fmt.Errorf("%w: %+v", ErrCount, *c)
	}
	return nil
}

// NewRules validates a table and compiles it. It reports every problem at
// once ([errors.Join]), each a [*RuleError] naming the rule.
//
// A valid rule has a unique ID; at least one jurisdiction, each a country
// code, a US state ("US-CA") or a group; a status, and Until after From; a
// condition or a scale; valid categories and tiers; well-formed counts; an
// addressee (with To for anyone but Individuals); a deadline of a known
// kind, following an existing rule if it is relative; a source with a URL;
// and only known interpretation fields.
func NewRules(rules []Rule) (*Rules, error) {
	var problems []error
	rs := &Rules{rules: make([]compiled, len(rules)), byID: make(map[string]int, len(rules))}
	for i, r := range rules {
		fail := func(err error) { problems = append(problems, &RuleError{Index: i, ID: r.ID, Err: err}) }
		if r.ID == "" {
			fail(ErrMissingID)
		} else if first, dup := rs.byID[r.ID]; dup {
			fail(fmt.Errorf("%w: also rule %d", ErrDuplicateID, first))
		} else {
			rs.byID[r.ID] = i
		}
	}
	for i, r := range rules {
		fail := func(err error) { problems = append(problems, &RuleError{Index: i, ID: r.ID, Err: err}) }
		c := compiled{Rule: cloneRule(r), afterIx: -1}
		if len(r.Jurisdictions) == 0 {
			fail(fmt.Errorf("%w: none given", ErrJurisdiction))
		}
		for _, j := range slices.Concat(r.Jurisdictions, r.Except) {
			if _, ok := expand(j); !ok {
				fail(fmt.Errorf("%w: %q (want HK, US-CA, US-*, EU or EEA)", ErrJurisdiction, j))
			}
		}
		if r.Status == 0 || r.Status >= numStatuses {
			fail(fmt.Errorf("%w: status %v", ErrStatus, r.Status))
		}
		if !r.From.IsZero() && !r.Until.IsZero() && !r.Until.After(r.From) {
			fail(fmt.Errorf("%w: until %s is not after from %s", ErrStatus, r.Until.Format(time.DateOnly), r.From.Format(time.DateOnly)))
		}
		if len(r.When) == 0 && r.Scale == nil {
			fail(ErrNoTrigger)
		}
		for _, w := range r.When {
			cc, err := compileCond(w)
			if err != nil {
				fail(err)
			}
			c.when = append(c.when, cc)
		}
		if r.Harm != nil {
			if r.Harm.Test == "" || !r.Harm.SuggestFrom.Valid() || r.Harm.SuggestFrom == exposure.TierNone {
				fail(fmt.Errorf("%w: a harm test needs a name and a tier to suggest from", ErrCategory))
			}
			for _, w := range r.Harm.Deemed {
				cc, err := compileCond(w)
				if err != nil {
					fail(err)
				}
				c.deemed = append(c.deemed, cc)
			}
		}
		for _, e := range r.Extra {
			cc, err := compileCond(e.When)
			if err != nil || e.Item == "" {
				fail(fmt.Errorf("%w: extra content item %q", ErrCategory, e.Item))
			}
			c.extra = append(c.extra, cc)
		}
		if err := checkCount(r.Scale); err != nil {
			fail(err)
		}
		if err := checkCount(r.Threshold); err != nil {
			fail(err)
		}
		if r.Addressee == 0 || r.Addressee >= numAddressees {
			fail(fmt.Errorf("%w: %v", ErrAddressee, r.Addressee))
		} else if r.Addressee != Individuals && r.To == "" {
			fail(fmt.Errorf("%w: %v needs To, the body's name", ErrAddressee, r.Addressee))
		}
		if err := r.Deadline.check(); err != nil {
			fail(err)
		}
		if r.Deadline.Kind == AfterDuty {
			if ix, ok := rs.byID[r.Deadline.After]; !ok || ix == i {
				fail(fmt.Errorf("%w: %q", ErrUnknownDutyRule, r.Deadline.After))
			} else if rules[ix].Deadline.Kind == AfterDuty {
				fail(fmt.Errorf("%w: %q is itself relative", ErrDeadline, r.Deadline.After))
			} else {
				c.afterIx = ix
			}
		}
		if !slices.ContainsFunc(r.Sources, func(s Source) bool { return s.URL != "" }) {
			fail(ErrSource)
		}
		for _, f := range r.Interpretation {
			if !slices.Contains(fieldNames, f) {
				fail(fmt.Errorf("%w: %q", ErrInterpretation, f))
			}
		}
		rs.rules[i] = c
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	for i, r := range rs.rules {
		var except [numSlots]bool
		for _, j := range r.Except {
			s, _ := expand(j)
			for _, x := range s {
				except[x] = true
			}
		}
		for _, j := range r.Jurisdictions {
			s, _ := expand(j)
			for _, x := range s {
				if !except[x] && !slices.Contains(rs.bySlot[x], int32(i)) {
					rs.bySlot[x] = append(rs.bySlot[x], int32(i))
				}
			}
		}
	}
	for s := range numSlots {
		rs.offsets[s+1] = rs.offsets[s] + int32(len(rs.bySlot[s]))
	}
	rs.numCells = int(rs.offsets[numSlots])
	return rs, nil
}

func cloneRule(r Rule) Rule {
	r.Jurisdictions = slices.Clone(r.Jurisdictions)
	r.Except = slices.Clone(r.Except)
	r.When = slices.Clone(r.When)
	r.Content = slices.Clone(r.Content)
	r.Extra = slices.Clone(r.Extra)
	r.Sources = slices.Clone(r.Sources)
	r.Interpretation = slices.Clone(r.Interpretation)
	return r
}

// Rule returns the rule with the given ID.
func (rs *Rules) Rule(id string) (Rule, bool) {
	i, ok := rs.byID[id]
	if !ok {
		return Rule{}, false
	}
	return cloneRule(rs.rules[i].Rule), true
}

// applies reports whether the rule is law (or a voluntary regime) on day asOf.
func (r *Rule) applies(asOf time.Time) bool {
	if r.Status == Proposed {
		return false
	}
	if r.Status == EnactedNotInForce && r.From.IsZero() {
		return false // no date of force yet
	}
	if !r.From.IsZero() && asOf.Before(r.From) {
		return false
	}
	if !r.Until.IsZero() && !asOf.Before(r.Until) {
		return false
	}
	return true
}
