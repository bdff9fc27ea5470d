package exposure_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	. "github.com/breachkit/breachkit/exposure"
)

// The three actions every exposure gets, at the end of every list.
var always = []Action{BewareOfPhishing, WatchForSuspiciousActivity, UseUniquePasswords}

func plus(first ...Action) []Action { return append(first, always...) }

type want struct {
	tier    Tier
	score   Score
	actions []Action
	review  bool
}

// TestAssessDefault works every category alone and the seed's typical
// combinations out from DESIGN.md's numbers, under the seed circumstances
// (CB = 0.5 unknown recipients + 0.5 malicious = 1). Bands: SE < 2 Low,
// < 3 Medium, < 4 High, else VeryHigh.
func TestAssessDefault(t *testing.T) {
	tests := []struct {
		name string
		set  Set
		want want
	}{
		// Every category alone. EI: 0.25 for anything; 0.5 for a contact
		// identifier, a membership number or a name.
		{"name", Of(Name), // DPC 1 (simple), EI 0.5 (a name): 1x0.5+1 = 1.5
			want{TierLow, score(1, 0.5, 1, 1.5), always, false}},
		{"nationality", Of(Nationality), // 1x0.25+1 = 1.25
			want{TierLow, score(1, 0.25, 1, 1.25), always, false}},
		{"date of birth", Of(DateOfBirth), // 1x0.25+1 = 1.25; personal details invite targeted scams
			want{TierLow, score(1, 0.25, 1, 1.25), plus(ExpectTargetedScams), false}},
		{"phone", Of(Phone), // contact identifier: 1x0.5+1 = 1.5
			want{TierLow, score(1, 0.5, 1, 1.5), always, false}},
		{"email", Of(Email), // 1x0.5+1 = 1.5
			want{TierLow, score(1, 0.5, 1, 1.5), always, false}},
		{"postal address", Of(PostalAddress), // 1x0.5+1 = 1.5
			want{TierLow, score(1, 0.5, 1, 1.5), always, false}},
		{"passport number", Of(PassportNumber), // 1x0.25+1 = 1.25; no name, so no identity-fraud floor
			want{TierLow, score(1, 0.25, 1, 1.25), plus(WatchForIdentityFraud), false}},
		{"identity card number", Of(IdentityCardNumber), // as the passport number
			want{TierLow, score(1, 0.25, 1, 1.25), plus(WatchForIdentityFraud), false}},
		{"frequent flyer number", Of(FrequentFlyerNumber), // membership number: 1x0.5+1 = 1.5
			want{TierLow, score(1, 0.5, 1, 1.5), plus(CheckLoyaltyAccount), false}},
		{"customer service remarks", Of(CustomerServiceRemarks), // 1x0.25+1 = 1.25, and free text needs review
			want{TierLow, score(1, 0.25, 1, 1.25), plus(ExpectTargetedScams), true}},
		{"travel history", Of(TravelHistory), // DPC 2 (behavioural): 2x0.25+1 = 1.5
			want{TierLow, score(2, 0.25, 1, 1.5), plus(ExpectTargetedScams), false}},
		{"card expired", Of(CardExpired), // DPC 2 (partial financial): 2x0.25+1 = 1.5
			want{TierLow, score(2, 0.25, 1, 1.5), plus(ContactCardIssuer, CheckRenewedCardNumber), false}},
		{"card without cvv", Of(CardWithoutCVV), // DPC 2: 2x0.25+1 = 1.5
			want{TierLow, score(2, 0.25, 1, 1.5), plus(ContactCardIssuer), false}},
		{"card with cvv", Of(CardWithCVV), // DPC 4: 4x0.25+1 = 2 Medium; VeryHigh by floor
			want{TierVeryHigh, score(4, 0.25, 1, 2), plus(CancelAndReissueCard, ContactCardIssuer), false}},
		{"password", Of(Password), // DPC 3: 3x0.25+1 = 1.75 Low; High by floor
			want{TierHigh, score(3, 0.25, 1, 1.75), plus(ChangePasswordNow, EnableTwoFactor), false}},

		// DESIGN.md's worked examples.
		{"name + email", Of(Name, Email), // EI 0.75: 1x0.75+1 = 1.75
			want{TierLow, score(1, 0.75, 1, 1.75), always, false}},
		{"name + date of birth + email", Of(Name, DateOfBirth, Email), // EI 1: 1x1+1 = 2
			want{TierMedium, score(1, 1, 1, 2), plus(ExpectTargetedScams), false}},
		{"name + date of birth + email + passport", Of(Name, DateOfBirth, Email, PassportNumber), // still 2; High by the identity-fraud floor
			want{TierHigh, score(1, 1, 1, 2), plus(WatchForIdentityFraud, ExpectTargetedScams), false}},
		{"password + email", Of(Password, Email), // 3x0.5+1 = 2.5 Medium; High by floor
			want{TierHigh, score(3, 0.5, 1, 2.5), plus(ChangePasswordNow, EnableTwoFactor), false}},
		{"name + expired card", Of(Name, CardExpired), // 2x0.5+1 = 2
			want{TierMedium, score(2, 0.5, 1, 2), plus(ContactCardIssuer, CheckRenewedCardNumber), false}},

		// The seed's typical combinations.
		{"name + phone (most passengers)", Of(Name, Phone), // 1x0.75+1 = 1.75
			want{TierLow, score(1, 0.75, 1, 1.75), always, false}},
		{"name + frequent flyer number", Of(Name, FrequentFlyerNumber), // membership counts with the name: 0.75
			want{TierLow, score(1, 0.75, 1, 1.75), plus(CheckLoyaltyAccount), false}},
		{"name + identity card", Of(Name, IdentityCardNumber), // EI 1: 1x1+1 = 2 Medium; High by floor
			want{TierHigh, score(1, 1, 1, 2), plus(WatchForIdentityFraud), false}},
		{"name + date of birth + postal address", Of(Name, DateOfBirth, PostalAddress), // postal address is a contact identifier: EI 1
			want{TierMedium, score(1, 1, 1, 2), plus(ExpectTargetedScams), false}},
		{"name + date of birth + frequent flyer number", Of(Name, DateOfBirth, FrequentFlyerNumber), // membership is not a contact identifier: EI 0.75
			want{TierLow, score(1, 0.75, 1, 1.75), plus(CheckLoyaltyAccount, ExpectTargetedScams), false}},
		{"name + email + travel history", Of(Name, Email, TravelHistory), // 2x0.75+1 = 2.5
			want{TierMedium, score(2, 0.75, 1, 2.5), plus(ExpectTargetedScams), false}},
		{"name + date of birth + email + travel history", Of(Name, DateOfBirth, Email, TravelHistory), // 2x1+1 = 3 High by band alone
			want{TierHigh, score(2, 1, 1, 3), plus(ExpectTargetedScams), false}},
		{"name + email + card without cvv", Of(Name, Email, CardWithoutCVV), // 2x0.75+1 = 2.5
			want{TierMedium, score(2, 0.75, 1, 2.5), plus(ContactCardIssuer), false}},
		{"name + email + remarks", Of(Name, Email, CustomerServiceRemarks), // 1x0.75+1 = 1.75, needs review
			want{TierLow, score(1, 0.75, 1, 1.75), plus(ExpectTargetedScams), true}},
		{"name + nationality + passport", Of(Name, Nationality, PassportNumber), // EI 1: 2 Medium; High by floor
			want{TierHigh, score(1, 1, 1, 2), plus(WatchForIdentityFraud), false}},
		{"everything the seed exposed", Of(Name, Nationality, DateOfBirth, Phone, Email, PostalAddress,
			PassportNumber, IdentityCardNumber, FrequentFlyerNumber, CustomerServiceRemarks, TravelHistory,
			CardExpired, CardWithoutCVV), // DPC 2 (travel, cards), EI 1: 2x1+1 = 3 High
			want{TierHigh, score(2, 1, 1, 3), plus(ContactCardIssuer, CheckRenewedCardNumber, WatchForIdentityFraud,
				CheckLoyaltyAccount, ExpectTargetedScams), true}},

		// Beyond the seed: cards with CVV and passwords.
		{"name + email + card with cvv", Of(Name, Email, CardWithCVV), // 4x0.75+1 = 4 VeryHigh by band
			want{TierVeryHigh, score(4, 0.75, 1, 4), plus(CancelAndReissueCard, ContactCardIssuer), false}},
		{"name + email + password", Of(Name, Email, Password), // 3x0.75+1 = 3.25 High by band and floor
			want{TierHigh, score(3, 0.75, 1, 3.25), plus(ChangePasswordNow, EnableTwoFactor), false}},
		{"card with cvv + password", Of(CardWithCVV, Password), // DPC 4, EI 0.25: 2; VeryHigh by floor
			want{TierVeryHigh, score(4, 0.25, 1, 2), plus(CancelAndReissueCard, ChangePasswordNow, ContactCardIssuer, EnableTwoFactor), false}},

		// Every category beyond the seed, alone. Document numbers weigh through
		// EI with a name and the identity-fraud floor, as passports do.
		{"national id number", Of(NationalIDNumber), // 1x0.25+1 = 1.25
			want{TierLow, score(1, 0.25, 1, 1.25), plus(AskForCreditFreeze, WatchForIdentityFraud), false}},
		{"driving licence number", Of(DriversLicenceNumber),
			want{TierLow, score(1, 0.25, 1, 1.25), plus(AskForCreditFreeze, WatchForIdentityFraud), false}},
		{"tax id", Of(TaxID),
			want{TierLow, score(1, 0.25, 1, 1.25), plus(AskForCreditFreeze, WatchForIdentityFraud), false}},
		{"identity document image", Of(IdentityDocumentImage), // DPC 2 (simple +1), EI 1 (identifies alone): 2x1+1 = 3 High
			want{TierHigh, score(2, 1, 1, 3), plus(AskForCreditFreeze, WatchForIdentityFraud), false}},
		{"photo", Of(Photo), // a face: EI 0.5 as a name
			want{TierLow, score(1, 0.5, 1, 1.5), always, false}},
		{"gender", Of(Gender),
			want{TierLow, score(1, 0.25, 1, 1.25), always, false}},
		{"booking reference", Of(BookingReference), // reaches one booking: EI 0.5
			want{TierLow, score(1, 0.5, 1, 1.5), plus(CheckBookings, ExpectTargetedScams), false}},
		{"precise location", Of(PreciseLocation), // DPC 3 (behavioural +1): 3x0.25+1 = 1.75
			want{TierLow, score(3, 0.25, 1, 1.75), plus(ExpectTargetedScams), false}},
		{"bank account number", Of(BankAccountNumber), // DPC 3 (financial)
			want{TierLow, score(3, 0.25, 1, 1.75), plus(ContactBank), false}},
		{"financial details", Of(FinancialDetails),
			want{TierLow, score(3, 0.25, 1, 1.75), plus(ExpectTargetedScams), false}},
		{"card pin", Of(CardPIN), // DPC 3; no card number, so no very-high floor
			want{TierLow, score(3, 0.25, 1, 1.75), plus(CancelAndReissueCard, ContactCardIssuer), false}},
		{"username", Of(Username), // an account identifier: EI 0.5
			want{TierLow, score(1, 0.5, 1, 1.5), plus(EnableTwoFactor), false}},
		{"password hash", Of(PasswordHash), // DPC 2 (credential -1): 1.5 Low; Medium by floor
			want{TierMedium, score(2, 0.25, 1, 1.5), plus(ChangePasswordNow, EnableTwoFactor), false}},
		{"security answers", Of(SecurityAnswers), // DPC 3: 1.75; High by floor
			want{TierHigh, score(3, 0.25, 1, 1.75), plus(ChangeSecurityAnswers, EnableTwoFactor), false}},
		{"authentication token", Of(AuthenticationToken),
			want{TierHigh, score(3, 0.25, 1, 1.75), plus(SignOutAndRevokeTokens, EnableTwoFactor), false}},
		{"private key", Of(PrivateKey),
			want{TierHigh, score(3, 0.25, 1, 1.75), plus(ReplacePrivateKey), false}},
		{"ip address", Of(IPAddress),
			want{TierLow, score(1, 0.25, 1, 1.25), always, false}},
		{"device identifier", Of(DeviceIdentifier),
			want{TierLow, score(1, 0.25, 1, 1.25), always, false}},
		{"employment", Of(Employment),
			want{TierLow, score(1, 0.25, 1, 1.25), plus(ExpectTargetedScams), false}},
		{"health", Of(Health), // DPC 4 (sensitive): 4x0.25+1 = 2 Medium; High by floor
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"health insurance number", Of(HealthInsuranceNumber), // DPC 2 (financial -1), EI 0.5: 2
			want{TierMedium, score(2, 0.5, 1, 2), plus(CheckHealthInsuranceStatements), false}},
		{"biometric", Of(Biometric), // DPC 4, EI 1 (identifies alone): 5
			want{TierVeryHigh, score(4, 1, 1, 5), plus(AskAboutBiometricSignIn, BewareOfExtortion), false}},
		{"genetic", Of(Genetic),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"racial or ethnic origin", Of(RacialOrEthnicOrigin),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"religious or philosophical beliefs", Of(ReligiousOrPhilosophical),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"political opinions", Of(PoliticalOpinions),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"trade union membership", Of(TradeUnionMembership),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"sex life or sexual orientation", Of(SexLifeOrOrientation),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},
		{"criminal record", Of(CriminalRecord),
			want{TierHigh, score(4, 0.25, 1, 2), plus(BewareOfExtortion), false}},

		// Combinations beyond the seed.
		{"name + national id number", Of(Name, NationalIDNumber), // EI 1: 2 Medium; High by the identity-fraud floor
			want{TierHigh, score(1, 1, 1, 2), plus(AskForCreditFreeze, WatchForIdentityFraud), false}},
		{"name + national id number + health", Of(Name, NationalIDNumber, Health), // 4x1+1 = 5
			want{TierVeryHigh, score(4, 1, 1, 5), plus(AskForCreditFreeze, WatchForIdentityFraud, BewareOfExtortion), false}},
		{"name + health", Of(Name, Health), // 4x0.5+1 = 3 High
			want{TierHigh, score(4, 0.5, 1, 3), plus(BewareOfExtortion), false}},
		{"name + card without cvv + pin", Of(Name, CardWithoutCVV, CardPIN), // 3x0.5+1 = 2.5; VeryHigh by floor
			want{TierVeryHigh, score(3, 0.5, 1, 2.5), plus(CancelAndReissueCard, ContactCardIssuer), false}},
		{"email + password hash", Of(Email, PasswordHash), // 2x0.5+1 = 2 Medium
			want{TierMedium, score(2, 0.5, 1, 2), plus(ChangePasswordNow, EnableTwoFactor), false}},
		{"name + booking reference", Of(Name, BookingReference), // reaches the booking: EI 0.75
			want{TierLow, score(1, 0.75, 1, 1.75), plus(CheckBookings, ExpectTargetedScams), false}},
		{"name + date of birth + username", Of(Name, DateOfBirth, Username), // a username is not a contact identifier: EI 0.75
			want{TierLow, score(1, 0.75, 1, 1.75), plus(EnableTwoFactor, ExpectTargetedScams), false}},

		{"everything", AllCategories(), // 4x1+1 = 5
			want{TierVeryHigh, score(4, 1, 1, 5), Actions(), true}},

		{"nothing", Set{}, want{TierNone, Score{}, nil, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assess(tt.set)
			got := want{a.Tier(), a.Score(), actionsOf(a), a.NeedsReview()}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Assess(%v) mismatch (-want +got):\n%s", tt.set, diff)
			}
			if a.Exposed() != tt.set {
				t.Errorf("Exposed() = %v, want %v", a.Exposed(), tt.set)
			}
		})
	}
}

