package duty

import "github.com/breachkit/breachkit/exposure"

// The GDPR, Arts. 33 and 34, in the EEA (research §2.1).
func rulesEU() []Rule {
	e1 := Source{URL: "https://gdprhub.eu/Article_33_GDPR", Pinpoint: "Art. 33(1), (3), (5)"}
	e2 := Source{URL: "https://overview.legal/laws/gdpr/art-34", Pinpoint: "Art. 34(1)-(3)"}
	return []Rule{{
		ID: "EU.GDPR.33.regulator", Jurisdictions: []string{"EEA"}, Status: InForce, From: day(2018, 5, 25),
		When: anyBreach,
		Harm: &Harm{Test: "Art. 33(1): report unless the breach is unlikely to result in a risk to rights and freedoms",
			SuggestFrom: exposure.TierMedium, Why: "the ENISA medium tier and above are a risk (EDPB Guidelines 9/2022)"},
		Addressee: Regulator, To: "the competent supervisory authority (the lead authority, Art. 56)",
		Deadline: Deadline{Kind: Hours, Amount: 72,
			Text: "without undue delay and, where feasible, within 72 hours of awareness; later with reasons; may be phased (Art. 33(1), (4))"},
		Content: []string{"nature_of_breach", "categories_and_numbers", "dpo_contact", "likely_consequences", "measures_taken_or_proposed"},
		Sources: []Source{e1}, Interpretation: []string{FieldHarm},
		Note: "every breach is documented, notified or not (Art. 33(5)); encryption does not remove this duty unless the breach is then unlikely to result in a risk",
	}, {
		ID: "EU.GDPR.34.individuals", Jurisdictions: []string{"EEA"}, Status: InForce, From: day(2018, 5, 25),
		When: []Condition{{Intelligible: true}},
		Harm: &Harm{Test: "Art. 34(1): tell the person if the breach is likely to result in a high risk",
			SuggestFrom: exposure.TierHigh, Why: "the ENISA high and very high tiers are the EDPB's high risk"},
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "without undue delay (Art. 34(1))"},
		Content:   []string{"nature_of_breach_in_plain_language", "dpo_contact", "likely_consequences", "measures_taken_or_proposed"},
		Sources:   []Source{e2}, Interpretation: []string{FieldHarm},
		Note: "not owed if the data were unintelligible, later measures removed the high risk, or it would take disproportionate effort (then a public communication) (Art. 34(3))",
	}, {
		ID: "EU.Omnibus.33.regulator", Jurisdictions: []string{"EEA"}, Status: Proposed,
		When:      []Condition{{MinTier: exposure.TierHigh}},
		Addressee: Regulator, To: "the single entry point run by ENISA",
		Deadline: Deadline{Kind: Hours, Amount: 96, Text: "within 96 hours (Digital Omnibus proposal)"},
		Sources:  []Source{{URL: "https://www.addleshawgoddard.com/en/insights/insights-briefings/2026/data-protection/eu-digital-omnibus-edpb-edps-joint-opinion", Pinpoint: "Digital Omnibus, Art. 33 as proposed"}},
		Note:     "a proposal: only high-risk breaches would be reported; not law",
	}}
}
