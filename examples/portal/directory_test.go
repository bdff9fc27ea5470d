package main

import (
	"strings"
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
)

func TestNormFamilyName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chan", "chan"},
		{"  CHAN  ", "chan"},
		{"Müller", "müller"},
		{"Mu\u0308ller", "müller"},
		{"MÜLLER", "müller"},
		{"O’Brien", "o'brien"},
		{"O'Brien", "o'brien"},
		{"ＹＡＭＡＤＡ", "yamada"},
		{"山田", "山田"},
		{"\u3000山田\u3000", "山田"}, // ideographic spaces
		{"van  der\tBerg", "van der berg"},
		{"Straße", "strasse"},
		{"김", "김"},
		{"", ""},
	} {
		if got := normFamilyName(tc.in); got != tc.want {
			t.Errorf("normFamilyName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormMembership(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1234567890", "1234567890"},
		{" 1234567890 ", "1234567890"},
		{"１２３４５６７８９０", "1234567890"},
		{"1234 567 890", "1234567890"},
		{"1234-567-890", "1234567890"},
		{"\u00a01234567890\u3000", "1234567890"},
		{"abc", "abc"},
	} {
		if got := normMembership(tc.in); got != tc.want {
			t.Errorf("normMembership(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDirectoryFind(t *testing.T) {
	d, err := newDirectory(samplePassengers(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range samplePassengers(t) {
		got, ok := d.find(p.Membership, p.FamilyName)
		if !ok || got.ID != p.ID {
			t.Errorf("find(%q, %q) = %s, %v; want %s", p.Membership, p.FamilyName, got.ID, ok, p.ID)
		}
	}
	for _, tc := range []struct{ membership, family string }{
		{"1234567893", "Chan"},   // another passenger's name
		{"1234567890", "山田"},     // and the reverse
		{"1234567893", "山田山田"},   // the name twice
		{"1234567893", ""},       // no name
		{"", ""},                 // nothing
		{"1234567893", "山田\xff"}, // not UTF-8
		{"1234567893", strings.Repeat("山", maxInput)},
		{strings.Repeat("1", maxInput+1), "山田"},
	} {
		if p, ok := d.find(tc.membership, tc.family); ok {
			t.Errorf("find(%q, %q) found %s", tc.membership, tc.family, p.ID)
		}
	}
}

func TestNewDirectoryRefuses(t *testing.T) {
	ok := sample.Passenger{ID: "A", Membership: "1", FamilyName: "Chan"}
	for name, ps := range map[string][]sample.Passenger{
		"duplicate":            {ok, {ID: "B", Membership: " 1 ", FamilyName: "Wong"}},
		"no membership":        {{ID: "B", Membership: " - ", FamilyName: "Wong"}},
		"no family name":       {{ID: "B", Membership: "2", FamilyName: "\u3000"}},
		"full-width duplicate": {ok, {ID: "B", Membership: "１", FamilyName: "Wong"}},
	} {
		if _, err := newDirectory(ps); err == nil {
			t.Errorf("%s: newDirectory succeeded", name)
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

// The family name is compared as a fixed-size digest, so the comparison
// does no more or less work for a long wrong name, a short one, or an
// unknown number; this checks the one allocation-free path a lookup that
// finds no one takes is the same for both.
func BenchmarkDirectoryFind(b *testing.B) {
	d, err := newDirectory(samplePassengers(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, membership, family string }{
		{"match", "1234567893", "山田"},
		{"wrong name", "1234567893", "田中"},
		{"unknown number", "9999999999", "山田"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.find(bc.membership, bc.family)
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
