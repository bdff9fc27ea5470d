package exposure_test

import (
	"encoding/json"
	"errors"
	"flag"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/exposure"
)

func TestCategoryNames(t *testing.T) {
	// The seed's wire names, in DESIGN.md's order, are stored data: they never change.
	seed := []string{"name", "nationality", "date_of_birth", "phone", "email", "postal_address",
		"passport_number", "identity_card_number", "frequent_flyer_number", "customer_service_remarks",
		"travel_history", "card_expired", "card_without_cvv", "card_with_cvv", "password"}
	var got []string
	wellFormed := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, c := range exposure.Categories() {
		name := c.String()
		got = append(got, name)
		if !wellFormed.MatchString(name) || seen[name] {
			t.Errorf("wire name %q of %d is not lower snake case, or repeats", name, c)
		}
		seen[name] = true
		back, err := exposure.ParseCategory(name)
		if err != nil || back != c {
			t.Errorf("ParseCategory(%q) = %v, %v; want %v", name, back, err, c)
		}
		text, err := c.MarshalText()
		if err != nil || string(text) != name {
			t.Errorf("%v.MarshalText() = %q, %v", c, text, err)
		}
	}
	if diff := cmp.Diff(seed, got[:len(seed)]); diff != "" {
		t.Errorf("seed wire names mismatch (-want +got):\n%s", diff)
	}
	if len(got) != exposure.NumCategories || exposure.NumCategories > exposure.MaxCategories {
		t.Errorf("%d categories, NumCategories %d, MaxCategories %d", len(got), exposure.NumCategories, exposure.MaxCategories)
	}
	if exposure.Email != 5 || exposure.Password != 15 {
		t.Errorf("constants out of DESIGN.md's order: Email=%d Password=%d", exposure.Email, exposure.Password)
	}
}

func TestParseCategoryRejects(t *testing.T) {
	for _, in := range []string{"", "Name", "NAME", " name", "name ", "passport", "card-with-cvv", "name,email", "Category(1)"} {
		c, err := exposure.ParseCategory(in)
		if !errors.Is(err, exposure.ErrUnknownCategory) {
			t.Errorf("ParseCategory(%q) = %v, %v; want ErrUnknownCategory", in, c, err)
		}
	}
}

