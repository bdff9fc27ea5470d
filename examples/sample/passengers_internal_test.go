package sample

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/breachkit/breachkit/exposure"
)

// FuzzParsePassenger: the fast path never disagrees with the strict decoder.
// Whatever parsePlain accepts, parseFull accepts with the same passenger.
func FuzzParsePassenger(f *testing.F) {
	for _, line := range []string{
		`{"id":"P1","membership":"1","name":"Chan Tai Man","family_name":"Chan","email":"c@example.com","language":"zh-HK","exposed":["name","email"]}`,
		` { "id" : "P1" , "name":"A", "email":"a@example.com", "exposed" : [ ] } `,
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["name"],"exposed":[]}`,
		`{"id":"P1","name":"\u0041","email":"a@example.com","exposed":["name"]}`,
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["na]me"]}`,
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["name"],}`,
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["name"]} x`,
		`{"id":"P1","name":"山田","email":"a@example.com","exposed":["name"]}`,
	} {
		f.Add([]byte(line))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fast, ok, err := parsePlain(line)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("parsePlain(%q) accepted with an error: %v", line, err)
		}
		full, err := parseFull(line)
		if err != nil {
			t.Fatalf("parsePlain accepted %q, the strict decoder refuses it: %v", line, err)
		}
		if diff := cmp.Diff(full, fast, cmpopts.EquateComparable(exposure.Set{})); diff != "" {
			t.Fatalf("parsePlain(%q) mismatch (-json +fast):\n%s", line, diff)
		}
	})
}

func TestDuplicateKeysRefused(t *testing.T) {
	for _, line := range []string{
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["name","passport_number"],"exposed":[]}`,
		`{"id":"P1","name":"A","email":"a@example.com","exposed":["name"],"\u0065xposed":[]}`,
	} {
		if p, err := ParsePassenger([]byte(line)); err == nil {
			t.Errorf("ParsePassenger(%s) = %+v, want an error for the repeated key", line, p)
		}
	}
}
