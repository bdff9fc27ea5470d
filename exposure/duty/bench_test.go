package duty_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/exposure/duty"
)

// BenchmarkPerson is one person's own duties, with their wording-free
// content and deadlines.
func BenchmarkPerson(b *testing.B) {
	rs := duty.Default()
	f := duty.Facts{AwareAt: aware, Malicious: true}
	p := person("US-CA", exposure.Name, exposure.Email, exposure.DriversLicenceNumber)
	b.ReportAllocs()
	for b.Loop() {
		rs.Person(p, f, aware)
	}
}

func benchPeople() []duty.Person { return randomPeople(rand.New(rand.NewPCG(7, 8)), 4096) }

// BenchmarkAssess is the baseline: the tier alone.
func BenchmarkAssess(b *testing.B) {
	people := benchPeople()
	b.ReportAllocs()
	i := 0
	var sink exposure.Tier
	for b.Loop() {
		sink += exposure.Assess(people[i&4095].Exposed).Tier()
		i++
	}
	_ = sink
}

// BenchmarkAssessAndAdd is the tier and the accumulation: the difference
// from BenchmarkAssess is the cost of the duties per person (target: 100 ns).
func BenchmarkAssessAndAdd(b *testing.B) {
	people := benchPeople()
	c := duty.Default().NewCounter(duty.Facts{AwareAt: aware, Malicious: true})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := people[i&4095]
		p.Tier = exposure.Assess(p.Exposed).Tier()
		c.Add(p)
		i++
	}
}

// BenchmarkPlan9_4M is the plan of an incident of 9.4 million people (the
// seed incident's size): their assessment, accumulation and plan.
func BenchmarkPlan9_4M(b *testing.B) {
	if testing.Short() {
		b.Skip("9.4 million people")
	}
	people := benchPeople()
	rs := duty.Default()
	b.ReportAllocs()
	for b.Loop() {
		c := rs.NewCounter(duty.Facts{AwareAt: aware, Malicious: true})
		for i := range 9_400_000 {
			p := people[i&4095]
			p.Tier = exposure.Assess(p.Exposed).Tier()
			c.Add(p)
		}
		if len(c.Plan(time.Time{}).Duties) == 0 {
			b.Fatal("empty plan")
		}
	}
}
