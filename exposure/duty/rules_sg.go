package duty

import "github.com/breachkit/breachkit/exposure"

// Singapore, PDPA Part 6A and the Notification Regulations 2021 (research §2.8).
func rulesSG() []Rule {
	s1 := Source{URL: "https://laws.sg/legislation/act-2012-pdpa/section-26b", Pinpoint: "s26B(1)-(2): significant harm, significant scale"}
	s2 := Source{URL: "https://blog.covarage.com/document-legal/pdpa-section-26d-breach-notification", Pinpoint: "s26D(1)-(2)"}
	s3 := Source{URL: "https://littdb.sfo2.cdn.digitaloceanspaces.com/litt/SG/SSOStatutes/subsidiary_legislation/PDPA2012-S64-2021.html", Pinpoint: "Regs 2021, reg. 3 and Schedule Part 1"}
	// Deemed significant harm (reg. 3): a name, alias or identification
	// number with a Schedule Part 1 item; or an account identifier with what
	// opens the account.
	harm := &Harm{
		Test: "s26B(1)(a): likely to result in significant harm to an affected individual",
		Deemed: []Condition{
			{Identity: cats(exposure.Name, exposure.PassportNumber, exposure.IdentityCardNumber, exposure.NationalIDNumber, exposure.DriversLicenceNumber),
				AnyOf: cats(exposure.CardWithCVV, exposure.CardWithoutCVV, exposure.CardExpired, exposure.BankAccountNumber,
					exposure.FinancialDetails, exposure.Health, exposure.HealthInsuranceNumber, exposure.PrivateKey), Intelligible: true},
			{Identity: cats(exposure.Email, exposure.Username, exposure.FrequentFlyerNumber),
				AnyOf: cats(exposure.Password, exposure.SecurityAnswers, exposure.CardPIN, exposure.Biometric), Intelligible: true},
		},
		SuggestFrom: exposure.TierHigh,
		Why:         "beyond the deemed lists, significant harm is read as the ENISA high tier",
	}
	pdpc := "Personal Data Protection Commission (PDPC)"
	return []Rule{{
		ID: "SG.PDPA.26D.regulator", Jurisdictions: []string{"SG"}, Status: InForce, From: day(2021, 2, 1),
		When: anyBreach, Harm: harm,
		Scale:     &Count{Op: AtLeast, N: 500, Of: AllAffected},
		Addressee: Regulator, To: pdpc,
		Deadline: Deadline{Kind: CalendarDays, Amount: 3, From: FromAssessment,
			Text: "no later than 3 calendar days after assessing the breach notifiable, counting from the next day (s26D(1)); assess expeditiously (about 30 days)"},
		Content: []string{"regs_6_items"},
		Sources: []Source{s1, s2, s3}, Interpretation: []string{FieldHarm},
		Note: "card numbers as a Schedule Part 1 item are unverified in the stored copy",
	}, {
		ID: "SG.PDPA.26D.individuals", Jurisdictions: []string{"SG"}, Status: InForce, From: day(2021, 2, 1),
		When: anyBreach, Harm: harm,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "as soon as practicable, at the same time as or after notifying the PDPC (s26D(2))"},
		Sources:   []Source{s2, s3}, Interpretation: []string{FieldHarm},
		Note: "scale alone is told to the PDPC only; not owed where remedial action or a technological measure makes significant harm unlikely",
	}}
}
