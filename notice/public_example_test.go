package notice_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// The public page of an incident, from the tally of everyone it affected:
// counts rounded to two figures, and those under 50 never printed. Here the
// page's section on the information involved, in English and in Japanese.
func ExampleNewPublicPage() {
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		panic(err)
	}
	var tally exposure.Tally
	for range 9_412 { // 9,412 people lost a name and an email address...
		tally.Add(policy.Assess(exposure.Of(exposure.Name, exposure.Email)))
	}
	for range 40 { // ...40 more an expired card's number too
		tally.Add(policy.Assess(exposure.Of(exposure.Name, exposure.Email, exposure.CardExpired)))
	}
	for _, lang := range []string{"en", "ja"} {
		page, err := notice.NewPublicPage(inc, tally, notice.PageOptions{
			Language:  lang,
			Rounding:  notice.RoundAbout,
			Threshold: 50,
			Channels:  []notice.Channel{notice.ChannelEmail, notice.ChannelLetter},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return
		}
		text := string(page.AppendText(nil))
		start := strings.Index(text, map[string]string{"en": "What information was involved\n", "ja": "対象となった情報\n"}[lang])
		end := strings.Index(text[start:], map[string]string{"en": "What was not involved\n", "ja": "対象とならなかった情報\n"}[lang])
		fmt.Print(text[start : start+end])
	}
	// Output:
	// What information was involved
	// =============================
	//
	// Across everyone affected, this information was involved. Each line describes
	// it in the words of the message we sent each person, and gives the number of
	// people it concerned:
	// - Full name (your given names and family name): about 9,500 people
	// - Email address (an address you gave us so that we can reach you): about
	//   9,500 people
	// - Payment card number (of a card that had already expired): fewer than 50
	//   people
	//
	// Numbers given as “about” are rounded.
	//
	// To protect the privacy of the people concerned, we do not give exact numbers
	// below 50.
	//
	// 対象となった情報
	// ================
	//
	// 影響を受けたお客様全体で対象となった情報と、それぞれの情報が対象となったお客
	// 様の人数は、次のとおりです。
	// - お名前（姓と名）：約9,500名
	// - メールアドレス（ご連絡先として弊社にお届けいただいたアドレス）：約9,500名
	// - クレジットカード等の番号（すでに有効期限が切れていたカードのもの）：50名未
	//   満
	//
	// 「約」を付けた人数は、概数です。
	//
	// 関係するお客様のプライバシーを守るため、50名未満の人数は正確な数を記載して
	// おりません。
}
