package sample

import (
	"testing"

	"github.com/breachkit/breachkit/exposure"
)

// TestSyntheticProportions: the synthetic passengers follow the seed's
// published proportions.
func TestSyntheticProportions(t *testing.T) {
	// With 3,000 passengers: about half contact only, about 9% passports.
	var passports, contactOnly int
	for i := range int64(3000) {
		s := syntheticExposure(i, splitmix64(uint64(i)))
		if s.Has(exposure.PassportNumber) {
			passports++
		}
		if s.Len() == 2 && (s.Has(exposure.Email) || s.Has(exposure.Phone)) {
			contactOnly++
		}
	}
	if passports < 200 || passports > 340 || contactOnly < 1350 || contactOnly > 1650 {
		t.Errorf("%d passports and %d contact-only in 3,000", passports, contactOnly)
	}
}

func TestExactCardCounts(t *testing.T) {
	var expired, noCVV int
	for i := range int64(SeedPassengers) {
		if everyNth(i, 403) {
			expired++
		}
		if everyNth(i+7, 27) {
			noCVV++
		}
	}
	if expired != 403 || noCVV != 27 {
		t.Errorf("%d expired and %d CVV-less cards per 9.4 million, want 403 and 27", expired, noCVV)
	}
}
