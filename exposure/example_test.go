package exposure_test

import (
	"fmt"
	"slices"

	"github.com/breachkit/breachkit/exposure"
)

func ExampleAssess() {
	a := exposure.Assess(exposure.Of(exposure.Name, exposure.DateOfBirth, exposure.Email, exposure.PassportNumber))
	s := a.Score()
	fmt.Println("tier:", a.Tier())
	fmt.Printf("SE = %v x %v + %v = %v\n", s.DPC, s.EI, s.CB, s.SE)
	fmt.Println("floor:", slices.Contains(slices.Collect(a.Rules()), "floor.identity_fraud"))
	for act := range a.Actions() {
		fmt.Println(act.Urgency(), act)
	}
	// Output:
	// tier: high
	// SE = 1 x 1 + 1 = 2
	// floor: true
	// soon watch_for_identity_fraud
	// ongoing expect_targeted_scams
	// ongoing beware_of_phishing
	// ongoing watch_for_suspicious_activity
	// ongoing use_unique_passwords
}

func ExampleSet() {
	s, err := exposure.ParseSet("email,name")
	if err != nil {
		panic(err)
	}
	s = s.With(exposure.PassportNumber)
	fmt.Println(s, s.Len(), s.Has(exposure.Password))
	for c := range s.All() {
		fmt.Println(c)
	}
	_, err = exposure.ParseSet("name,nickname")
	fmt.Println(err)
	// Output:
	// name,email,passport_number 3 false
	// name
	// email
	// passport_number
	// exposure: unknown category: "nickname" (item 2) in "name,nickname"
}

func ExampleParseCategory() {
	c, err := exposure.ParseCategory("identity_card_number")
	fmt.Println(c == exposure.IdentityCardNumber, err)
	_, err = exposure.ParseCategory("Identity_Card_Number")
	fmt.Println(err)
	// Output:
	// true <nil>
	// exposure: unknown category: "Identity_Card_Number"
}

// A compliance engineer's own policy: the default rules with stricter bands,
// for a breach where data went to a known recipient by mistake and nothing
// malicious happened.
func ExampleNewPolicy() {
	circumstances := exposure.Circumstances{Confidentiality: exposure.ConfidentialityKnownRecipients} // CB 0.25
	bands := exposure.Bands{Medium: 1.5, High: 2.5, VeryHigh: 3.5}
	p, err := exposure.NewPolicy(exposure.DefaultRules(), bands, circumstances)
	if err != nil {
		panic(err)
	}
	a := p.Assess(exposure.Of(exposure.Name, exposure.DateOfBirth, exposure.Email))
	fmt.Println(a) // 1 x 1 + 0.25 = 1.25: Low with these bands

	// A rule with a mistake is refused with an error that names it.
	rules := append(exposure.DefaultRules(), exposure.Rule{
		ID: "ei.nationality", When: exposure.AnyOf(exposure.Nationality), Effect: exposure.SetEI(0.6),
	})
	_, err = exposure.NewPolicy(rules, bands, circumstances)
	fmt.Println(err)
	// Output:
	// low (SE 1.25 = 1×1+0.25) [name,date_of_birth,email]
	// exposure: rule 48 ("ei.nationality"): value out of range: EI 0.6 (want 0.25, 0.5, 0.75 or 1)
}