// TestAssessRulesNamed checks that the rules an assessment names are the ones
// that decided it, floors included.
func TestAssessRulesNamed(t *testing.T) {
	tests := []struct {
		set  Set
		want []string
	}{
		{Of(Name, Email), []string{"dpc.simple", "ei.any", "ei.contact_or_membership", "ei.name", "ei.name_contact",
			"action.beware_of_phishing", "action.watch_for_suspicious_activity", "action.use_unique_passwords"}},
		{Of(Name, PassportNumber), []string{"dpc.simple", "ei.any", "ei.name", "ei.name_document", "floor.identity_fraud",
			"action.watch_for_identity_fraud", "action.beware_of_phishing", "action.watch_for_suspicious_activity", "action.use_unique_passwords"}},
		{Of(Password), []string{"dpc.credential", "ei.any", "floor.password", "action.change_password_now", "action.enable_two_factor",
			"action.beware_of_phishing", "action.watch_for_suspicious_activity", "action.use_unique_passwords"}},
		{Of(CustomerServiceRemarks), []string{"dpc.simple", "ei.any", "action.expect_targeted_scams",
			"action.beware_of_phishing", "action.watch_for_suspicious_activity", "action.use_unique_passwords", "review.service_remarks"}},
		{Set{}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, rulesOf(Assess(tt.set)), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("rules of %v mismatch (-want +got):\n%s", tt.set, diff)
		}
	}
}

