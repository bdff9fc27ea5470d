package duty

import "github.com/breachkit/breachkit/exposure"

// Florida, §501.171 (research §2.11).
func rulesUSFL() []Rule {
	u6 := Source{URL: "https://www.swlaw.com/data-breach-map/view/state/fl", Pinpoint: "§501.171(3)-(6)"}
	when := []Condition{
		{Identity: cats(exposure.Name), AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber, exposure.IdentityCardNumber,
			exposure.PassportNumber, exposure.CardWithCVV, exposure.Health, exposure.HealthInsuranceNumber), Intelligible: true},
		{Identity: loginNames, AnyOf: secrets, Intelligible: true},
	}
	return []Rule{{
		ID: "US-FL.501.171.individuals", Jurisdictions: []string{"US-FL"}, Status: InForce,
		When: when,
		Harm: &Harm{Test: "§501.171(6)(b): no notice if, after an investigation and consultation with law enforcement, the breach has not and will not likely cause identity theft or financial harm (written determination, to the Department within 30 days)",
			SuggestFrom: exposure.TierLow, Why: "the no-harm determination is an exception that must be documented: breachkit suggests notifying"},
		Addressee: Individuals,
		Deadline:  Deadline{Kind: CalendarDays, Amount: 30, Text: "within 30 days after determining a breach occurred; 15 more days for good cause asked in writing (§501.171(4)(a))"},
		Content:   []string{"date_of_breach", "description_of_personal_information", "contact"},
		Sources:   []Source{u6}, Interpretation: []string{FieldWhen},
		Note: "a foreign identity card is read as a number issued on a government document",
	}, {
		ID: "US-FL.501.171.department", Jurisdictions: []string{"US-FL"}, Status: InForce,
		When: when, Threshold: &Count{Op: AtLeast, N: 500, Of: Residents},
		Addressee: AttorneyGeneral, To: "Florida Department of Legal Affairs",
		Deadline: Deadline{Kind: CalendarDays, Amount: 30, Text: "within 30 days after determining a breach occurred (§501.171(3))"},
		Sources:  []Source{u6},
	}, {
		ID: "US-FL.501.171.credit_bureaus", Jurisdictions: []string{"US-FL"}, Status: InForce,
		When: when, Threshold: &Count{Op: MoreThan, N: 1000, Of: Residents},
		Addressee: CreditBureaus, To: "the nationwide consumer reporting agencies",
		Deadline: Deadline{Kind: NoFixedTime, Text: "without unreasonable delay (§501.171(5))"},
		Sources:  []Source{u6},
	}}
}
