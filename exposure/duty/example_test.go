package duty_test

import (
	"errors"
	"fmt"

	"github.com/breachkit/breachkit/exposure/duty"
)

func ExampleNewRules() {
	_, err := duty.NewRules([]duty.Rule{{
		ID: "XX.individuals", Jurisdictions: []string{"Japan"}, Status: duty.InForce,
		When:      []duty.Condition{{}},
		Addressee: duty.Regulator,
		Deadline:  duty.Deadline{Kind: duty.Hours, Text: "72 hours"},
		Sources:   []duty.Source{{URL: "https://example.org/law"}},
	}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, duty.ErrDeadline))
	// Output:
	// duty: rule 0 ("XX.individuals"): bad jurisdiction: "Japan" (want HK, US-CA, US-*, EU or EEA)
	// duty: rule 0 ("XX.individuals"): bad addressee: regulator needs To, the body's name
	// duty: rule 0 ("XX.individuals"): bad deadline: amount 0
	// true
}
