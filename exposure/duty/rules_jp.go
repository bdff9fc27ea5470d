package duty

import "github.com/breachkit/breachkit/exposure"

// Japan, APPI Art. 26 and PPC Rules 7-10 (research §2.4).
func rulesJP() []Rule {
	j1 := Source{URL: "https://iuris.jp/個人情報の保護に関する法律施行規則-第七条-個人の権利利益を害するおそれが大きいもの/jpn/a/68338", Pinpoint: "PPC Rule 7 (1)-(4)"}
	j2 := Source{URL: "https://iuris.jp/個人情報の保護に関する法律施行規則-第八条-個人情報保護委員会への報告/jpn/a/68339", Pinpoint: "PPC Rule 8: preliminary and final reports"}
	j3 := Source{URL: "https://www.businesslawyers.jp/practices/1433", Pinpoint: "(1)-(3) even for one person; 30 and 60 days"}
	j5 := Source{URL: "https://www.ppc.go.jp/all_faq_index/faq1-q6-12_/", Pinpoint: "FAQ Q6-12: a card number alone falls under (2)"}
	// (1) special-care data; (2) data whose misuse may cause property damage.
	sensitive := Condition{AnyOf: specialCategories, Intelligible: true}
	property := Condition{AnyOf: cats(exposure.CardWithCVV, exposure.CardWithoutCVV, exposure.CardExpired, exposure.CardPIN), Intelligible: true}
	paymentLogin := Condition{Identity: cats(exposure.Email, exposure.Username, exposure.FrequentFlyerNumber), AnyOf: secrets, Intelligible: true}
	// (3) an act possibly for an unjust purpose (unauthorised access, insider theft).
	unjust := Condition{Malicious: true, Intelligible: true}
	// (4) more than 1,000 people (千人を超える).
	scale := &Count{Op: MoreThan, N: 1000, Of: AllAffected}
	ppc := "Personal Information Protection Commission (PPC)"
	return []Rule{{
		ID: "JP.APPI.26.regulator.preliminary", Jurisdictions: []string{"JP"}, Status: InForce, From: day(2022, 4, 1),
		When: []Condition{sensitive, property, paymentLogin, unjust}, Scale: scale,
		Addressee: Regulator, To: ppc,
		Deadline: Deadline{Kind: NoFixedTime, Text: "promptly (速報; PPC guidance: about 3 to 5 days) (Rule 8(1))"},
		Content:  []string{"overview", "data_items", "number_of_persons", "cause", "secondary_damage", "notice_to_persons", "publication", "recurrence_prevention", "other"},
		Sources:  []Source{j1, j2, j3, j5}, Interpretation: []string{FieldWhen},
		Note: "a card's expiry with its last 4 digits only is not (2); login and password count under (2) only for a service with payment functions",
	}, {
		ID: "JP.APPI.26.regulator.final", Jurisdictions: []string{"JP"}, Status: InForce, From: day(2022, 4, 1),
		When: []Condition{sensitive, property, paymentLogin}, Scale: scale,
		Addressee: Regulator, To: ppc,
		Deadline: Deadline{Kind: CalendarDays, Amount: 30, Text: "final report (確報) within 30 days of knowing (Rule 8(2))"},
		Content:  []string{"overview", "data_items", "number_of_persons", "cause", "secondary_damage", "notice_to_persons", "publication", "recurrence_prevention", "other"},
		Sources:  []Source{j2, j3},
		Note:     "where the breach is also (3), an act for an unjust purpose, the 60-day rule governs",
	}, {
		ID: "JP.APPI.26.regulator.final.unjust", Jurisdictions: []string{"JP"}, Status: InForce, From: day(2022, 4, 1),
		When:      []Condition{unjust},
		Addressee: Regulator, To: ppc,
		Deadline: Deadline{Kind: CalendarDays, Amount: 60, Text: "final report (確報) within 60 days of knowing, for (3) (Rule 8(2))"},
		Content:  []string{"overview", "data_items", "number_of_persons", "cause", "secondary_damage", "notice_to_persons", "publication", "recurrence_prevention", "other"},
		Sources:  []Source{j2, j3},
	}, {
		ID: "JP.APPI.26-2.individuals", Jurisdictions: []string{"JP"}, Status: InForce, From: day(2022, 4, 1),
		When: []Condition{sensitive, property, paymentLogin, unjust}, Scale: scale,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: NoFixedTime, Text: "promptly according to the situation (Art. 26(2); Rule 10)"},
		Content:   []string{"overview", "data_items", "cause", "secondary_damage", "other"},
		Sources:   []Source{j2, j3, {URL: "https://www.businesslawyers.jp/practices/1434", Pinpoint: "notice to the person: Rule 10 items"}},
		Note:      "where notice is difficult: publication and an inquiry desk instead",
	}}
}
