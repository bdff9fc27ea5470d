package sample_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
)

// The attack of the real-inputs issue: encoding/json matches names without
// regard to case (and with Unicode folding) and keeps the last of repeated
// ones, so each of these lines once read as a different passenger than the
// first field says: no notice, a passport dropped from it, or the notice
// sent to another address. Each must be refused, with its line and field.
var caseVariantAttacks = []struct {
	name, line, field string
}{
	{"Exposed empties the list", `{"id":"P1","name":"A","email":"a@example.com","exposed":["name","passport_number"],"Exposed":[]}`, `"Exposed"`},
	{"EXPOSED drops the passport", `{"id":"P1","name":"A","email":"a@example.com","exposed":["name","passport_number"],"EXPOSED":["name"]}`, `"EXPOSED"`},
	{"EMAIL redirects the notice", `{"id":"P1","name":"A","email":"a@example.com","exposed":["name"],"EMAIL":"attacker@example.net"}`, `"EMAIL"`},
	{"Email first, email second", `{"Email":"attacker@example.net","id":"P1","name":"A","email":"a@example.com","exposed":["name"]}`, `"Email"`},
	{"long s for s", `{"id":"P1","name":"A","email":"a@example.com","exposed":["name","passport_number"],"expoſed":[]}`, `"expoſed"`},
	{"Kelvin sign for k", "{\"id\":\"P1\",\"name\":\"A\",\"email\":\"a@example.com\",\"exposed\":[\"name\"],\"\u212aind\":1}", "\"\u212aind\""},
	{"only a folded exposed", `{"id":"P1","name":"A","email":"a@example.com","expoſed":["name"]}`, `"expoſed"`},
	{"escaped repeat", `{"id":"P1","name":"A","email":"a@example.com","exposed":["name"],"\u0065xposed":[]}`, `"exposed"`},
	{"ID renames the person", `{"id":"P1","ID":"P2","name":"A","email":"a@example.com","exposed":["name"]}`, `"ID"`},
	{"null exposed", `{"id":"P1","name":"A","email":"a@example.com","exposed":null}`, `"exposed"`},
	{"null name", `{"id":"P1","name":null,"email":"a@example.com","exposed":["name"]}`, `"name"`},
}

func TestPassengerDecoderRefusesCaseVariants(t *testing.T) {
	var in strings.Builder
	good := `{"id":"OK%d","name":"A","email":"a@example.com","exposed":["name"]}`
	for i, a := range caseVariantAttacks {
		in.WriteString(strings.Replace(good, "%d", string(rune('a'+i)), 1) + "\n")
		in.WriteString(a.line + "\n")
	}
	dec := sample.NewPassengerDecoder(strings.NewReader(in.String()))
	for i, a := range caseVariantAttacks {
		if _, line, err := dec.Next(); err != nil {
			t.Fatalf("line %d: the good line before %q was refused: %v", line, a.name, err)
		}
		p, line, err := dec.Next()
		var le *sample.LineError
		if !errors.As(err, &le) || le.Line != 2*i+2 || line != 2*i+2 {
			t.Errorf("%s: got %+v at line %d, %v; want a LineError for line %d", a.name, p, line, err, 2*i+2)
			continue
		}
		if !strings.Contains(err.Error(), a.field) {
			t.Errorf("%s: error %q does not name the field %s", a.name, err, a.field)
		}
	}
	if _, _, err := dec.Next(); err != io.EOF {
		t.Errorf("after the last line: %v, want EOF", err)
	}
}

func TestParsePassengerNewFields(t *testing.T) {
	line := `{"id":"P1","membership":"1","name":"Ann Lee","family_name":"Lee","email":"a@example.com","language":"en",` +
		`"jurisdiction":"US-CA","address":{"lines":["1 Main St","San Jose CA 95110"],"country":"US"},"exposed":["name"]}`
	got, err := sample.ParsePassenger([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	want := sample.Passenger{ID: "P1", Membership: "1", Name: "Ann Lee", FamilyName: "Lee", Email: "a@example.com",
		Language: "en", Jurisdiction: "US-CA", Address: sample.Address{Lines: []string{"1 Main St", "San Jose CA 95110"}, Country: "US"},
		Exposed: exposure.Of(exposure.Name)}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b exposure.Set) bool { return a == b })); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	// The same with the fast path's form (no address).
	if p, err := sample.ParsePassenger([]byte(`{"id":"P1","name":"A","email":"a@example.com","jurisdiction":"HK","exposed":[]}`)); err != nil || p.Jurisdiction != "HK" {
		t.Errorf("jurisdiction on the fast path: %+v, %v", p, err)
	}
}

