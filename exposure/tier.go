package exposure

import (
	"errors"
	"fmt"
)

// Tier is how serious an exposure is for the person: the severity bands of the
// ENISA methodology (ENISA-2013 s. 3.2), which the EDPB maps to duties
// (EDPB-9/2022): a risk is reported to the supervisory authority, a high risk is
// also told to the people affected. Tiers are ordered: a higher value is more severe.
type Tier uint8

const (
	TierNone     Tier = iota // nothing was exposed; the zero value
	TierLow                  // SE below the Medium band
	TierMedium               // medium severity
	TierHigh                 // high severity
	TierVeryHigh             // very high severity

	numTiers = iota
)

// NumTiers is the number of tiers, TierNone included.
const NumTiers = numTiers

var tierNames = []string{
	TierNone:     "none",
	TierLow:      "low",
	TierMedium:   "medium",
	TierHigh:     "high",
	TierVeryHigh: "very_high",
}

// ErrUnknownTier is wrapped by errors that report a name that is no tier's.
var ErrUnknownTier = errors.New("exposure: unknown tier")

// Valid reports whether t is one of the declared tiers.
func (t Tier) Valid() bool { return t < numTiers }

// String returns the tier's wire name ("very_high"), or "Tier(9)" for an
// invalid value.
func (t Tier) String() string { return enumName(tierNames, uint8(t), "Tier") }

// ParseTier returns the tier whose wire name is exactly s.
func ParseTier(s string) (Tier, error) {
	if v, ok := parseEnum(tierNames, s); ok {
		return Tier(v), nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownTier, s)
}

// AppendText implements [encoding.TextAppender].
func (t Tier) AppendText(b []byte) ([]byte, error) {
	return appendEnum(b, tierNames, uint8(t), "Tier")
}

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (t Tier) MarshalText() ([]byte, error) { return t.AppendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseTier].
func (t *Tier) UnmarshalText(text []byte) error {
	v, err := ParseTier(string(text))
	if err == nil {
		*t = v
	}
	return err
}
