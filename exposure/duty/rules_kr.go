package duty

import (
	"time"

	"github.com/breachkit/breachkit/exposure"
)

// South Korea, PIPA Art. 34 and Enforcement Decree arts. 39-40 (research §2.5).
func rulesKR() []Rule {
	k1 := Source{URL: "https://prighter.com/resources/laws/korean-pipa/main/articles/article-34", Pinpoint: "Art. 34(1), (3)"}
	k2 := Source{URL: "https://www.dlapiperdataprotection.com/?c=KR&t=breach-notification", Pinpoint: "Decree art. 39-40: 72 hours; 2026 amendment"}
	k4 := Source{URL: "https://www.kimchang.com/en/insights/detail.kc?sch_section=4&idx=28036", Pinpoint: "unified rules of 15 Sep 2023"}
	k5 := Source{URL: "https://m.segye.com/view/20260309514460?OutUrl=google", Pinpoint: "Act No. 21445, in force 11 Sep 2026"}
	content := []string{"items_leaked", "when_and_how", "what_you_can_do", "countermeasures_and_remedy_procedure", "help_desk"}
	amended := day(2026, 9, 11)
	individuals := Rule{
		ID: "KR.PIPA.34.individuals", Jurisdictions: []string{"KR"}, Status: InForce, From: day(2023, 9, 15), Until: amended,
		When:      anyBreach,
		Addressee: Individuals,
		Deadline:  Deadline{Kind: Hours, Amount: 72, Text: "within 72 hours of awareness (Decree art. 39; the Act: without delay)"},
		Content:   content,
		Sources:   []Source{k1, k2, k4},
	}
	individuals2026 := individuals
	individuals2026.ID, individuals2026.From, individuals2026.Until = "KR.PIPA.34.individuals.2026", amended, time.Time{}
	individuals2026.Content = append(append([]string(nil), content...), "remedies_damages_and_mediation")
	individuals2026.Sources = []Source{k5, k2}
	individuals2026.Note = "from 11 Sep 2026 also on the possibility of a leak, and for forgery, alteration and damage"
	return []Rule{individuals, individuals2026, {
		ID: "KR.PIPA.34.regulator", Jurisdictions: []string{"KR"}, Status: InForce, From: day(2023, 9, 15),
		When: []Condition{
			{AnyOf: specialCategories},
			// Unique identification information (Decree art. 19): RRN, passport, driver's licence, alien registration.
			{AnyOf: cats(exposure.NationalIDNumber, exposure.PassportNumber, exposure.DriversLicenceNumber)},
			// A leak by unauthorised external access, whatever the data.
			{Malicious: true},
		},
		Scale:     &Count{Op: AtLeast, N: 1000, Of: AllAffected},
		Addressee: Regulator, To: "Personal Information Protection Commission (PIPC) or KISA",
		Deadline: Deadline{Kind: Hours, Amount: 72, Text: "within 72 hours of awareness (Decree art. 40)"},
		Content:  content,
		Sources:  []Source{k1, k2, k4}, Interpretation: []string{FieldWhen},
		Note: "no report where retrieval or deletion significantly reduced the risk; a malicious cause is read as unauthorised external access; a foreign identity card is not unique identification information",
	}}
}