// TestDefaultRulesCited checks that every default rule explains itself.
func TestDefaultRulesCited(t *testing.T) {
	for _, r := range DefaultPolicy().Rules() {
		if r.Rationale == "" || r.Source == "" {
			t.Errorf("rule %q lacks a rationale or a source", r.ID)
		}
	}
}

func TestAssessCustomPolicy(t *testing.T) {
	p := customPolicy()
	// CB = 0.25 (known recipients) + 0.25 (recoverable integrity) = 0.5.
	// Bands: < 1.5 Low, < 2.5 Medium, < 3.5 High, else VeryHigh.
	tests := []struct {
		name string
		set  Set
		want want
	}{
		{"email", Of(Email), // 2x0.5+0.5 = 1.5 Medium
			want{TierMedium, score(2, 0.5, 0.5, 1.5), []Action{BewareOfPhishing}, false}},
		{"name + email", Of(Name, Email), // 2x1+0.5 = 2.5 High
			want{TierHigh, score(2, 1, 0.5, 2.5), []Action{BewareOfPhishing}, false}},
		{"card with cvv", Of(CardWithCVV), // 3x0.5+0.5 = 2 Medium; no name, no floor
			want{TierMedium, score(3, 0.5, 0.5, 2), []Action{CancelAndReissueCard, BewareOfPhishing}, false}},
		{"name + card with cvv", Of(Name, CardWithCVV), // 3x0.5+0.5 = 2; VeryHigh by floor
			want{TierVeryHigh, score(3, 0.5, 0.5, 2), []Action{CancelAndReissueCard, BewareOfPhishing}, false}},
		{"password + email", Of(Password, Email), // 2x0.5+0.5 = 1.5 Medium (the floor is Medium too)
			want{TierMedium, score(2, 0.5, 0.5, 1.5), []Action{ChangePasswordNow, BewareOfPhishing}, false}},
		{"travel history", Of(TravelHistory), // 1.5 Medium, flagged
			want{TierMedium, score(2, 0.5, 0.5, 1.5), []Action{BewareOfPhishing}, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.Assess(tt.set)
			got := want{a.Tier(), a.Score(), actionsOf(a), a.NeedsReview()}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("Assess(%v) mismatch (-want +got):\n%s", tt.set, diff)
			}
		})
	}
}

