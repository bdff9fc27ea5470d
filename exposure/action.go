package exposure

import (
	"errors"
	"fmt"
)

// Action is something the person should do. Actions are declared in urgency
// order: a lower value is more urgent, and an [Assessment] lists its actions in
// this order. The zero value is not an action.
//
// The advice each action carries is worded by the notice package; the comments
// here say what that wording must cover.
type Action uint8

const (
	// CancelAndReissueCard: ask the card issuer to cancel the card and issue a new one.
	CancelAndReissueCard Action = iota + 1
	// ChangePasswordNow: change the password now, and wherever it was reused.
	ChangePasswordNow
	// ContactCardIssuer: contact the bank or card company, review statements,
	// dispute charges you do not recognise.
	ContactCardIssuer
	// CheckRenewedCardNumber: ask the issuer whether the renewed card kept the
	// expired card's number (PCI-FAQ-1038).
	CheckRenewedCardNumber
	// EnableTwoFactor: turn on two-step sign-in where it is offered.
	EnableTwoFactor
	// WatchForIdentityFraud: watch for identity fraud and pretext calls;
	// replacing the document is not routinely needed; report a lost document.
	WatchForIdentityFraud
	// CheckLoyaltyAccount: check the loyalty account for activity you do not recognise.
	CheckLoyaltyAccount
	// ExpectTargetedScams: expect scams that quote real details about you.
	ExpectTargetedScams
	// BewareOfPhishing: we never ask for passwords or card details; do not
	// click links or open attachments in unexpected mail.
	BewareOfPhishing
	// WatchForSuspiciousActivity: watch accounts for activity you do not recognise.
	WatchForSuspiciousActivity
	// ChangePasswordsRegularly: change passwords regularly.
	ChangePasswordsRegularly

	numActions = iota + 1 // one past the last action; a sentinel
)

// NumActions is the number of actions. Every action a satisfies
// 1 <= a <= NumActions.
const NumActions = numActions - 1

var actionNames = []string{
	CancelAndReissueCard:       "cancel_and_reissue_card",
	ChangePasswordNow:          "change_password_now",
	ContactCardIssuer:          "contact_card_issuer",
	CheckRenewedCardNumber:     "check_renewed_card_number",
	EnableTwoFactor:            "enable_two_factor",
	WatchForIdentityFraud:      "watch_for_identity_fraud",
	CheckLoyaltyAccount:        "check_loyalty_account",
	ExpectTargetedScams:        "expect_targeted_scams",
	BewareOfPhishing:           "beware_of_phishing",
	WatchForSuspiciousActivity: "watch_for_suspicious_activity",
	ChangePasswordsRegularly:   "change_passwords_regularly",
}

var actionUrgency = [numActions]Urgency{
	CancelAndReissueCard:       UrgencyNow,
	ChangePasswordNow:          UrgencyNow,
	ContactCardIssuer:          UrgencyNow,
	CheckRenewedCardNumber:     UrgencySoon,
	EnableTwoFactor:            UrgencySoon,
	WatchForIdentityFraud:      UrgencySoon,
	CheckLoyaltyAccount:        UrgencySoon,
	ExpectTargetedScams:        UrgencyOngoing,
	BewareOfPhishing:           UrgencyOngoing,
	WatchForSuspiciousActivity: UrgencyOngoing,
	ChangePasswordsRegularly:   UrgencyOngoing,
}

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
	return actionUrgency[a]
}

// String returns the action's wire name, or "Action(42)" for an invalid value.
func (a Action) String() string { return enumName(actionNames, uint8(a), "Action") }

// ParseAction returns the action whose wire name is exactly s.
func ParseAction(s string) (Action, error) {
	if v, ok := parseEnum(actionNames, s); ok {
		return Action(v), nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownAction, s)
}

// AppendText implements [encoding.TextAppender].
func (a Action) AppendText(b []byte) ([]byte, error) {
	return appendEnum(b, actionNames, uint8(a), "Action")
}

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (a Action) MarshalText() ([]byte, error) { return a.AppendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseAction].
func (a *Action) UnmarshalText(text []byte) error {
	v, err := ParseAction(string(text))
	if err == nil {
		*a = v
	}
	return err
}

// Urgency says how soon an action should be taken.
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
