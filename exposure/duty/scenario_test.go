package duty_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/exposure/duty"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no time zone data for %s: %v", name, err)
	}
	return l
}

var (
	tokyo = time.FixedZone("JST", 9*3600)
	aware = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
)

// person builds a person whose tier is the default policy's for the set.
func person(j string, cs ...exposure.Category) duty.Person {
	s := exposure.Of(cs...)
	return duty.Person{Jurisdiction: j, Exposed: s, Tier: exposure.Assess(s).Tier()}
}

// row is what a test checks of a plan's duty.
type row struct {
	Result    string
	People    int64
	Deadline  string // RFC 3339, or "" when none
	Suggested string `cmp:",omitempty"`
}

// planRows runs the people through a counter and returns the rows of the
// rules asked for, by "rule@jurisdiction"; a rule absent from the plan maps
// to nothing.
func planRows(t testing.TB, f duty.Facts, asOf time.Time, people []duty.Person, rules ...string) map[string]row {
	t.Helper()
	c := duty.Default().NewCounter(f)
	for _, p := range people {
		c.Add(p)
	}
	got := map[string]row{}
	for _, d := range c.Plan(asOf).Duties {
		for _, r := range rules {
			if d.Rule == r {
				dl := ""
				if !d.Deadline.IsZero() {
					dl = d.Deadline.Format(time.RFC3339)
				}
				sug := ""
				if d.Result == duty.NeedsJudgement {
					sug = d.Suggested.String()
				}
				got[d.Rule+"@"+d.Jurisdiction] = row{d.Result.String(), d.People, dl, sug}
			}
		}
	}
	return got
}

func times(n int, p duty.Person) []duty.Person {
	ps := make([]duty.Person, n)
	for i := range ps {
		ps[i] = p
	}
	return ps
}

