package exposure_test

import (
	"math/rand/v2"
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

// threeToSix is 100 seeded random sets of 3 to 6 categories, drawn from all
// of them: the size of one person's exposure in most breaches.
func threeToSix() []exposure.Set {
	rng := rand.New(rand.NewPCG(3, 6))
	sets := make([]exposure.Set, 100)
	for i := range sets {
		for sets[i].Len() < 3+i%4 {
			sets[i] = sets[i].With(exposure.Category(1 + rng.IntN(exposure.NumCategories)))
		}
	}
	return sets
}

// BenchmarkAssess is one Assess call per op with the default policy over a
// realistic mix of sets of the seed's categories.
func BenchmarkAssess(b *testing.B) { benchmarkAssess(b, realisticMix()) }

// BenchmarkAssess3to6 is one Assess call per op over sets of 3 to 6 of all categories.
func BenchmarkAssess3to6(b *testing.B) { benchmarkAssess(b, threeToSix()) }

// BenchmarkAssessFullSet assesses the set of every category.
func BenchmarkAssessFullSet(b *testing.B) {
	benchmarkAssess(b, []exposure.Set{exposure.AllCategories()})
}

func benchmarkAssess(b *testing.B, sets []exposure.Set) {
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
func BenchmarkAssessNaive(b *testing.B) { benchmarkNaive(b, realisticMix()) }

// BenchmarkAssessNaive3to6 is the naive evaluation of BenchmarkAssess3to6's sets.
func BenchmarkAssessNaive3to6(b *testing.B) { benchmarkNaive(b, threeToSix()) }

// BenchmarkAssessNaiveFullSet is the naive evaluation of the full set.
func BenchmarkAssessNaiveFullSet(b *testing.B) {
	benchmarkNaive(b, []exposure.Set{exposure.AllCategories()})
}

func benchmarkNaive(b *testing.B, sets []exposure.Set) {
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

// BenchmarkNewPolicy measures building the default policy: validating and
// compiling its rules, linear in their number.
func BenchmarkNewPolicy(b *testing.B) {
	rules, bands, circ := exposure.DefaultRules(), exposure.DefaultBands(), exposure.SeedCircumstances()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := exposure.NewPolicy(rules, bands, circ); err != nil {
			b.Fatal(err)
		}
	}
}
