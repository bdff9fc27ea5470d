package exposure_test

import (
	"testing"

	"github.com/breachkit/breachkit/exposure"
)

// realisticMix is 100 sets in roughly the seed's proportions: about half the
// passengers lost only a name with a phone number or email address, about 9%
// a passport number, a few an identity card number, and the rest other
// combinations. The cards incident adds cards with CVV and passwords.
func realisticMix() []exposure.Set {
	var sets []exposure.Set
	add := func(n int, cs ...exposure.Category) {
		for range n {
			sets = append(sets, exposure.Of(cs...))
		}
	}
	const (
		name, nat, dob, phone, email, addr = exposure.Name, exposure.Nationality, exposure.DateOfBirth, exposure.Phone, exposure.Email, exposure.PostalAddress
	)
	add(27, name, email)
	add(23, name, phone)
	add(9, name, nat, dob, email, exposure.PassportNumber)
	add(3, name, dob, exposure.IdentityCardNumber, phone)
	add(10, name, email, exposure.FrequentFlyerNumber, exposure.TravelHistory)
	add(10, name, dob, email, addr)
	add(8, name, email, exposure.CustomerServiceRemarks, exposure.FrequentFlyerNumber)
	add(5, name, email, phone, addr, exposure.FrequentFlyerNumber)
	add(2, name, exposure.CardExpired, email)
	add(1, name, exposure.CardWithoutCVV)
	add(1, name, email, exposure.CardWithCVV, exposure.Password)
	add(1, exposure.Password, email)
	return sets
}

// BenchmarkAssess is one Assess call per op with the default policy over a
// realistic mix of sets.
func BenchmarkAssess(b *testing.B) {
	sets := realisticMix()
	p := exposure.DefaultPolicy()
	var sink exposure.Tier
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		sink = max(sink, p.Assess(sets[i]).Tier())
		i++
		if i == len(sets) {
			i = 0
		}
	}
	_ = sink
}

// BenchmarkAssessNaive evaluates the same rule table naively on every call,
// walking the rules and their category lists in floating point: the obvious
// alternative to compiling the policy.
func BenchmarkAssessNaive(b *testing.B) {
	sets := realisticMix()
	n := newNaive(exposure.DefaultPolicy())
	var sink exposure.Tier
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		sink = max(sink, n.assess(sets[i]).Tier)
		i++
		if i == len(sets) {
			i = 0
		}
	}
	_ = sink
}

// BenchmarkNewPolicy measures building the default policy, which evaluates it
// for every set once.
func BenchmarkNewPolicy(b *testing.B) {
	rules, bands, circ := exposure.DefaultRules(), exposure.DefaultBands(), exposure.SeedCircumstances()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := exposure.NewPolicy(rules, bands, circ); err != nil {
			b.Fatal(err)
		}
	}
}
