package duty

// Mainland China, PIPL Art. 57 and the CAC incident-reporting measures
// (research §2.6).
func rulesCN() []Rule {
	c1 := Source{URL: "https://personalinformationprotectionlaw.com/PIPL/article-57/", Pinpoint: "Art. 57"}
	c3 := Source{URL: "https://www.globalprivacyblog.com/2025/10/chinas-cac-announces-new-cybersecurity-incident-reporting-measures/", Pinpoint: "Measures art. 4: 4 hours to the provincial CAC"}
	c4 := Source{URL: "https://freshfromchina.com/cyberspace-administration-issues-national-cybersecurity-incident-reporting-measures", Pinpoint: "annex: 1 million persons' PI is relatively major"}
	content := []string{"categories", "causes", "possible_harm", "remedial_measures", "what_individuals_can_do", "contact"}
	return []Rule{{
		ID: "CN.PIPL.57.regulator", Jurisdictions: []string{"CN"}, Status: InForce, From: day(2021, 11, 1),
		When:      anyBreach,
		Addressee: Regulator, To: "the departments performing personal-information protection duties (CAC and sector regulators)",
		Deadline: Deadline{Kind: NoFixedTime, Text: "immediately (Art. 57)"},
		Content:  content,
		Sources:  []Source{c1},
		Note:     "also where a leak may have occurred",
	}, {
		ID: "CN.PIPL.57.individuals", Jurisdictions: []string{"CN"}, Status: InForce, From: day(2021, 11, 1),
		When:      anyBreach,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "immediately (Art. 57)"},
		Content:   content,
		Sources:   []Source{c1},
		Note:      "may be skipped where measures effectively avoid harm, unless the authority requires notice; card data and travel history are sensitive (Art. 28)",
	}, {
		ID: "CN.CAC.incident.relatively_major", Jurisdictions: []string{"CN"}, Status: InForce, From: day(2025, 11, 1),
		Scale:     &Count{Op: AtLeast, N: 1_000_000, Of: AllAffected},
		Addressee: Regulator, To: "the provincial Cyberspace Administration (CAC)",
		Deadline: Deadline{Kind: Hours, Amount: 4, Text: "within 4 hours (1 hour for critical information infrastructure) (Measures art. 4)"},
		Content:  []string{"incident_report", "handling_summary_within_30_days"},
		Sources:  []Source{c3, c4}, Interpretation: []string{FieldCounts},
		Note: "for network operators; the count is read as persons affected in all",
	}}
}