func checkJSONRoundTrip(t *testing.T, a Assessment) {
	t.Helper()
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatalf("Marshal(%v): %v", a, err)
	}
	var back Assessment
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", data, err)
	}
	if !a.Equal(back) {
		t.Fatalf("JSON round trip of %s mismatch (-want +got):\n%s", data, cmp.Diff(a, back))
	}
	again, err := json.Marshal(back)
	if err != nil || string(again) != string(data) {
		t.Fatalf("re-marshalled %s as %s (%v)", data, again, err)
	}
}

func TestAssessmentJSONShape(t *testing.T) {
	data, err := json.Marshal(Assess(Of(Name, PassportNumber)))
	if err != nil {
		t.Fatal(err)
	}
	// name + passport: DPC 1, EI 1, CB 1, SE 2, High by floor.
	want := `{"exposed":["name","passport_number"],"tier":"high","score":{"dpc":1,"ei":1,"cb":1,"se":2},` +
		`"rules":["dpc.simple","ei.any","ei.name","ei.name_document","floor.identity_fraud","action.watch_for_identity_fraud",` +
		`"action.beware_of_phishing","action.watch_for_suspicious_activity","action.use_unique_passwords"],` +
		`"actions":["watch_for_identity_fraud","beware_of_phishing","watch_for_suspicious_activity","use_unique_passwords"],` +
		`"needs_review":false}`
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	data, _ = json.Marshal(Assess(Of(Name, Email)))
	var generic map[string]any
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	if ei := generic["score"].(map[string]any)["ei"]; ei != 0.75 {
		t.Errorf("score.ei = %#v, want the JSON number 0.75", ei)
	}
	data, _ = json.Marshal(Assess(Set{}))
	if diff := cmp.Diff(`{"exposed":[],"tier":"none","score":{"dpc":0,"ei":0,"cb":0,"se":0},"rules":[],"actions":[],"needs_review":false}`, string(data)); diff != "" {
		t.Errorf("nothing exposed mismatch (-want +got):\n%s", diff)
	}
}

