package exposure_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/exposure"
)

func TestTally(t *testing.T) {
	var a, b exposure.Tally
	a.Add(exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))                                  // low
	a.Add(exposure.Assess(exposure.Of(exposure.Name, exposure.PassportNumber)))                         // high
	b.Add(exposure.Assess(exposure.Of(exposure.Name, exposure.Email, exposure.CustomerServiceRemarks))) // low, review
	b.Add(exposure.Assess(exposure.Set{}))                                                              // none
	a.Merge(b)

	type counts struct {
		Total, Low, High, None, VeryHigh, Names, Emails, Passports, Passwords, Review int64
	}
	got := counts{a.Total(), a.Tier(exposure.TierLow), a.Tier(exposure.TierHigh), a.Tier(exposure.TierNone),
		a.Tier(exposure.TierVeryHigh), a.Category(exposure.Name), a.Category(exposure.Email),
		a.Category(exposure.PassportNumber), a.Category(exposure.Password), a.NeedsReview()}
	want := counts{Total: 4, Low: 2, High: 1, None: 1, Names: 3, Emails: 2, Passports: 1, Review: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tally mismatch (-want +got):\n%s", diff)
	}
	if a.Category(exposure.Category(0)) != 0 || a.Tier(exposure.Tier(9)) != 0 {
		t.Error("invalid keys counted")
	}

	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	perCategory := map[exposure.Category]int{exposure.Name: 3, exposure.Email: 2, exposure.PassportNumber: 1, exposure.CustomerServiceRemarks: 1}
	wantJSON := `{"total":4,"tiers":{"none":1,"low":2,"medium":0,"high":1,"very_high":0},"categories":{`
	for i, c := range exposure.Categories() { // every category, in canonical order
		if i > 0 {
			wantJSON += ","
		}
		wantJSON += fmt.Sprintf("%q:%d", c, perCategory[c])
	}
	wantJSON += `},"needs_review":1}`
	if diff := cmp.Diff(wantJSON, string(data)); diff != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", diff)
	}
	var back exposure.Tally
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, back, cmp.AllowUnexported(exposure.Tally{})); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{
		`{"total":1,"tiers":{"severe":1}}`,
		`{"total":1,"categories":{"nickname":1},"tiers":{"low":1}}`,
		`{"total":5,"tiers":{"low":1}}`,
	} {
		var tl exposure.Tally
		if err := json.Unmarshal([]byte(bad), &tl); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}
