package duty

import "github.com/breachkit/breachkit/exposure"

// The UK GDPR (research §2.2): the EU text, the ICO as authority.
func rulesGB() []Rule {
	e7 := Source{URL: "https://www.nibusinessinfo.co.uk/content/reporting-serious-breaches-personal-data", Pinpoint: "UK GDPR Arts. 33-34 (ICO guidance)"}
	return []Rule{{
		ID: "GB.UKGDPR.33.regulator", Jurisdictions: []string{"GB"}, Status: InForce,
		When: anyBreach,
		Harm: &Harm{Test: "Art. 33(1): report to the ICO if the breach is likely to result in a risk to rights and freedoms",
			SuggestFrom: exposure.TierMedium, Why: "the ENISA medium tier and above are a risk"},
		Addressee: Regulator, To: "Information Commissioner's Office (ICO)",
		Deadline: Deadline{Kind: Hours, Amount: 72, Text: "without undue delay and, where feasible, within 72 hours of awareness (Art. 33(1))"},
		Content:  []string{"nature_of_breach", "categories_and_numbers", "dpo_contact", "likely_consequences", "measures_taken_or_proposed"},
		Sources:  []Source{e7}, Interpretation: []string{FieldHarm},
	}, {
		ID: "GB.UKGDPR.34.individuals", Jurisdictions: []string{"GB"}, Status: InForce,
		When: []Condition{{Intelligible: true}},
		Harm: &Harm{Test: "Art. 34(1): tell the person if the breach is likely to result in a high risk",
			SuggestFrom: exposure.TierHigh, Why: "the ENISA high and very high tiers are a high risk"},
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "without undue delay (Art. 34(1))"},
		Content:   []string{"nature_of_breach_in_plain_language", "dpo_contact", "likely_consequences", "measures_taken_or_proposed"},
		Sources:   []Source{e7}, Interpretation: []string{FieldHarm},
	}}
}
