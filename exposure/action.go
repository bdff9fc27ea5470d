package exposure

import (
	"errors"
	"fmt"
)

// Action is something the person should do. Actions are declared in urgency
// order: a lower value is more urgent, and an [Assessment] lists its actions in
// this order. The zero value is not an action.
//
// An Action leaves the process only as its wire name, never as a number, so
// actions can be inserted where their urgency puts them. The advice each
// action carries is worded by the notice package (the catalog message
// "action." + wire name); the comments here say what that wording must cover.
type Action uint8

const (
	// CancelAndReissueCard: ask the card issuer to cancel the card and issue a new one.
	CancelAndReissueCard Action = iota + 1
	// ChangePasswordNow: change the exposed password now, and wherever it was reused.
	ChangePasswordNow
	// ChangeSecurityAnswers: change the security questions and answers of the
	// account, and wherever the same answers are used; choose answers others
	// cannot look up.
	ChangeSecurityAnswers
	// SignOutAndRevokeTokens: sign out of the account on every device and
	// remove access for apps and keys not recognised; stolen sign-in tokens stop working.
	SignOutAndRevokeTokens
	// ReplacePrivateKey: revoke the exposed key and make a new one.
	ReplacePrivateKey
	// ContactCardIssuer: contact the bank or card company, review statements,
	// dispute charges you do not recognise.
	ContactCardIssuer
	// ContactBank: tell the bank the account number was exposed; check for
	// payments and direct debits you did not set up.
	ContactBank
	// CheckRenewedCardNumber: ask the issuer whether the renewed card kept the
	// expired card's number (PCI-FAQ-1038).
	CheckRenewedCardNumber
	// EnableTwoFactor: turn on two-step sign-in where it is offered.
	EnableTwoFactor
	// AskForCreditFreeze: where the country offers one, ask for a credit
	// freeze or a fraud alert, so that no one can open credit in your name.
	AskForCreditFreeze
	// WatchForIdentityFraud: watch for identity fraud and pretext calls;
	// replacing a document is not routinely needed; report a lost document.
	WatchForIdentityFraud
	// CheckLoyaltyAccount: check the loyalty account for activity you do not recognise.
	CheckLoyaltyAccount
	// CheckBookings: check your bookings for changes you did not make.
	CheckBookings
	// CheckHealthInsuranceStatements: check the insurer's statements for care
	// you did not receive, and tell the insurer of any.
	CheckHealthInsuranceStatements
	// AskAboutBiometricSignIn: ask the organisations where you sign in with a
	// fingerprint or your face what the exposure means for you.
	AskAboutBiometricSignIn
	// ExpectTargetedScams: expect scams that quote real details about you.
	ExpectTargetedScams
	// BewareOfExtortion: if anyone threatens to reveal the information unless
	// you pay, do not pay or reply; keep the message, tell the police and us.
	BewareOfExtortion
	// BewareOfPhishing: we never ask for passwords or card details; do not
	// click links or open attachments in unexpected mail.
	BewareOfPhishing
	// WatchForSuspiciousActivity: watch accounts for activity you do not recognise.
	WatchForSuspiciousActivity
	// UseUniquePasswords: use a different password for each account, with a
	// password manager; change any password that was exposed or is used on
	// more than one account. Not "change passwords regularly": NIST SP
	// 800-63B and the UK NCSC advise against routine changes.
	UseUniquePasswords

	numActions = iota + 1 // one past the last action; a sentinel
)

// ChangePasswordsRegularly is the old name of [UseUniquePasswords], whose
// advice changed: a different password for each account, not regular changes.
//
// Deprecated: use UseUniquePasswords. The wire name "change_passwords_regularly"
// still parses, as UseUniquePasswords, for one release.
const ChangePasswordsRegularly = UseUniquePasswords

// NumActions is the number of actions. Every action a satisfies
// 1 <= a <= NumActions. A policy compiles actions into 47 bits of a word
// (policy.go), so there can be at most 46; the build fails beyond that.
const NumActions = numActions - 1

// actionRow defines one action: its wire name, how soon it should be taken,
// and the source of the advice.
type actionRow struct {
	name    string
	urgency Urgency
	source  string
}