func TestParsePassengerRefusesBadFields(t *testing.T) {
	base := `{"name":"A","email":"a@example.com","exposed":["name"],`
	for _, tt := range []struct{ name, rest, want string }{
		{"id with a slash", `"id":"a/b"}`, "only letters"},
		{"id with a space", `"id":"a b"}`, "only letters"},
		{"id starting with a dot", `"id":".hidden"}`, "starting with a letter"},
		{"id ending with a dot", `"id":"a."}`, "ends with '.'"},
		{"Windows device", `"id":"nul.txt"}`, "device name"},
		{"id too long", `"id":"` + strings.Repeat("a", 65) + `"}`, "1 to 64"},
		{"lower-case country", `"id":"P1","jurisdiction":"hk"}`, "country code"},
		{"unknown country", `"id":"P1","jurisdiction":"QQ"}`, "not an ISO 3166-1"},
		{"unknown state", `"id":"P1","jurisdiction":"US-XX"}`, "not a US state"},
		{"address without a country", `"id":"P1","address":{"lines":["1 Road"]}}`, "no country"},
		{"address without lines", `"id":"P1","address":{"lines":[],"country":"HK"}}`, "lines"},
		{"address line with a newline", `"id":"P1","address":{"lines":["a\nb"],"country":"HK"}}`, "control character"},
		{"address with a folded field", `"id":"P1","address":{"lines":["a"],"Lines":[],"country":"HK"}}`, `"address.Lines"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := sample.ParsePassenger([]byte(base + tt.rest))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %+v, %v; want an error saying %q", p, err, tt.want)
			}
		})
	}
}

// FuzzParsePassengerOneValuePerField: whatever line ParsePassenger accepts
// holds each field once, under its exact name, and the passenger carries
// exactly those values (read here independently, by encoding/json per
// field).
func FuzzParsePassengerOneValuePerField(f *testing.F) {
	for _, a := range caseVariantAttacks {
		f.Add([]byte(a.line))
	}
	f.Add([]byte(`{"id":"P1","membership":"1","name":"A","family_name":"A","email":"a@example.com","language":"ja","jurisdiction":"JP","exposed":["name","email"]}`))
	f.Add([]byte(`{"id":"P1","name":"A","email":"a@example.com","address":{"lines":["x"],"country":"JP"},"exposed":[]}`))
	known := []string{"id", "membership", "name", "family_name", "email", "language", "jurisdiction", "address", "exposed"}
	f.Fuzz(func(t *testing.T, line []byte) {
		p, err := sample.ParsePassenger(line)
		if err != nil {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("accepted %q, which is not an object", line)
		}
		fields := map[string]json.RawMessage{}
		folded := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("accepted %q: %v", line, err)
			}
			name := tok.(string)
			if !slices.Contains(known, name) {
				t.Fatalf("accepted %q with the unknown field %q", line, name)
			}
			if f := strings.ToLower(strings.ToUpper(name)); folded[f] {
				t.Fatalf("accepted %q with %q twice", line, name)
			} else {
				folded[f] = true
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("accepted %q: %v", line, err)
			}
			fields[name] = raw
		}
		str := func(name string) string {
			var s string
			if raw, ok := fields[name]; ok {
				if err := json.Unmarshal(raw, &s); err != nil {
					t.Fatalf("accepted %q with %s %s", line, name, raw)
				}
			}
			return s
		}
		var exposed exposure.Set
		if err := json.Unmarshal(fields["exposed"], &exposed); err != nil {
			t.Fatalf("accepted %q without a readable exposed list: %v", line, err)
		}
		var address sample.Address
		if raw, ok := fields["address"]; ok {
			if err := json.Unmarshal(raw, &address); err != nil {
				t.Fatalf("accepted %q with address %s", line, raw)
			}
		}
		got := []any{p.ID, p.Membership, p.Name, p.FamilyName, p.Email, p.Language, p.Jurisdiction, p.Exposed.String(), p.Address}
		want := []any{str("id"), str("membership"), str("name"), str("family_name"), str("email"), str("language"), str("jurisdiction"), exposed.String(), address}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ParsePassenger(%q) read other values than the line holds (-line +parsed):\n%s", line, diff)
		}
	})
}