func TestAssessmentUnmarshalErrors(t *testing.T) {
	for _, in := range []string{
		`{"exposed":["name","nickname"],"tier":"low"}`,
		`{"exposed":["name"],"tier":"severe"}`,
		`{"exposed":["name"],"tier":"none"}`,
		`{"exposed":[],"tier":"low"}`,
		`{"exposed":["name"],"tier":"low","actions":["pray"]}`,
		`{"exposed":["name"],"tier":"low","actions":["beware_of_phishing","beware_of_phishing"]}`,
		`{"exposed":["name"],"tier":"low","rules":["a","a"]}`,
		`{"exposed":["name"],"tier":"low","score":{"ei":0.3}}`,
		`[1,2]`,
	} {
		var a Assessment
		if err := json.Unmarshal([]byte(in), &a); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", in, a)
		}
	}
}

// TestAssessmentsIndependent checks that no caller can change what another
// receives: assessments are values, and what they hand out is copied.
func TestAssessmentsIndependent(t *testing.T) {
	s := Of(Name, Password)
	a := Assess(s)
	rules := rulesOf(a)
	rules[0] = "tampered"
	acts := actionsOf(a)
	acts[0] = BewareOfPhishing
	p := DefaultPolicy()
	rs := p.Rules()
	rs[0].ID = "tampered"
	rs[0].When.AnyOf[0] = Password
	if r, _ := p.Rule("dpc.simple"); r.When.AnyOf[0] != Name {
		t.Errorf("changing a copy of the rules changed the policy: %v", r.When)
	}
	if diff := cmp.Diff(Assess(s), a); diff != "" {
		t.Errorf("changing collected slices changed the assessment (-fresh +held):\n%s", diff)
	}
	if got := rulesOf(Assess(s))[0]; got != "dpc.simple" {
		t.Errorf("first rule = %q after tampering with a copy", got)
	}
}