func TestInvalidValuesPrint(t *testing.T) {
	tests := []struct{ got, want string }{
		{exposure.Category(0).String(), "Category(0)"},
		{exposure.Category(200).String(), "Category(200)"},
		{exposure.Tier(9).String(), "Tier(9)"},
		{exposure.Action(0).String(), "Action(0)"},
		{exposure.Action(200).String(), "Action(200)"},
		{exposure.Urgency(7).String(), "Urgency(7)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if _, err := exposure.Category(0).MarshalText(); err == nil {
		t.Error("marshalling Category(0) succeeded")
	}
	if _, err := json.Marshal(exposure.Tier(9)); err == nil {
		t.Error("marshalling Tier(9) succeeded")
	}
}

func TestTierNames(t *testing.T) {
	want := map[exposure.Tier]string{exposure.TierNone: "none", exposure.TierLow: "low", exposure.TierMedium: "medium",
		exposure.TierHigh: "high", exposure.TierVeryHigh: "very_high"}
	for tier, name := range want {
		if tier.String() != name {
			t.Errorf("%d.String() = %q, want %q", tier, tier.String(), name)
		}
		back, err := exposure.ParseTier(name)
		if err != nil || back != tier {
			t.Errorf("ParseTier(%q) = %v, %v", name, back, err)
		}
	}
	if _, err := exposure.ParseTier("High"); !errors.Is(err, exposure.ErrUnknownTier) {
		t.Errorf("ParseTier(High) error = %v, want ErrUnknownTier", err)
	}
	if !(exposure.TierNone < exposure.TierLow && exposure.TierLow < exposure.TierMedium &&
		exposure.TierMedium < exposure.TierHigh && exposure.TierHigh < exposure.TierVeryHigh) {
		t.Error("tiers are not ordered by severity")
	}
}

func TestActionTable(t *testing.T) {
	// DESIGN.md's table: urgency order, wire names, classes.
	type row struct {
		Name    string
		Urgency string
	}
	want := []row{
		{"cancel_and_reissue_card", "now"}, {"change_password_now", "now"}, {"change_security_answers", "now"},
		{"sign_out_and_revoke_tokens", "now"}, {"replace_private_key", "now"}, {"contact_card_issuer", "now"},
		{"contact_bank", "now"},
		{"check_renewed_card_number", "soon"}, {"enable_two_factor", "soon"}, {"ask_for_credit_freeze", "soon"},
		{"watch_for_identity_fraud", "soon"}, {"check_loyalty_account", "soon"}, {"check_bookings", "soon"},
		{"check_health_insurance_statements", "soon"}, {"ask_about_biometric_sign_in", "soon"},
		{"expect_targeted_scams", "ongoing"}, {"beware_of_extortion", "ongoing"}, {"beware_of_phishing", "ongoing"},
		{"watch_for_suspicious_activity", "ongoing"}, {"use_unique_passwords", "ongoing"},
	}
	var got []row
	for _, a := range exposure.Actions() {
		got = append(got, row{a.String(), a.Urgency().String()})
		back, err := exposure.ParseAction(a.String())
		if err != nil || back != a {
			t.Errorf("ParseAction(%q) = %v, %v", a, back, err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	if _, err := exposure.ParseAction("panic"); !errors.Is(err, exposure.ErrUnknownAction) {
		t.Errorf("ParseAction(panic) error = %v", err)
	}
	for _, a := range exposure.Actions() {
		if a.Source() == "" {
			t.Errorf("action %v has no source", a)
		}
	}
}

// TestActionAlias: the wire name of the advice that changed (regular password
// changes, which NIST SP 800-63B and the NCSC advise against) still reads, as
// the advice that replaced it, for one release; it is never written.
func TestActionAlias(t *testing.T) {
	a, err := exposure.ParseAction("change_passwords_regularly")
	if err != nil || a != exposure.UseUniquePasswords {
		t.Fatalf("ParseAction(change_passwords_regularly) = %v, %v; want use_unique_passwords", a, err)
	}
	var got struct{ Actions []exposure.Action }
	if err := json.Unmarshal([]byte(`{"Actions":["change_passwords_regularly","beware_of_phishing"]}`), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]exposure.Action{exposure.UseUniquePasswords, exposure.BewareOfPhishing}, got.Actions); diff != "" {
		t.Errorf("unmarshal mismatch (-want +got):\n%s", diff)
	}
	if text, _ := exposure.UseUniquePasswords.MarshalText(); string(text) != "use_unique_passwords" {
		t.Errorf("MarshalText = %s, want the new name", text)
	}
	var old exposure.Assessment
	data := `{"exposed":["name"],"tier":"low","actions":["beware_of_phishing","change_passwords_regularly"]}`
	if err := json.Unmarshal([]byte(data), &old); err != nil || !old.HasAction(exposure.UseUniquePasswords) {
		t.Errorf("an assessment stored with the old name: %v, %v", old, err)
	}
}

func TestSetOperations(t *testing.T) {
	s := exposure.Of(exposure.Email, exposure.Name, exposure.Email)
	if s.Len() != 2 || !s.Has(exposure.Name) || !s.Has(exposure.Email) || s.Has(exposure.Phone) {
		t.Errorf("Of(email, name, email) = %v", s)
	}
	if s.Has(exposure.Category(0)) || s.Has(exposure.Category(99)) {
		t.Error("Has reports an invalid category")
	}
	if got := slices.Collect(s.All()); !slices.Equal(got, []exposure.Category{exposure.Name, exposure.Email}) {
		t.Errorf("All() = %v, want canonical order", got)
	}
	u := s.Union(exposure.Of(exposure.Password))
	if u.String() != "name,email,password" || s.String() != "name,email" {
		t.Errorf("Union: %v (and s became %v)", u, s)
	}
	if got := u.Intersect(exposure.Of(exposure.Password, exposure.Phone)); got != exposure.Of(exposure.Password) {
		t.Errorf("Intersect = %v", got)
	}
	if got := u.Difference(s); got != exposure.Of(exposure.Password) {
		t.Errorf("Difference = %v", got)
	}
	if !s.SubsetOf(u) || u.SubsetOf(s) {
		t.Error("SubsetOf wrong")
	}
	if !(exposure.Set{}).IsEmpty() || s.IsEmpty() || exposure.AllCategories().Len() != exposure.NumCategories {
		t.Error("IsEmpty or AllCategories wrong")
	}
	for range s.All() {
		break // stopping early must not panic
	}
	defer func() {
		if recover() == nil {
			t.Error("Of(Category(0)) did not panic")
		}
	}()
	exposure.Of(exposure.Category(0))
}

func TestParseSet(t *testing.T) {
	tests := []struct {
		in      string
		want    exposure.Set
		wantErr bool
	}{
		{"", exposure.Set{}, false},
		{"name", exposure.Of(exposure.Name), false},
		{"email,name", exposure.Of(exposure.Name, exposure.Email), false},
		{"name,name", exposure.Of(exposure.Name), false},
		{"name, email", exposure.Set{}, true},
		{"name,", exposure.Set{}, true},
		{",", exposure.Set{}, true},
		{"Name", exposure.Set{}, true},
		{"name,nickname,email,shoe_size", exposure.Set{}, true},
	}
	for _, tt := range tests {
		got, err := exposure.ParseSet(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSet(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, exposure.ErrUnknownCategory) {
			t.Errorf("ParseSet(%q) error %v does not wrap ErrUnknownCategory", tt.in, err)
		}
	}
}

// TestParseSetNamesEveryUnknown checks that the error names each bad item and
// where it is, so a data engineer can fix the input.
func TestParseSetNamesEveryUnknown(t *testing.T) {
	_, err := exposure.ParseSet("name,nickname,email,shoe_size")
	want := `exposure: unknown category: "nickname" (item 2), "shoe_size" (item 4) in "name,nickname,email,shoe_size"`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestSetJSON(t *testing.T) {
	s := exposure.Of(exposure.Password, exposure.Name)
	data, err := json.Marshal(s)
	if err != nil || string(data) != `["name","password"]` {
		t.Errorf("Marshal = %s, %v", data, err)
	}
	if data, _ := json.Marshal(exposure.Set{}); string(data) != `[]` {
		t.Errorf("empty set marshals as %s, want []", data)
	}
	var back exposure.Set
	if err := json.Unmarshal([]byte(`["password","name","password"]`), &back); err != nil || back != s {
		t.Errorf("Unmarshal = %v, %v", back, err)
	}
	for _, bad := range []string{`["name","nickname","shoe_size"]`, `"name"`, `[1]`, `{"name":true}`, `[null]`} {
		var got exposure.Set
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", bad, got)
		}
	}
	var got exposure.Set
	err = json.Unmarshal([]byte(`["name","nickname","shoe_size"]`), &got)
	if !errors.Is(err, exposure.ErrUnknownCategory) {
		t.Fatalf("error %v does not wrap ErrUnknownCategory", err)
	}
	want := `exposure: unknown category: "nickname" (index 1), "shoe_size" (index 2)`
	if err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	// In a struct, as the mailer reads it.
	var p struct {
		Exposed exposure.Set `json:"exposed"`
	}
	if err := json.Unmarshal([]byte(`{"exposed":["email","name"]}`), &p); err != nil || p.Exposed != exposure.Of(exposure.Name, exposure.Email) {
		t.Errorf("struct field: %v, %v", p.Exposed, err)
	}
}

func TestSetFlag(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var s exposure.Set
	fs.TextVar(&s, "exposed", exposure.Set{}, "categories")
	if err := fs.Parse([]string{"-exposed", "email,passport_number"}); err != nil {
		t.Fatal(err)
	}
	if s != exposure.Of(exposure.Email, exposure.PassportNumber) {
		t.Errorf("flag = %v", s)
	}
}

// TestSetUnmarshalJSONAllocs: the plain form, as mailers read millions of
// times, decodes without allocating.
func TestSetUnmarshalJSONAllocs(t *testing.T) {
	data := []byte(` [ "name", "email","passport_number" ] `)
	var s exposure.Set
	allocs := testing.AllocsPerRun(100, func() {
		if err := s.UnmarshalJSON(data); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 || s != exposure.Of(exposure.Name, exposure.Email, exposure.PassportNumber) {
		t.Errorf("UnmarshalJSON = %v with %v allocations, want 0", s, allocs)
	}
	// Escapes and unknown names take the full path, with the same result.
	for in, want := range map[string]exposure.Set{
		`["\u006eame"]`: exposure.Of(exposure.Name),
		`["name",]`:     {},
	} {
		var got exposure.Set
		err := json.Unmarshal([]byte(in), &got)
		if got != want || (err != nil) != (in == `["name",]`) {
			t.Errorf("Unmarshal(%s) = %v, %v", in, got, err)
		}
	}
}
