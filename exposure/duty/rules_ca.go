package duty

import "github.com/breachkit/breachkit/exposure"

// Canada, PIPEDA s10.1 and the Breach of Security Safeguards Regulations
// (research §2.10). Quebec's Law 25 is not encoded.
func rulesCA() []Rule {
	n1 := Source{URL: "https://laws-lois.justice.gc.ca/eng/acts/P-8.6/section-10.1.html", Pinpoint: "s10.1(1)-(7)"}
	n2 := Source{URL: "http://www.gazette.gc.ca/rp-pr/p2/2018/2018-04-18/html/sor-dors64-eng.html", Pinpoint: "SOR/2018-64 ss. 2-3"}
	harm := &Harm{Test: "s10.1(1): a real risk of significant harm (sensitivity and probability of misuse)",
		SuggestFrom: exposure.TierHigh, Why: "a real risk of significant harm is read as the ENISA high tier"}
	deadline := Deadline{Kind: NoFixedTime, Text: "as soon as feasible after determining the breach occurred (s10.1(2), (6))"}
	return []Rule{{
		ID: "CA.PIPEDA.10.1.regulator", Jurisdictions: []string{"CA"}, Status: InForce, From: day(2018, 11, 1),
		When: anyBreach, Harm: harm,
		Addressee: Regulator, To: "Office of the Privacy Commissioner of Canada (OPC)",
		Deadline: deadline,
		Content:  []string{"circumstances_and_cause", "date_or_period", "personal_information_involved", "number_affected", "steps_taken", "contact"},
		Sources:  []Source{n1, n2}, Interpretation: []string{FieldHarm},
		Note: "a record of every breach is kept, notified or not",
	}, {
		ID: "CA.PIPEDA.10.1.individuals", Jurisdictions: []string{"CA"}, Status: InForce, From: day(2018, 11, 1),
		When: anyBreach, Harm: harm,
		Addressee: Individuals,
		Deadline:  deadline,
		Content:   []string{"circumstances", "date_or_period", "personal_information_involved", "steps_taken", "steps_you_can_take", "toll_free_or_email_contact", "complaint_route"},
		Sources:   []Source{n1, n2}, Interpretation: []string{FieldHarm},
		Note: "conspicuous and direct (indirect only in prescribed cases)",
	}, {
		ID: "CA.PIPEDA.10.2.others", Jurisdictions: []string{"CA"}, Status: InForce, From: day(2018, 11, 1),
		When: anyBreach, Harm: harm,
		Addressee: Other, To: "organisations and government institutions that can reduce the risk of harm",
		Deadline: deadline,
		Sources:  []Source{n1}, Interpretation: []string{FieldHarm},
	}}
}