// TestPolicyCopiesInput checks that changing the caller's rule table after
// NewPolicy changes nothing.
func TestPolicyCopiesInput(t *testing.T) {
	rules := customRules()
	p, err := NewPolicy(rules, customBands(), customCircumstances())
	if err != nil {
		t.Fatal(err)
	}
	before := p.Assess(Of(CardWithCVV))
	rules[1].When.AnyOf[2] = Name // dpc.money now names Name instead of CardWithCVV
	rules[1].ID = "renamed"
	if diff := cmp.Diff(before, p.Assess(Of(CardWithCVV))); diff != "" {
		t.Errorf("assessment changed (-before +after):\n%s", diff)
	}
	if _, ok := p.Rule("dpc.money"); !ok {
		t.Error("rule dpc.money lost after the caller renamed its copy")
	}
}

func TestAssessConcurrent(t *testing.T) {
	p := DefaultPolicy()
	sets := seedSets()
	want := make([]Assessment, len(sets))
	for i, s := range sets {
		want[i] = p.Assess(s)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			var tally Tally
			for i := w; i < len(sets); i += 3 {
				a := p.Assess(sets[i])
				if !a.Equal(want[i]) {
					t.Errorf("concurrent Assess(%v) = %v, want %v", sets[i], a, want[i])
					return
				}
				tally.Add(a)
			}
		})
	}
	wg.Wait()
}

func TestAssessAllocatesNothing(t *testing.T) {
	sets := append(append(realisticMix(), threeToSix()...), AllCategories())
	p := DefaultPolicy()
	var sink Tier
	allocs := testing.AllocsPerRun(100, func() {
		for _, s := range sets {
			a := p.Assess(s)
			sink = max(sink, a.Tier())
			for range a.Actions() {
			}
			for range a.Rules() {
			}
		}
	})
	if allocs != 0 {
		t.Errorf("Assess and iterating its result allocate %v times per run, want 0", allocs)
	}
	_ = sink
}