// The golden examples of research §4.2, design rule 7.
func TestResearchExamples(t *testing.T) {
	tests := []struct {
		name   string
		facts  duty.Facts
		people []duty.Person
		rules  []string
		want   map[string]row
	}{{
		// §4.2 (7): a JP resident with name and e-mail in a malicious hack:
		// PPC preliminary (promptly), final within 60 days, individual notice.
		name:   "JP name and email, malicious",
		facts:  duty.Facts{AwareAt: aware, Malicious: true},
		people: []duty.Person{person("JP", exposure.Name, exposure.Email)},
		rules:  []string{"JP.APPI.26.regulator.preliminary", "JP.APPI.26.regulator.final", "JP.APPI.26.regulator.final.unjust", "JP.APPI.26-2.individuals"},
		want: map[string]row{
			"JP.APPI.26.regulator.preliminary@JP":  {"required", 1, "", ""},
			"JP.APPI.26.regulator.final@JP":        {"not_required", 0, "", ""},
			"JP.APPI.26.regulator.final.unjust@JP": {"required", 1, "2027-01-02T23:59:59Z", ""},
			"JP.APPI.26-2.individuals@JP":          {"required", 1, "", ""},
		},
	}, {
		// §4.2 (7): a NY resident with name and passport only: no NY duty
		// (§899-aa lists no passport element; research §2.11).
		name:   "NY name and passport",
		facts:  duty.Facts{AwareAt: aware, Malicious: true},
		people: []duty.Person{person("US-NY", exposure.Name, exposure.PassportNumber)},
		rules:  []string{"US-NY.899-aa.individuals", "US-NY.899-aa.agencies"},
		want: map[string]row{
			"US-NY.899-aa.individuals@US-NY": {"not_required", 0, "", ""},
			"US-NY.899-aa.agencies@US-NY":    {"not_required", 0, "", ""},
		},
	}, {
		// §4.2 (7): a KR resident with a passport number, alone, not
		// malicious: PIPC/KISA within 72 hours (Decree art. 40; §2.5).
		name:   "KR passport alone",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("KR", exposure.PassportNumber)},
		rules:  []string{"KR.PIPA.34.regulator", "KR.PIPA.34.individuals.2026"},
		want: map[string]row{
			"KR.PIPA.34.regulator@KR":        {"required", 1, "2026-11-06T09:30:00Z", ""},
			"KR.PIPA.34.individuals.2026@KR": {"required", 1, "2026-11-06T09:30:00Z", ""},
		},
	}, {
		// §4.2 design rule 2 (incident-type triggers override category
		// lists): Korea's external access makes a phone number reportable.
		name:   "KR phone, malicious",
		facts:  duty.Facts{AwareAt: aware, Malicious: true},
		people: []duty.Person{person("KR", exposure.Phone)},
		rules:  []string{"KR.PIPA.34.regulator"},
		want:   map[string]row{"KR.PIPA.34.regulator@KR": {"required", 1, "2026-11-06T09:30:00Z", ""}},
	}, {
		// The same without malice: not reportable (one person, no listed data).
		name:   "KR phone, accidental",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("KR", exposure.Phone)},
		rules:  []string{"KR.PIPA.34.regulator"},
		want:   map[string]row{"KR.PIPA.34.regulator@KR": {"not_required", 0, "", ""}},
	}, {
		// §4.3 note 11 and PPC FAQ Q6-12: an expired card number is still
		// (2), property damage, even for one person and no malice.
		name:   "JP expired card, accidental",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("JP", exposure.Name, exposure.CardExpired)},
		rules:  []string{"JP.APPI.26.regulator.final"},
		want:   map[string]row{"JP.APPI.26.regulator.final@JP": {"required", 1, "2026-12-03T23:59:59Z", ""}},
	}, {
		// §4.2 design rule 5 (three-valued): GDPR high risk is a judgement,
		// with breachkit's suggestion from the tier. A passport with a name
		// is high or above in the default policy; name and e-mail is not.
		name:   "EU judgement",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("FR", exposure.Name, exposure.PassportNumber), person("DE", exposure.Name, exposure.Email)},
		rules:  []string{"EU.GDPR.34.individuals"},
		want: map[string]row{
			"EU.GDPR.34.individuals@FR": {"needs_judgement", 1, "", "required"},
			"EU.GDPR.34.individuals@DE": {"needs_judgement", 1, "", "not_required"},
		},
	}, {
		// Art. 34(3)(a): unintelligible data remove the individual duty, not
		// the authority's (research §2.1).
		name:   "EU unintelligible",
		facts:  duty.Facts{AwareAt: aware, Unintelligible: true},
		people: []duty.Person{person("FR", exposure.Name, exposure.PassportNumber)},
		rules:  []string{"EU.GDPR.34.individuals", "EU.GDPR.33.regulator"},
		want: map[string]row{
			"EU.GDPR.34.individuals@FR": {"not_required", 0, "", ""},
			"EU.GDPR.33.regulator@FR":   {"needs_judgement", 1, "2026-11-06T09:30:00Z", "required"},
		},
	}, {
		// §4.3 note 1: Singapore deems significant harm for an
		// identification number (a passport) with a Schedule Part 1 item.
		name:   "SG deemed harm",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("SG", exposure.PassportNumber, exposure.BankAccountNumber)},
		rules:  []string{"SG.PDPA.26D.individuals"},
		want:   map[string]row{"SG.PDPA.26D.individuals@SG": {"required", 1, "", ""}},
	}, {
		// Research §2.11: Texas reads a passport as a government-issued ID
		// (an interpretation the rule marks); New York does not list it.
		name:   "TX name and passport",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("US-TX", exposure.Name, exposure.PassportNumber)},
		rules:  []string{"US-TX.521.053.individuals"},
		want:   map[string]row{"US-TX.521.053.individuals@US-TX": {"required", 1, "2027-01-02T23:59:59Z", ""}},
	}, {
		// Florida's no-harm determination is a judgement; breachkit suggests notifying.
		name:   "FL judgement",
		facts:  duty.Facts{AwareAt: aware},
		people: []duty.Person{person("US-FL", exposure.Name, exposure.PassportNumber)},
		rules:  []string{"US-FL.501.171.individuals"},
		want:   map[string]row{"US-FL.501.171.individuals@US-FL": {"needs_judgement", 1, "2026-12-03T23:59:59Z", "required"}},
	}, {
		// The encryption safe harbour: encrypted card data with the key safe.
		name:   "CA encrypted",
		facts:  duty.Facts{AwareAt: aware, Unintelligible: true},
		people: []duty.Person{person("US-CA", exposure.Name, exposure.CardWithCVV)},
		rules:  []string{"US-CA.1798.82.individuals"},
		want:   map[string]row{"US-CA.1798.82.individuals@US-CA": {"not_required", 0, "", ""}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planRows(t, tt.facts, time.Time{}, tt.people, tt.rules...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// §4.2 design rule 1: thresholds carry an operator and a population. Each
// is tested on both sides.
func TestThresholds(t *testing.T) {
	nameEmail := func(j string) duty.Person { return person(j, exposure.Name, exposure.Email) }
	tests := []struct {
		name     string
		affected int64 // people in all, beyond those listed
		people   []duty.Person
		rule     string
		want     string
	}{
		// JP Rule 7(4): more than 1,000 (千人を超える).
		{"JP 1000", 1000, []duty.Person{nameEmail("JP")}, "JP.APPI.26.regulator.final@JP", "not_required"},
		{"JP 1001", 1001, []duty.Person{nameEmail("JP")}, "JP.APPI.26.regulator.final@JP", "required"},
		// KR Decree art. 40: 1,000 or more.
		{"KR 999", 999, []duty.Person{nameEmail("KR")}, "KR.PIPA.34.regulator@KR", "not_required"},
		{"KR 1000", 1000, []duty.Person{nameEmail("KR")}, "KR.PIPA.34.regulator@KR", "required"},
		// SG s26B(1)(b): not fewer than 500 (below, the harm test decides).
		{"SG 499", 499, []duty.Person{nameEmail("SG")}, "SG.PDPA.26D.regulator@SG", "needs_judgement"},
		{"SG 500", 500, []duty.Person{nameEmail("SG")}, "SG.PDPA.26D.regulator@SG", "required"},
		// CA §1798.82(f): more than 500 California residents notified.
		{"CA 500", 0, times(500, person("US-CA", exposure.Name, exposure.PassportNumber)), "US-CA.1798.82.attorney_general@US-CA", "not_required"},
		{"CA 501", 0, times(501, person("US-CA", exposure.Name, exposure.PassportNumber)), "US-CA.1798.82.attorney_general@US-CA", "required"},
		// Residents count only when their data meets the condition: 501
		// Californians of whom 500 lost a passport and one an e-mail.
		{"CA 500+1", 0, append(times(500, person("US-CA", exposure.Name, exposure.PassportNumber)), nameEmail("US-CA")), "US-CA.1798.82.attorney_general@US-CA", "not_required"},
		// TX §521.053(i): at least 250 Texans.
		{"TX 249", 0, times(249, person("US-TX", exposure.Name, exposure.DriversLicenceNumber)), "US-TX.521.053.attorney_general@US-TX", "not_required"},
		{"TX 250", 0, times(250, person("US-TX", exposure.Name, exposure.DriversLicenceNumber)), "US-TX.521.053.attorney_general@US-TX", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := duty.Facts{AwareAt: aware, Affected: tt.affected}
			rule, _, _ := cut(tt.rule)
			got := planRows(t, f, time.Time{}, tt.people, rule)[tt.rule].Result
			if got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.rule, got, tt.want)
			}
		})
	}
}

