package duty_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/exposure/duty"
)

func TestDefaultRulesValid(t *testing.T) {
	if _, err := duty.NewRules(duty.DefaultRules()); err != nil {
		t.Fatal(err)
	}
}

// NewRules names every bad rule of a table, by position and ID.
func TestNewRulesNamesEveryBadRule(t *testing.T) {
	good := duty.Rule{
		ID: "XX.good", Jurisdictions: []string{"JP"}, Status: duty.InForce, When: []duty.Condition{{}},
		Addressee: duty.Individuals, Deadline: duty.Deadline{Kind: duty.NoFixedTime, Text: "promptly"},
		Sources: []duty.Source{{URL: "https://example.org/law", Pinpoint: "s1"}},
	}
	with := func(id string, change func(*duty.Rule)) duty.Rule {
		r := good
		r.ID = id
		change(&r)
		return r
	}
	rules := []duty.Rule{
		good,
		with("", func(r *duty.Rule) {}),
		with("XX.good", func(r *duty.Rule) {}),
		with("XX.place", func(r *duty.Rule) { r.Jurisdictions = []string{"Japan"} }),
		with("XX.state", func(r *duty.Rule) { r.Jurisdictions = []string{"US-ZZ"} }),
		with("XX.status", func(r *duty.Rule) { r.Status = 0 }),
		with("XX.trigger", func(r *duty.Rule) { r.When = nil }),
		with("XX.category", func(r *duty.Rule) { r.When = []duty.Condition{{AnyOf: []exposure.Category{99}}} }),
		with("XX.count", func(r *duty.Rule) { r.Threshold = &duty.Count{N: 500} }),
		with("XX.to", func(r *duty.Rule) { r.Addressee = duty.Regulator }),
		with("XX.deadline", func(r *duty.Rule) { r.Deadline = duty.Deadline{Kind: duty.Hours, Text: "72 hours"} }),
		with("XX.after", func(r *duty.Rule) {
			r.Deadline = duty.Deadline{Kind: duty.AfterDuty, Amount: 15, After: "XX.nowhere", Text: "15 days after"}
		}),
		with("XX.source", func(r *duty.Rule) { r.Sources = []duty.Source{{Pinpoint: "s1"}} }),
		with("XX.reading", func(r *duty.Rule) { r.Interpretation = []string{"mood"} }),
	}
	_, err := duty.NewRules(rules)
	type problem struct {
		Index int
		ID    string
		Kind  error
	}
	kinds := []error{duty.ErrMissingID, duty.ErrDuplicateID, duty.ErrJurisdiction, duty.ErrStatus, duty.ErrNoTrigger,
		duty.ErrCategory, duty.ErrCount, duty.ErrAddressee, duty.ErrDeadline, duty.ErrUnknownDutyRule, duty.ErrSource, duty.ErrInterpretation}
	var got []problem
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *duty.RuleError
		if !errors.As(e, &re) {
			t.Fatalf("not a RuleError: %v", e)
		}
		p := problem{Index: re.Index, ID: re.ID}
		for _, k := range kinds {
			if errors.Is(e, k) {
				p.Kind = k
			}
		}
		got = append(got, p)
	}
	want := []problem{
		{1, "", duty.ErrMissingID},
		{2, "XX.good", duty.ErrDuplicateID},
		{3, "XX.place", duty.ErrJurisdiction},
		{4, "XX.state", duty.ErrJurisdiction},
		{5, "XX.status", duty.ErrStatus},
		{6, "XX.trigger", duty.ErrNoTrigger},
		{7, "XX.category", duty.ErrCategory},
		{8, "XX.count", duty.ErrCount},
		{9, "XX.to", duty.ErrAddressee},
		{10, "XX.deadline", duty.ErrDeadline},
		{11, "XX.after", duty.ErrUnknownDutyRule},
		{12, "XX.source", duty.ErrSource},
		{13, "XX.reading", duty.ErrInterpretation},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// A compliance engineer's own rule, tested as the README shows: a
// hypothetical Hong Kong mandatory regime (5 business days, the 2023
// proposal) replacing the voluntary one.
func TestOwnRule(t *testing.T) {
	rules := duty.DefaultRules()
	rules = append(rules, duty.Rule{
		ID: "HK.PDPO.proposed.individuals", Jurisdictions: []string{"HK"}, Status: duty.InForce,
		When:      []duty.Condition{{MinTier: exposure.TierHigh}},
		Addressee: duty.Individuals,
		Deadline:  duty.Deadline{Kind: duty.BusinessDays, Amount: 5, Text: "as soon as practicable and within 5 business days"},
		Sources:   []duty.Source{{URL: "https://twobirds.com/en/insights/2023/china/the-times-they-are-a-changin-hong-kong-privacy-commissioner-promised-concrete-proposals"}},
	})
	rs, err := duty.NewRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	c := rs.NewCounter(duty.Facts{AwareAt: aware}) // Tuesday 3 November 2026
	c.Add(person("HK", exposure.Name, exposure.IdentityCardNumber, exposure.DateOfBirth))
	c.Add(person("HK", exposure.Name))
	var got []row
	for _, d := range c.Plan(aware).Duties {
		if d.Rule == "HK.PDPO.proposed.individuals" {
			got = append(got, row{Result: d.Result.String(), People: d.People, Deadline: d.Deadline.Format("2006-01-02")})
		}
	}
	want := []row{{Result: "required", People: 1, Deadline: "2026-11-10"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// A rule of one's own with a day count that includes the anchor's day, and
// people whose jurisdiction is unusable: counted, never placed.
func TestAnchorDayAndUnplaced(t *testing.T) {
	rule := func(include bool) duty.Rule {
		return duty.Rule{
			ID: "XX.days", Jurisdictions: []string{"NZ"}, Status: duty.InForce, When: []duty.Condition{{}},
			Addressee: duty.Individuals, Sources: []duty.Source{{URL: "https://example.org/law"}},
			Deadline: duty.Deadline{Kind: duty.CalendarDays, Amount: 3, IncludeAnchorDay: include, Text: "3 days"},
		}
	}
	var got []string
	for _, include := range []bool{false, true} {
		rs, err := duty.NewRules([]duty.Rule{rule(include)})
		if err != nil {
			t.Fatal(err)
		}
		c := rs.NewCounter(duty.Facts{AwareAt: aware}) // 3 November 2026
		c.Add(person("NZ", exposure.Name))
		c.Add(person("New Zealand", exposure.Name))
		c.Add(person("", exposure.Name))
		p := c.Plan(aware)
		got = append(got, fmt.Sprintf("%s people=%d unplaced=%d", p.Duties[0].Deadline.Format("2006-01-02"), p.People, p.Unplaced))
	}
	want := []string{"2026-11-06 people=3 unplaced=2", "2026-11-05 people=3 unplaced=2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// People in a jurisdiction no rule covers, or whose only rule is not yet in
// force, are listed as uncovered with their number, never dropped.
func TestPlanUncovered(t *testing.T) {
	rule := func(id, j string, from time.Time) duty.Rule {
		return duty.Rule{
			ID: id, Jurisdictions: []string{j}, Status: duty.InForce, From: from, When: []duty.Condition{{}},
			Addressee: duty.Individuals, Sources: []duty.Source{{URL: "https://example.org/law"}},
			Deadline: duty.Deadline{Kind: duty.NoFixedTime, Text: "promptly"},
		}
	}
	rs, err := duty.NewRules([]duty.Rule{
		rule("NZ.now", "NZ", time.Time{}),
		rule("AU.later", "AU", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := rs.NewCounter(duty.Facts{AwareAt: aware})
	for _, j := range []string{"US-WY", "NZ", "AU", "JP", "AU", "JP", "", "JP"} {
		c.Add(person(j, exposure.Name))
	}
	type plan struct {
		Rules     []string
		Uncovered []duty.Uncovered
		Unplaced  int64
	}
	summary := func(p duty.Plan) plan {
		out := plan{Uncovered: p.Uncovered, Unplaced: p.Unplaced}
		for _, d := range p.Duties {
			out.Rules = append(out.Rules, d.Rule+"@"+d.Jurisdiction)
		}
		return out
	}
	got := []plan{summary(c.Plan(aware)), summary(c.Plan(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)))}
	want := []plan{
		{Rules: []string{"NZ.now@NZ"}, Uncovered: []duty.Uncovered{{"AU", 2}, {"JP", 3}, {"US-WY", 1}}, Unplaced: 1},
		{Rules: []string{"AU.later@AU", "NZ.now@NZ"}, Uncovered: []duty.Uncovered{{"JP", 3}, {"US-WY", 1}}, Unplaced: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	// Covers says of one jurisdiction what the plan says of its people,
	// and is false for what is not a jurisdiction.
	for i, day := range []time.Time{aware, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)} {
		for _, j := range []string{"US-WY", "NZ", "AU", "JP", "", "nz", "US-"} {
			uncovered := slices.ContainsFunc(want[i].Uncovered, func(u duty.Uncovered) bool { return u.Jurisdiction == j })
			covered := slices.ContainsFunc(want[i].Rules, func(r string) bool { return strings.HasSuffix(r, "@"+j) })
			if got := rs.Covers(j, day); got != covered || covered && uncovered {
				t.Errorf("Covers(%q, %v) = %v; the plan has it covered %v, uncovered %v", j, day.Format("2006-01-02"), got, covered, uncovered)
			}
		}
	}
}
