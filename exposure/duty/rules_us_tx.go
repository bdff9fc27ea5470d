package duty

import "github.com/breachkit/breachkit/exposure"

// Texas, Bus. & Com. Code §521.053 (research §2.11).
func rulesUSTX() []Rule {
	u5 := Source{URL: "https://lawserver.com/law/state/texas/tx-codes/texas_business_and_commerce_code_521-053", Pinpoint: "§521.053(b), (i), (h)"}
	when := []Condition{{Identity: cats(exposure.Name), AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber,
		exposure.IdentityCardNumber, exposure.PassportNumber, exposure.CardWithCVV, exposure.Health, exposure.HealthInsuranceNumber), Intelligible: true}}
	return []Rule{{
		ID: "US-TX.521.053.individuals", Jurisdictions: []string{"US-TX"}, Status: InForce,
		When: when, Addressee: Individuals,
		Deadline: Deadline{Kind: CalendarDays, Amount: 60, Text: "not later than 60 days after determining the breach occurred (§521.053(b))"},
		Sources:  []Source{u5}, Interpretation: []string{FieldWhen},
		Note: "a passport or foreign ID is read as a government-issued identification number; the duty reaches non-residents too, which residence-keyed rules do not show",
	}, {
		ID: "US-TX.521.053.attorney_general", Jurisdictions: []string{"US-TX"}, Status: InForce, From: day(2023, 9, 1),
		When: when, Threshold: &Count{Op: AtLeast, N: 250, Of: Residents},
		Addressee: AttorneyGeneral, To: "Texas Attorney General (web form)",
		Deadline: Deadline{Kind: CalendarDays, Amount: 30, Text: "not later than 30 days after determining the breach occurred (§521.053(i), SB 768)"},
		Content:  []string{"ag_form_six_items"},
		Sources:  []Source{u5, {URL: "https://billcam.com/bill-texts/w6dDLmcAOt", Pinpoint: "SB 768 (2023)"}},
	}, {
		ID: "US-TX.521.053.credit_bureaus", Jurisdictions: []string{"US-TX"}, Status: InForce,
		When: when, Threshold: &Count{Op: MoreThan, N: 10000, Of: Residents},
		Addressee: CreditBureaus, To: "the nationwide consumer reporting agencies",
		Deadline: Deadline{Kind: NoFixedTime, Text: "without unreasonable delay (§521.053(h))"},
		Sources:  []Source{u5},
	}}
}