func cut(s string) (string, string, bool) {
	for i := range s {
		if s[i] == '@' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// §4.2 design rule 3: clock anchors differ and some duties chain. Each kind
// of deadline from a known time, across a change of daylight-saving time
// and a month end.
func TestDeadlines(t *testing.T) {
	ny := zone(t, "America/New_York")
	sg := zone(t, "Asia/Singapore")
	// DST starts in New York on 8 March 2026 and ends on 1 November 2026.
	beforeSpring := time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	beforeAutumn := time.Date(2026, 10, 15, 10, 0, 0, 0, ny)
	tests := []struct {
		name   string
		facts  duty.Facts
		person duty.Person
		rule   string
		want   string
	}{
		// 72 elapsed hours: the wall clock moves an hour across the change.
		{"hours across DST", duty.Facts{AwareAt: beforeSpring}, person("KR", exposure.Name),
			"KR.PIPA.34.individuals@KR", "2026-03-10T13:00:00-04:00"},
		// 30 calendar days keep the calendar day in the jurisdiction's zone.
		{"calendar days across DST", duty.Facts{AwareAt: beforeAutumn}, person("US-NY", exposure.Name, exposure.DriversLicenceNumber),
			"US-NY.899-aa.individuals@US-NY", "2026-11-14T23:59:59-05:00"},
		// Across the end of a short month, counted in Japan's calendar.
		{"calendar days across February", duty.Facts{AwareAt: time.Date(2026, 1, 31, 15, 0, 0, 0, tokyo), Malicious: true},
			person("JP", exposure.Name), "JP.APPI.26.regulator.final.unjust@JP", "2026-04-01T23:59:59+09:00"},
		// A late-evening awareness in UTC is the next day in Tokyo.
		{"calendar days in the jurisdiction's zone", duty.Facts{AwareAt: time.Date(2026, 1, 31, 20, 0, 0, 0, time.UTC), Zones: map[string]*time.Location{"JP": tokyo}},
			person("JP", exposure.Name, exposure.CardWithCVV), "JP.APPI.26.regulator.final@JP", "2026-03-03T23:59:59+09:00"},
		// Singapore: 3 calendar days after the assessment, counting from the
		// next day, across a month end (assessed Friday 29 May 2026).
		{"days after assessment", duty.Facts{AwareAt: beforeAutumn, AssessedAt: time.Date(2026, 5, 29, 18, 0, 0, 0, sg)},
			person("SG", exposure.PassportNumber, exposure.BankAccountNumber), "SG.PDPA.26D.regulator@SG", "2026-06-01T23:59:59+08:00"},
		// Not yet assessed: no time, only words.
		{"days after an assessment not made", duty.Facts{AwareAt: beforeAutumn},
			person("SG", exposure.PassportNumber, exposure.BankAccountNumber), "SG.PDPA.26D.regulator@SG", ""},
		// 14 business days from Friday 27 February 2026: weekends skipped,
		// across the month end and the change to summer time.
		{"business days", duty.Facts{AwareAt: time.Date(2026, 2, 27, 16, 0, 0, 0, ny)}, person("US-VT", exposure.Name, exposure.NationalIDNumber),
			"US-VT.attorney_general.preliminary@US-VT", "2026-03-19T23:59:59-04:00"},
		// California's attorney general: 15 days after the individuals'
		// 30-day deadline (from 1 January 2026).
		{"after another duty", duty.Facts{AwareAt: time.Date(2026, 1, 20, 9, 0, 0, 0, zone(t, "America/Los_Angeles"))},
			person("US-CA", exposure.Name, exposure.PassportNumber), "US-CA.1798.82.individuals@US-CA", "2026-02-19T23:59:59-08:00"},
		// "Without undue delay": words only.
		{"no fixed time", duty.Facts{AwareAt: beforeAutumn}, person("FR", exposure.Name, exposure.PassportNumber),
			"EU.GDPR.34.individuals@FR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule, _, _ := cut(tt.rule)
			got := planRows(t, tt.facts, time.Time{}, []duty.Person{tt.person}, rule)
			r, ok := got[tt.rule]
			if !ok {
				t.Fatalf("no row %s in %v", tt.rule, got)
			}
			if r.Deadline != tt.want {
				t.Errorf("%s: deadline %q, want %q", tt.rule, r.Deadline, tt.want)
			}
		})
	}
}

// California's attorney-general deadline follows the individuals' one.
func TestDeadlineAfterDuty(t *testing.T) {
	f := duty.Facts{AwareAt: time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)}
	got := planRows(t, f, time.Time{}, times(501, person("US-CA", exposure.Name, exposure.PassportNumber)),
		"US-CA.1798.82.individuals", "US-CA.1798.82.attorney_general")
	want := map[string]row{
		"US-CA.1798.82.individuals@US-CA":      {"required", 501, "2026-02-19T23:59:59Z", ""},
		"US-CA.1798.82.attorney_general@US-CA": {"required", 501, "2026-03-06T23:59:59Z", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// §4.2 design rule 4: status and dates are data, evaluated as of a date.
func TestAsOf(t *testing.T) {
	f := duty.Facts{AwareAt: time.Date(2025, 12, 10, 9, 0, 0, 0, time.UTC)}
	people := []duty.Person{person("US-CA", exposure.Name, exposure.PassportNumber), person("KR", exposure.Name), person("TW", exposure.Name)}
	rules := []string{"US-CA.1798.82.individuals.2025", "US-CA.1798.82.individuals", "KR.PIPA.34.individuals", "KR.PIPA.34.individuals.2026",
		"TW.PDPA.12.individuals", "TW.PDPA.12.2025.individuals", "EU.Omnibus.33.regulator"}
	tests := []struct {
		asOf time.Time
		want map[string]row
	}{{
		// SB 446 (30 days) not yet in force; Korea's amendment not yet; Taiwan's has no date.
		asOf: time.Date(2025, 12, 10, 0, 0, 0, 0, time.UTC),
		want: map[string]row{
			"US-CA.1798.82.individuals.2025@US-CA": {"required", 1, "", ""},
			"KR.PIPA.34.individuals@KR":            {"required", 1, "2025-12-13T09:00:00Z", ""},
			"TW.PDPA.12.individuals@TW":            {"required", 1, "", ""},
		},
	}, {
		asOf: time.Date(2026, 9, 11, 0, 0, 0, 0, time.UTC),
		want: map[string]row{
			"US-CA.1798.82.individuals@US-CA": {"required", 1, "2026-01-09T23:59:59Z", ""},
			"KR.PIPA.34.individuals.2026@KR":  {"required", 1, "2025-12-13T09:00:00Z", ""},
			"TW.PDPA.12.individuals@TW":       {"required", 1, "", ""},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.asOf.Format(time.DateOnly), func(t *testing.T) {
			got := planRows(t, f, tt.asOf, people, rules...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Research §2.3: Hong Kong has no statutory duty; notification is voluntary.
func TestVoluntary(t *testing.T) {
	got := planRows(t, duty.Facts{AwareAt: aware}, time.Time{},
		[]duty.Person{person("HK", exposure.Name, exposure.IdentityCardNumber), person("HK", exposure.Name)},
		"HK.PDPO.PCPD.voluntary", "HK.PDPO.individuals.voluntary")
	want := map[string]row{
		"HK.PDPO.PCPD.voluntary@HK":        {"voluntary", 2, "", ""},
		"HK.PDPO.individuals.voluntary@HK": {"voluntary", 2, "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// A person's own duties carry the content items owed to them: California's
// credit-bureau contacts only where a licence or SSN was exposed.
func TestPersonContent(t *testing.T) {
	rs := duty.Default()
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f := duty.Facts{AwareAt: asOf}
	hasBureaus := func(p duty.Person) bool {
		for _, d := range rs.Person(p, f, asOf) {
			for _, c := range d.Content {
				if c == "credit_bureau_contacts" {
					return true
				}
			}
		}
		return false
	}
	got := []bool{
		hasBureaus(person("US-CA", exposure.Name, exposure.DriversLicenceNumber)),
		hasBureaus(person("US-CA", exposure.Name, exposure.PassportNumber)),
	}
	if diff := cmp.Diff([]bool{true, false}, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	// Korea's notices explain remedies from 11 September 2026.
	kr := rs.Person(person("KR", exposure.Name), f, time.Date(2026, 9, 11, 0, 0, 0, 0, time.UTC))
	if len(kr) != 1 || kr[0].Content[len(kr[0].Content)-1] != "remedies_damages_and_mediation" {
		t.Errorf("Korea from 11 Sep 2026: %+v", kr)
	}
}

func ExampleRules_Person() {
	asOf := time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
	f := duty.Facts{AwareAt: asOf, Malicious: true}
	exposed := exposure.Of(exposure.Name, exposure.Email, exposure.PassportNumber)
	p := duty.Person{Jurisdiction: "KR", Exposed: exposed, Tier: exposure.Assess(exposed).Tier()}
	for _, d := range duty.Default().Person(p, f, asOf) {
		fmt.Println(d.Rule, d.Result, d.Deadline.Format(time.RFC3339))
		fmt.Println(d.Content)
	}
	// Output:
	// KR.PIPA.34.individuals.2026 required 2026-11-06T09:30:00Z
	// [items_leaked when_and_how what_you_can_do countermeasures_and_remedy_procedure help_desk remedies_damages_and_mediation]
}

func ExampleCounter_Plan() {
	f := duty.Facts{AwareAt: time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)}
	c := duty.Default().NewCounter(f)
	for _, p := range []duty.Person{
		{Jurisdiction: "JP", Exposed: exposure.Of(exposure.Name, exposure.CardWithCVV), Tier: exposure.TierHigh},
		{Jurisdiction: "HK", Exposed: exposure.Of(exposure.Name, exposure.Email), Tier: exposure.TierLow},
	} {
		c.Add(p)
	}
	for _, d := range c.Plan(time.Time{}).Duties {
		due := "-"
		if !d.Deadline.IsZero() {
			due = d.Deadline.Format(time.DateOnly)
		}
		fmt.Println(d.Jurisdiction, d.Addressee, d.Result, d.People, due)
	}
	// Output:
	// JP regulator required 1 2026-12-03
	// HK regulator voluntary 1 -
	// HK individuals voluntary 1 -
	// JP individuals required 1 -
	// JP regulator required 1 -
	// JP regulator not_required 0 -
}
