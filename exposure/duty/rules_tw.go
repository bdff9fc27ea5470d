package duty

// Taiwan, PDPA Art. 12 as in force, and the 2025 amendment with its draft
// rules, promulgated but with no date of force (research §2.7).
func rulesTW() []Rule {
	t1 := Source{URL: "https://www.pdpc.gov.tw/en/News_Content/169/741/", Pinpoint: "Art. 12; Enforcement Rules art. 22"}
	t4 := Source{URL: "https://www.jonesday.com/en/insights/2025/12/taiwan-passes-major-amendments-to-the-personal-data-protection-act", Pinpoint: "amended Art. 12, promulgated 11 Nov 2025"}
	t6 := Source{URL: "https://digitalpolicyalert.org/event/37330-personal-data-protection-commission-preparatory-office-closes-consultation-on-draft-personal-data-incident-notification-reporting-and-response-measures", Pinpoint: "draft measures: 72 hours; 100 subjects"}
	return []Rule{{
		ID: "TW.PDPA.12.individuals", Jurisdictions: []string{"TW"}, Status: InForce,
		When:      anyBreach,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "promptly, after investigating the facts (Art. 12)"},
		Content:   []string{"facts_of_breach", "measures_taken", "contact"},
		Sources:   []Source{t1},
		Note:      "sector regulators (travel agents, finance) may require reports; by internet or media where individual notice costs too much",
	}, {
		ID: "TW.PDPA.12.2025.individuals", Jurisdictions: []string{"TW"}, Status: EnactedNotInForce,
		When:      anyBreach,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: Hours, Amount: 72, Text: "within 72 hours of knowing (draft measures)"},
		Content:   []string{"time_and_facts", "categories", "measures", "contact_and_remedy_channels"},
		Sources:   []Source{t4, t6}, Interpretation: []string{FieldDeadline},
		Note: "the Executive Yuan has not set a date of force",
	}, {
		ID: "TW.PDPA.12.2025.regulator", Jurisdictions: []string{"TW"}, Status: EnactedNotInForce,
		When:      []Condition{{AnyOf: cats(specialCategories...)}},
		Scale:     &Count{Op: AtLeast, N: 100, Of: AllAffected},
		Addressee: Regulator, To: "Personal Data Protection Commission (PDPC)",
		Deadline: Deadline{Kind: Hours, Amount: 72, Text: "within 72 hours of knowing (draft measures)"},
		Sources:  []Source{t4, t6}, Interpretation: []string{FieldCounts, FieldDeadline},
		Note: "draft wording varies between 100 or more and more than 100; a system holding 10,000 records is a further trigger not encoded",
	}}
}
