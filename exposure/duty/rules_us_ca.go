package duty

import "github.com/breachkit/breachkit/exposure"

// California, Civ. Code §1798.82, as amended by SB 446 from 1 Jan 2026
// (research §2.11, [RA §3.2]).
func rulesUSCA() []Rule {
	u1 := Source{URL: "https://www.mondaq.com/unitedstates/data-protection/1693242/california-enacts-30-day-data-breach-notification-deadline", Pinpoint: "§1798.82(a), (f) as amended by SB 446"}
	when := []Condition{
		{Identity: cats(exposure.Name), AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber, exposure.IdentityCardNumber,
			exposure.PassportNumber, exposure.TaxID, exposure.CardWithCVV, exposure.Health, exposure.HealthInsuranceNumber, exposure.Biometric), Intelligible: true},
		{Identity: loginNames, AnyOf: secrets, Intelligible: true},
	}
	content := []string{"title_notice_of_data_breach", "heading_what_happened", "heading_what_information_was_involved",
		"heading_what_we_are_doing", "heading_what_you_can_do", "heading_for_more_information", "type_at_least_10_point"}
	bureaus := []Extra{{Item: "credit_bureau_contacts", When: Condition{AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber, exposure.IdentityCardNumber)}}}
	sb446 := day(2026, 1, 1)
	return []Rule{{
		ID: "US-CA.1798.82.individuals.2025", Jurisdictions: []string{"US-CA"}, Status: InForce, Until: sb446,
		When: when, Addressee: Individuals,
		Deadline: Deadline{Kind: NoFixedTime, Text: "in the most expedient time possible and without unreasonable delay (§1798.82(a) before SB 446)"},
		Content:  content, Extra: bureaus,
		Sources: []Source{u1}, Interpretation: []string{FieldWhen},
	}, {
		ID: "US-CA.1798.82.individuals", Jurisdictions: []string{"US-CA"}, Status: InForce, From: sb446,
		When: when, Addressee: Individuals,
		Deadline: Deadline{Kind: CalendarDays, Amount: 30, Text: "within 30 calendar days of discovery (§1798.82(a)); delay only for law enforcement or to determine scope"},
		Content:  content, Extra: bureaus,
		Sources: []Source{u1}, Interpretation: []string{FieldWhen},
		Note: "a foreign identity card is read as a government identification number",
	}, {
		ID: "US-CA.1798.82.attorney_general", Jurisdictions: []string{"US-CA"}, Status: InForce, From: sb446,
		When: when, Threshold: &Count{Op: MoreThan, N: 500, Of: Residents},
		Addressee: AttorneyGeneral, To: "California Attorney General (a sample copy of the notice)",
		Deadline: Deadline{Kind: AfterDuty, Amount: 15, After: "US-CA.1798.82.individuals", Text: "within 15 calendar days of notifying individuals (§1798.82(f)); the date shown follows the latest individual deadline"},
		Content:  []string{"sample_copy_of_notice"},
		Sources:  []Source{u1},
	}}
}
