package duty

// Hong Kong (research §2.3): no statutory duty in the PDPO as of mid-2026;
// the PCPD encourages notification. Never Required.
func rulesHK() []Rule {
	h3 := Source{URL: "https://www.pcpd.org.hk/english/enforcement/data_breach_notification/dbn_form.html", Pinpoint: "PCPD Data Breach Notification form: notification is not mandatory"}
	h2 := Source{URL: "https://www.dlapiperdataprotection.com/?t=breach-notification&c=HK", Pinpoint: "Hong Kong: breach notification"}
	note := "voluntary: a mandatory regime has been proposed since 2020 and was put on hold in October 2024; designated critical-infrastructure operators have separate duties (Cap. 653) not encoded here"
	return []Rule{{
		ID: "HK.PDPO.PCPD.voluntary", Jurisdictions: []string{"HK"}, Status: VoluntaryRegime,
		When:      anyBreach,
		Addressee: Regulator, To: "Office of the Privacy Commissioner for Personal Data (PCPD)",
		Deadline: Deadline{Kind: NoFixedTime, Text: "as soon as practicable (PCPD guidance)"},
		Content:  []string{"data_types", "cause", "potential_risk_to_data_subjects", "whether_data_subjects_notified"},
		Sources:  []Source{h3, h2}, Note: note,
	}, {
		ID: "HK.PDPO.individuals.voluntary", Jurisdictions: []string{"HK"}, Status: VoluntaryRegime,
		When:      anyBreach,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "as soon as practicable (PCPD guidance)"},
		Sources:   []Source{h2, h3}, Note: note,
	}}
}