var actionRows = [numActions]actionRow{
	CancelAndReissueCard:           {"cancel_and_reissue_card", UrgencyNow, "FTC-GUIDE"},
	ChangePasswordNow:              {"change_password_now", UrgencyNow, "EDPB-01/2021; PCPD-2019; NIST-800-63B s. 5.1.1"},
	ChangeSecurityAnswers:          {"change_security_answers", UrgencyNow, "FTC-GUIDE; NIST-800-63B s. 5.1.1 (no knowledge-based secrets)"},
	SignOutAndRevokeTokens:         {"sign_out_and_revoke_tokens", UrgencyNow, "NCSC-ACCOUNTS (recovering a hacked account)"},
	ReplacePrivateKey:              {"replace_private_key", UrgencyNow, "US-WA private key element [jurisdictions U7]"},
	ContactCardIssuer:              {"contact_card_issuer", UrgencyNow, "FTC-GUIDE; SEED-NOTICE"},
	ContactBank:                    {"contact_bank", UrgencyNow, "FTC-GUIDE"},
	CheckRenewedCardNumber:         {"check_renewed_card_number", UrgencySoon, "PCI-FAQ-1038"},
	EnableTwoFactor:                {"enable_two_factor", UrgencySoon, "PCPD-2019; NCSC-ACCOUNTS"},
	AskForCreditFreeze:             {"ask_for_credit_freeze", UrgencySoon, "FTC-GUIDE (credit freeze, fraud alert)"},
	WatchForIdentityFraud:          {"watch_for_identity_fraud", UrgencySoon, "FTC-GUIDE; EDPB-9/2022 para. 102"},
	CheckLoyaltyAccount:            {"check_loyalty_account", UrgencySoon, "SEED-NOTICE"},
	CheckBookings:                  {"check_bookings", UrgencySoon, "SEED-NOTICE (loyalty and booking misuse)"},
	CheckHealthInsuranceStatements: {"check_health_insurance_statements", UrgencySoon, "FTC-GUIDE (medical identity theft)"},
	AskAboutBiometricSignIn:        {"ask_about_biometric_sign_in", UrgencySoon, "EDPB-9/2022 (biometric data cannot be changed)"},
	ExpectTargetedScams:            {"expect_targeted_scams", UrgencyOngoing, "EDPB-9/2022"},
	BewareOfExtortion:              {"beware_of_extortion", UrgencyOngoing, "EDPB-9/2022 (discrimination, reputational damage); EDPB-01/2021"},
	BewareOfPhishing:               {"beware_of_phishing", UrgencyOngoing, "SEED-NOTICE"},
	WatchForSuspiciousActivity:     {"watch_for_suspicious_activity", UrgencyOngoing, "SEED-NOTICE"},
	UseUniquePasswords:             {"use_unique_passwords", UrgencyOngoing, "NIST-800-63B s. 5.1.1.2; NCSC-PASSWORDS"},
}

// actionAliases are old wire names that still parse, each for one release
// after its action was renamed. They are read, never written.
var actionAliases = map[string]Action{
	"change_passwords_regularly": UseUniquePasswords, // renamed in the release that grew the categories
}

// actionNames is the name table the enum helpers index.
var actionNames = func() []string {
	names := make([]string, numActions)
	for a := Action(1); a < numActions; a++ {
		names[a] = actionRows[a].name
	}
	return names
}()

// ErrUnknownAction is wrapped by errors that report a name that is no action's.
var ErrUnknownAction = errors.New("exposure: unknown action")

// Actions returns every action in urgency order, in a fresh slice.
func Actions() []Action {
	all := make([]Action, 0, NumActions)
	for a := Action(1); a < numActions; a++ {
		all = append(all, a)
	}
	return all
}

// Valid reports whether a is one of the declared actions.
func (a Action) Valid() bool { return a > 0 && a < numActions }

// Urgency returns how soon the person should act. An invalid action has the
// zero Urgency.
func (a Action) Urgency() Urgency {
	if !a.Valid() {
		return 0
	}
	return actionRows[a].urgency
}

// Source names the advice the action rests on (short names as in rules).
func (a Action) Source() string {
	if !a.Valid() {
		return ""
	}
	return actionRows[a].source
}

// String returns the action's wire name, or "Action(42)" for an invalid value.
func (a Action) String() string { return enumName(actionNames, uint8(a), "Action") }

// ParseAction returns the action whose wire name is exactly s. A wire name an
// action had before it was renamed parses as that action for one release
// ("change_passwords_regularly" is [UseUniquePasswords]); String and
// MarshalText always write the current name.
func ParseAction(s string) (Action, error) {
	if v, ok := parseEnum(actionNames, s); ok {
		return Action(v), nil
	}
	if a, ok := actionAliases[s]; ok {
		return a, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownAction, s)
}

// AppendText implements [encoding.TextAppender].
func (a Action) AppendText(b []byte) ([]byte, error) {
	return appendEnum(b, actionNames, uint8(a), "Action")
}

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (a Action) MarshalText() ([]byte, error) { return a.AppendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseAction], so
// it also reads an old wire name.
func (a *Action) UnmarshalText(text []byte) error {
	v, err := ParseAction(string(text))
	if err == nil {
		*a = v
	}
	return err
}

// Urgency says how soon an action should be taken. The zero value is not an
// urgency.
type Urgency uint8

const (
	UrgencyNow     Urgency = iota + 1 // do it today: the exposed data can be used for fraud at once
	UrgencySoon                       // do it in the coming days
	UrgencyOngoing                    // keep doing it: vigilance over the coming months
)

var urgencyNames = []string{
	UrgencyNow:     "now",
	UrgencySoon:    "soon",
	UrgencyOngoing: "ongoing",
}

// String returns "now", "soon" or "ongoing", or "Urgency(0)" for an invalid value.
func (u Urgency) String() string { return enumName(urgencyNames, uint8(u), "Urgency") }

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (u Urgency) MarshalText() ([]byte, error) {
	return appendEnum(nil, urgencyNames, uint8(u), "Urgency")
}
