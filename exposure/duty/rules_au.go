package duty

import "github.com/breachkit/breachkit/exposure"

// Australia, Privacy Act Part IIIC, the notifiable data breaches scheme
// (research §2.9). It binds APP entities only (generally turnover above A$3 M).
func rulesAU() []Rule {
	harm := &Harm{Test: "s26WE: an eligible data breach, likely to result in serious harm to any of the individuals (reasonable-person test; s26WG factors)",
		SuggestFrom: exposure.TierHigh, Why: "serious harm is read as the ENISA high tier; an attacker who could get the key counts as intelligible"}
	deadline := Deadline{Kind: NoFixedTime, Text: "as soon as practicable after reasonable grounds to believe (s26WK, s26WL); a suspected breach is assessed within 30 days (s26WH)"}
	content := []string{"entity_identity_and_contact", "description", "kinds_of_information", "recommended_steps"}
	return []Rule{{
		ID: "AU.Privacy.26WK.regulator", Jurisdictions: []string{"AU"}, Status: InForce, From: day(2018, 2, 22),
		When: []Condition{{Intelligible: true}}, Harm: harm,
		Addressee: Regulator, To: "Office of the Australian Information Commissioner (OAIC)",
		Deadline: deadline, Content: content,
		Sources:        []Source{{URL: "https://zoelaw.ai/legislation/privacy-act-1988/sections/26WK", Pinpoint: "s26WK"}, {URL: "http://www5.austlii.edu.au/au/legis/cth/consol_act/pa1988108/s26wg.html", Pinpoint: "s26WG"}},
		Interpretation: []string{FieldHarm},
	}, {
		ID: "AU.Privacy.26WL.individuals", Jurisdictions: []string{"AU"}, Status: InForce, From: day(2018, 2, 22),
		When: []Condition{{Intelligible: true}}, Harm: harm,
		Addressee: Individuals,
		Deadline:  deadline, Content: content,
		Sources:        []Source{{URL: "http://www.austlii.edu.au/au/legis/cth/consol_act/pa1988108/s26wl.html", Pinpoint: "s26WL"}},
		Interpretation: []string{FieldHarm},
		Note:           "all affected, or only those at risk, or published on the website if neither is practicable; not owed after remedial action (s26WF)",
	}}
}
