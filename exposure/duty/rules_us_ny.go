package duty

import "github.com/breachkit/breachkit/exposure"

// New York, GBL §899-aa (SHIELD), as amended in December 2024 and March
// 2025 (research §2.11). Any identifier, not only a name; no passport element.
func rulesUSNY() []Rule {
	u2 := Source{URL: "https://nysenate.gov/legislation/laws/GBS/899-AA", Pinpoint: "§899-aa(1)(a)-(b), (2), (8)"}
	u3 := Source{URL: "https://www.dataprotectionreport.com/2025/02/new-york-changes-data-breach-law-in-december-and-february/", Pinpoint: "30 days; medical and health-insurance information"}
	when := []Condition{
		{Identity: cats(exposure.Name, exposure.Email, exposure.Phone, exposure.PostalAddress, exposure.FrequentFlyerNumber, exposure.Username, exposure.DateOfBirth),
			AnyOf: cats(exposure.NationalIDNumber, exposure.DriversLicenceNumber, exposure.CardWithCVV, exposure.CardWithoutCVV,
				exposure.Biometric, exposure.Health, exposure.HealthInsuranceNumber), Intelligible: true},
		{Identity: loginNames, AnyOf: secrets, Intelligible: true},
	}
	return []Rule{{
		ID: "US-NY.899-aa.individuals", Jurisdictions: []string{"US-NY"}, Status: InForce, From: day(2024, 12, 21),
		When: when, Addressee: Individuals,
		Deadline: Deadline{Kind: CalendarDays, Amount: 30, Text: "within 30 days after discovery (§899-aa(2)); delay only for law enforcement"},
		Content:  []string{"contact", "state_and_federal_identity_theft_agencies", "categories_accessed"},
		Sources:  []Source{u2, u3}, Interpretation: []string{FieldWhen},
		Note: "a card number without its code counts only if usable without it (read as counting); an expired card does not",
	}, {
		ID: "US-NY.899-aa.agencies", Jurisdictions: []string{"US-NY"}, Status: InForce, From: day(2024, 12, 21),
		When: when, Threshold: &Count{Op: AtLeast, N: 1, Of: Residents},
		Addressee: AttorneyGeneral, To: "New York Attorney General, Department of State and Division of State Police",
		Deadline: Deadline{Kind: NoFixedTime, Text: "when any New York resident is notified: the timing, content and distribution of the notices (§899-aa(8)(a))"},
		Content:  []string{"timing_content_and_distribution_of_notices", "approximate_number_affected"},
		Sources:  []Source{u2},
		Note:     "DFS too, if the organisation is DFS-regulated",
	}, {
		ID: "US-NY.899-aa.credit_bureaus", Jurisdictions: []string{"US-NY"}, Status: InForce,
		When: when, Threshold: &Count{Op: MoreThan, N: 5000, Of: Residents},
		Addressee: CreditBureaus, To: "the nationwide consumer reporting agencies",
		Deadline: Deadline{Kind: NoFixedTime, Text: "without delay (§899-aa(8)(b))"},
		Sources:  []Source{u2},
	}}
}
