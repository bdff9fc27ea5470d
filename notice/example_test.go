package notice_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

func exampleIncident() notice.Incident {
	return notice.Incident{
		Organisation: notice.Localized{locale.English: "Example Air", locale.Japanese: "エグザンプル航空"},
		Narrative:    notice.Localized{locale.English: "On 3 March 2025 we found that an attacker had copied part of our customer database."},
		Response:     notice.Localized{locale.English: "We closed the attacker's access the same day and reported the incident to the police."},
		Detected:     locale.Day(2025, time.March, 3),
		Announced:    locale.Day(2025, time.March, 7),
		NoticesFrom:  locale.Day(2025, time.March, 8),
		NoticesUntil: locale.Month(2025, time.March, locale.Late),
		Affected:     120_000,
		Contact:      notice.Contact{Email: "privacy@example.com"},
		Exposed:      exposure.Of(exposure.Name, exposure.Email, exposure.PassportNumber),
		NotExposed:   exposure.Of(exposure.Password),
	}
}

func ExampleComposer_Compose() {
	composer, err := notice.NewComposer(exampleIncident())
	if err != nil {
		panic(err)
	}
	a := exposure.Assess(exposure.Of(exposure.Name, exposure.PassportNumber))
	doc, err := composer.Compose(notice.Recipient{Name: "Chan Tai Man", Language: "en-GB,en;q=0.9"}, a)
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Language(), "|", doc.Subject())
	text := string(doc.AppendText(nil))
	i := strings.Index(text, "What information was involved")
	fmt.Print(text[i : i+strings.Index(text[i:], "\n\nWhat we are doing")+1])
	// Output:
	// en | Example Air: a data security incident involving your personal information
	// What information was involved
	// =============================
	//
	// This is the information about you that was involved:
	// - Full name (your given names and family name)
	// - Passport number (the number only, not the passport itself)
}

// A translation the incident lacks falls back to English, and the document
// says so.
func ExampleDocument_FellBack() {
	doc, err := notice.Compose(exampleIncident(), notice.Recipient{Name: "山田 花子", Language: "ja"},
		exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Language(), doc.Subject())
	for _, f := range doc.FellBack() {
		fmt.Println(f.ID, "from", f.Language)
	}
	// Output:
	// ja 【エグザンプル航空】お客様の個人情報に関するデータセキュリティ事案のお知らせ
	// incident.narrative from en
	// incident.response from en
}

// The summary comes first: the recipient's details and what to do today.
func ExampleDocument_AppendText() {
	doc, err := notice.Compose(exampleIncident(), notice.Recipient{Name: "Chan Tai Man", Language: "en"},
		exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))
	if err != nil {
		panic(err)
	}
	text := string(doc.AppendText(nil))
	i := strings.Index(text, "In short")
	fmt.Print(text[i : i+strings.Index(text[i:], "\n\nWhat happened")+1])
	// Output:
	// In short
	// ========
	//
	// Your details that were involved:
	// - Full name (your given names and family name)
	// - Email address (an address you gave us so that we can reach you)
	//
	// There is nothing you need to do today. The steps we recommend, and why, are
	// below.
}
