package exposure

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Quarters is a score in exact quarter units: Quarters(3) is 0.75. Every
// number of the ENISA methodology is a multiple of 0.25, so scores are summed
// and compared as integers and never suffer floating-point rounding.
type Quarters int32

// QuartersOf converts f to quarter units. ok is false when f is not an exact
// multiple of 0.25 (or is out of the int32 range).
func QuartersOf(f float64) (q Quarters, ok bool) {
	x := f * 4
	if math.IsNaN(x) || math.IsInf(x, 0) || x != math.Trunc(x) || x > math.MaxInt32 || x < math.MinInt32 {
		return 0, false
	}
	return Quarters(x), true
}

// Float64 returns q as a number: Quarters(3).Float64() is 0.75.
func (q Quarters) Float64() float64 { return float64(q) / 4 }

// String formats q as a decimal number: "0.75", "2", "1.5".
func (q Quarters) String() string { return string(q.appendNumber(nil)) }

func (q Quarters) appendNumber(b []byte) []byte {
	return strconv.AppendFloat(b, q.Float64(), 'f', -1, 64)
}

// MarshalJSON encodes q as a JSON number such as 0.75.
func (q Quarters) MarshalJSON() ([]byte, error) { return q.appendNumber(nil), nil }

// ErrNotQuarter is wrapped by errors for a score that is not a multiple of 0.25.
var ErrNotQuarter = errors.New("exposure: score is not a multiple of 0.25")

// UnmarshalJSON decodes a JSON number that is an exact multiple of 0.25.
func (q *Quarters) UnmarshalJSON(data []byte) error {
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		return fmt.Errorf("exposure: score %s is not a number", data)
	}
	v, ok := QuartersOf(f)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotQuarter, data)
	}
	*q = v
	return nil
}

// Score is the ENISA severity of one person's exposure (ENISA-2013 s. 2.2):
//
//	SE = DPC × EI + CB
//
// DPC (data processing context, 1 to 4) is the highest weight of the exposed
// categories; EI (ease of identification, 0.25 to 1) is how easily the data
// identifies the person; CB (circumstances of breach) comes from the incident.
// SE is the formula's value: the tier may be higher because a floor rule raised it.
type Score struct {
	DPC Quarters `json:"dpc"`
	EI  Quarters `json:"ei"`
	CB  Quarters `json:"cb"`
	SE  Quarters `json:"se"`
}

// Confidentiality is the loss of confidentiality part of CB (ENISA-2013 Annex 3).
type Confidentiality uint8

const (
	ConfidentialityNone              Confidentiality = iota // no data known to have been seen: +0
	ConfidentialityKnownRecipients                          // seen by a known, limited number of recipients: +0.25
	ConfidentialityUnknownRecipients                        // seen by an unknown number of recipients: +0.5
	numConfidentiality
)

// Integrity is the loss of integrity part of CB (ENISA-2013 Annex 3).
type Integrity uint8

const (
	IntegrityIntact        Integrity = iota // data not altered: +0
	IntegrityRecoverable                    // altered, but the correct data can be restored: +0.25
	IntegrityIrrecoverable                  // altered, and the correct data cannot be restored: +0.5
	numIntegrity
)

// Availability is the loss of availability part of CB (ENISA-2013 Annex 3).
type Availability uint8

const (
	AvailabilityIntact    Availability = iota // data available: +0
	AvailabilityTemporary                     // temporarily unavailable: +0.25
	AvailabilityPermanent                     // permanently lost: +0.5
	numAvailability
)

// Circumstances describes how the incident happened: the CB term of the
// formula. It belongs to the incident and is the same for every person in it.
// The zero value is a breach with no aggravating circumstance (CB 0).
type Circumstances struct {
	Confidentiality Confidentiality
	Integrity       Integrity
	Availability    Availability
	// Malicious is true when the breach was deliberate, as with an attacker: +0.5.
	Malicious bool
}

// SeedCircumstances returns the circumstances of the seed incident (Cathay
// Pacific, 2018): an attacker (malicious) reached data whose recipients are
// unknown; nothing was altered or lost. CB is 1.
func SeedCircumstances() Circumstances {
	return Circumstances{Confidentiality: ConfidentialityUnknownRecipients, Malicious: true}
}

// CB returns the circumstances' score. Each part adds 0, 0.25 or 0.5 by its
// level; malicious intent adds 0.5.
func (c Circumstances) CB() Quarters {
	cb := Quarters(c.Confidentiality) + Quarters(c.Integrity) + Quarters(c.Availability)
	if c.Malicious {
		cb += 2
	}
	return cb
}

func (c Circumstances) validate() error {
	switch {
	case c.Confidentiality >= numConfidentiality:
		return fmt.Errorf("%w: confidentiality level %d (want 0 to %d)", ErrOutOfRange, c.Confidentiality, numConfidentiality-1)
	case c.Integrity >= numIntegrity:
		return fmt.Errorf("%w: integrity level %d (want 0 to %d)", ErrOutOfRange, c.Integrity, numIntegrity-1)
	case c.Availability >= numAvailability:
		return fmt.Errorf("%w: availability level %d (want 0 to %d)", ErrOutOfRange, c.Availability, numAvailability-1)
	}
	return nil
}

// Bands are the lowest SE of each tier above Low: SE below Medium is Low,
// from Medium up to High is Medium, from High up to VeryHigh is High, and from
// VeryHigh up is VeryHigh. Values must be positive multiples of 0.25 in
// increasing order.
type Bands struct {
	Medium, High, VeryHigh float64
}

// DefaultBands returns ENISA's bands (ENISA-2013 s. 3.2): Low < 2 <= Medium < 3
// <= High < 4 <= VeryHigh.
func DefaultBands() Bands { return Bands{Medium: 2, High: 3, VeryHigh: 4} }

// compiledBands are the bands in quarter units, indexed by tier.
type compiledBands [numTiers]Quarters

func (b Bands) compile() (compiledBands, error) {
	var cb compiledBands
	parts := []struct {
		tier Tier
		v    float64
	}{{TierMedium, b.Medium}, {TierHigh, b.High}, {TierVeryHigh, b.VeryHigh}}
	prev := Quarters(0)
	for _, p := range parts {
		q, ok := QuartersOf(p.v)
		if !ok || q <= prev {
			return cb, fmt.Errorf("%w: band %s starts at %v; want a multiple of 0.25 above %v", ErrOutOfRange, p.tier, p.v, prev)
		}
		cb[p.tier] = q
		prev = q
	}
	return cb, nil
}

// tier returns the band se falls in; never TierNone.
func (b *compiledBands) tier(se Quarters) Tier {
	switch {
	case se >= b[TierVeryHigh]:
		return TierVeryHigh
	case se >= b[TierHigh]:
		return TierHigh
	case se >= b[TierMedium]:
		return TierMedium
	}
	return TierLow
}
