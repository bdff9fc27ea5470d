package main

import (
	"context"
	"strings"
	"testing"
)

func TestDirectoryFind(t *testing.T) {
	ctx := context.Background()
	d := newDirectory(testConfig(t).Store)
	for _, p := range samplePassengers(t) {
		got, ok, err := d.find(ctx, p.Membership, p.FamilyName)
		if err != nil || !ok || got.ID != p.ID {
			t.Errorf("find(%q, %q) = %s, %v, %v; want %s", p.Membership, p.FamilyName, got.ID, ok, err, p.ID)
		}
	}
	for _, tc := range []struct{ membership, family string }{
		{"1234567893", "Chan"},         // another passenger's name
		{"1234567890", "Yamada"},       // and the reverse
		{"1234567893", "山田"},           // the name in another script than the booking's
		{"1234567893", "YamadaYamada"}, // the name twice
		{"1234567893", ""},             // no name
		{"", ""},                       // nothing
		{"1234567893", "Yamada\xff"},   // not UTF-8
		{"1234567893", strings.Repeat("山", maxInput)},
		{strings.Repeat("1", maxInput+1), "Yamada"},
	} {
		if p, ok, err := d.find(ctx, tc.membership, tc.family); ok || err != nil {
			t.Errorf("find(%q, %q) found %s (%v)", tc.membership, tc.family, p.ID, err)
		}
	}
}

func TestReadPassengersRefusesBadLines(t *testing.T) {
	good := `{"id":"P1","membership":"1","name":"A B","family_name":"B","email":"a@example.com","language":"en","exposed":["name"]}`
	if _, err := readPassengers(strings.NewReader(good + "\n" + `{"id":"P2"}` + "\n")); err == nil {
		t.Error("a bad line was skipped")
	}
	ps, err := readPassengers(strings.NewReader(good + "\n"))
	if err != nil || len(ps) != 1 {
		t.Errorf("readPassengers = %d, %v; want 1 passenger", len(ps), err)
	}
}

// The family name is compared as a keyed digest of fixed size, after one
// indexed look-up in the store whether the number is known or not, so a
// lookup does the same work for a match, a wrong name or an unknown number.
func BenchmarkDirectoryFind(b *testing.B) {
	ctx := context.Background()
	d := newDirectory(testConfig(b).Store)
	for _, bc := range []struct{ name, membership, family string }{
		{"match", "1234567893", "Yamada"},
		{"wrong name", "1234567893", "Tanaka"},
		{"unknown number", "9999999999", "Yamada"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.find(ctx, bc.membership, bc.family)
			}
		})
	}
}

// TestReadPassengersRefusesCaseVariants: a passenger file with a line that
// repeats a field in another letter case (which once read as a different
// passenger) keeps the portal from starting, and the error names the line.
func TestReadPassengersRefusesCaseVariants(t *testing.T) {
	good := `{"id":"G1","membership":"1","name":"A Chan","family_name":"Chan","email":"g@example.com","exposed":["name"]}`
	for _, attack := range []string{
		`{"id":"A1","membership":"2","name":"A","family_name":"A","email":"a@example.com","exposed":["name","passport_number"],"Exposed":[]}`,
		`{"id":"A1","membership":"2","name":"A","family_name":"A","email":"a@example.com","exposed":["name"],"MEMBERSHIP":"1"}`,
		`{"id":"A1","membership":"2","name":"A","family_name":"A","email":"a@example.com","exposed":["name"],"family_ſame":"Chan"}`,
	} {
		ps, err := readPassengers(strings.NewReader(good + "\n" + attack + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 2: ") {
			t.Errorf("readPassengers with %s = %d passengers, %v; want an error for line 2", attack, len(ps), err)
		}
	}
}
