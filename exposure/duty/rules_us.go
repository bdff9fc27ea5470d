package duty

import (
	"strconv"

	"github.com/breachkit/breachkit/exposure"
)

// The US majority rule (research §1 "US – majority rule" and §2.11), for the
// states without a file of their own: a first name or initial and last name
// with an SSN, a driver's licence or state ID number, or a card or account
// number with its code, unencrypted; many states add a login name with its
// password. State lists differ: this is the common core.
func rulesUS() []Rule {
	u8 := Source{URL: "https://github.com/Akesari12/Do-Data-Breach-Notification-Laws-Work-NYU-JLPP-Replication-Code/blob/master/data/notification_days.csv", Pinpoint: "individual notice days by state"}
	u9 := Source{URL: "https://github.com/Akesari12/Do-Data-Breach-Notification-Laws-Work-NYU-JLPP-Replication-Code/blob/master/data/bloomberg_law_summary.csv", Pinpoint: "elements, encryption, CRA thresholds"}
	u4 := Source{URL: "https://github.com/Akesari12/Do-Data-Breach-Notification-Laws-Work-NYU-JLPP-Replication-Code/blob/master/data/Security-Breach-Notification-Law-Chart-Sept-2021.pdf", Pinpoint: "Perkins Coie chart, Sept 2021"}
	when := []Condition{
		{Identity: cats(exposure.Name), AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber, exposure.CardWithCVV), Intelligible: true},
		{Identity: loginNames, AnyOf: secrets, Intelligible: true},
	}
	own := []string{"US-CA", "US-NY", "US-TX", "US-FL"}
	days30 := []string{"US-CO", "US-WA", "US-ME"}
	days45 := []string{"US-AL", "US-AZ", "US-IN", "US-MD", "US-NM", "US-OH", "US-OR", "US-RI", "US-TN", "US-VT", "US-WI"}
	days60 := []string{"US-CT", "US-DE", "US-LA", "US-SD"}
	individuals := func(id string, juris, except []string, d Deadline) Rule {
		return Rule{
			ID: id, Jurisdictions: juris, Except: except, Status: InForce,
			When: when, Addressee: Individuals, Deadline: d,
			Content: []string{"what_happened", "information_involved", "contact"},
			Sources: []Source{u9, u8, u4}, Interpretation: []string{FieldWhen, FieldContent},
			Note: "many of these states excuse notice after a documented risk-of-harm analysis; encrypted data are exempt unless the key was taken",
		}
	}
	fixed := func(n int) Deadline {
		return Deadline{Kind: CalendarDays, Amount: n, Text: "within " + strconv.Itoa(n) + " days of discovery (state statute)"}
	}
	return []Rule{
		individuals("US.majority.individuals", []string{"US-*"}, concat(own, days30, days45, days60),
			Deadline{Kind: NoFixedTime, Text: "in the most expedient time possible and without unreasonable delay"}),
		individuals("US.majority.individuals.30d", days30, nil, fixed(30)),
		individuals("US.majority.individuals.45d", days45, nil, fixed(45)),
		individuals("US.majority.individuals.60d", days60, nil, fixed(60)),
		{
			ID: "US-VT.attorney_general.preliminary", Jurisdictions: []string{"US-VT"}, Status: InForce,
			When: when, Addressee: AttorneyGeneral, To: "Vermont Attorney General (preliminary notice)",
			Deadline: Deadline{Kind: BusinessDays, Amount: 14, Text: "a preliminary notice within 14 business days of discovery"},
			Content:  []string{"date_of_breach", "date_of_discovery", "preliminary_description"},
			Sources:  []Source{u4}, Interpretation: []string{FieldWhen},
			Note: "business days skip weekends only; public holidays are not known to breachkit",
		},
		{
			ID: "US.majority.credit_bureaus", Jurisdictions: []string{"US-*"}, Except: own, Status: InForce,
			When: when, Threshold: &Count{Op: MoreThan, N: 1000, Of: Residents},
			Addressee: CreditBureaus, To: "the nationwide consumer reporting agencies (Equifax, Experian, TransUnion)",
			Deadline: Deadline{Kind: NoFixedTime, Text: "without unreasonable delay"},
			Content:  []string{"timing_distribution_and_content_of_notices"},
			Sources:  []Source{u9, u4}, Interpretation: []string{FieldCounts},
			Note: "the usual threshold; a few states differ",
		},
	}
}

func concat(ls ...[]string) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}
