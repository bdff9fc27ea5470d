package exposure_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/breachkit/breachkit/exposure"
)

// FuzzParseCategory: a name parses only if it is exactly a wire name, and
// then it round-trips; everything else is ErrUnknownCategory.
func FuzzParseCategory(f *testing.F) {
	for _, c := range exposure.Categories() {
		f.Add(c.String())
	}
	f.Add("")
	f.Add("Name")
	f.Add("name ")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := exposure.ParseCategory(s)
		if err != nil {
			if !errors.Is(err, exposure.ErrUnknownCategory) {
				t.Fatalf("ParseCategory(%q) error %v does not wrap ErrUnknownCategory", s, err)
			}
			return
		}
		if !c.Valid() || c.String() != s {
			t.Fatalf("ParseCategory(%q) = %v", s, c)
		}
		var back exposure.Category
		text, _ := c.MarshalText()
		if err := back.UnmarshalText(text); err != nil || back != c {
			t.Fatalf("text round trip of %v: %v, %v", c, back, err)
		}
	})
}

// FuzzParseSet: a parsed set prints in canonical form, which parses back to
// the same set; every item of an accepted input is a category of the set.
func FuzzParseSet(f *testing.F) {
	f.Add("")
	f.Add("name,email")
	f.Add("email,name,email")
	f.Add("name,,email")
	f.Add("password,card_with_cvv,nickname")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := exposure.ParseSet(in)
		if err != nil {
			if !errors.Is(err, exposure.ErrUnknownCategory) {
				t.Fatalf("ParseSet(%q) error %v does not wrap ErrUnknownCategory", in, err)
			}
			return
		}
		if in != "" {
			for item := range strings.SplitSeq(in, ",") {
				c, err := exposure.ParseCategory(item)
				if err != nil || !s.Has(c) {
					t.Fatalf("ParseSet(%q) = %v accepted item %q", in, s, item)
				}
			}
		}
		back, err := exposure.ParseSet(s.String())
		if err != nil || back != s {
			t.Fatalf("round trip of %v via %q: %v, %v", s, s.String(), back, err)
		}
	})
}

// FuzzSetJSON: decoding never loses a name: either every element is a known
// category and the set has exactly those, or the error names the unknown ones.
// A decoded set re-encodes canonically and decodes to itself.
func FuzzSetJSON(f *testing.F) {
	f.Add(`["name","email"]`)
	f.Add(`["email","name","email"]`)
	f.Add(`[]`)
	f.Add(`["nickname"]`)
	f.Add(`[1]`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, in string) {
		var s exposure.Set
		err := json.Unmarshal([]byte(in), &s)
		var names []string
		isArray := json.Unmarshal([]byte(in), &names) == nil
		if err != nil {
			if isArray && names != nil {
				if !errors.Is(err, exposure.ErrUnknownCategory) {
					t.Fatalf("Unmarshal(%s): %v, want ErrUnknownCategory", in, err)
				}
				for _, n := range names {
					if _, perr := exposure.ParseCategory(n); perr != nil && !strings.Contains(err.Error(), strconv.Quote(n)) {
						t.Fatalf("Unmarshal(%s) error %v does not name %q", in, err, n)
					}
				}
			}
			return
		}
		var want exposure.Set
		for _, n := range names {
			c, perr := exposure.ParseCategory(n)
			if perr != nil {
				t.Fatalf("Unmarshal(%s) accepted unknown %q", in, n)
			}
			want = want.With(c)
		}
		if s != want {
			t.Fatalf("Unmarshal(%s) = %v, want %v", in, s, want)
		}
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back exposure.Set
		if err := json.Unmarshal(data, &back); err != nil || back != s {
			t.Fatalf("round trip of %v via %s: %v, %v", s, data, back, err)
		}
	})
}

// FuzzNewPolicy builds rule tables from fuzz data and predicts, independently
// of NewPolicy, whether each is valid: valid tables must build and keep the
// monotonicity promise; invalid ones must be refused with each predicted error.
func FuzzNewPolicy(f *testing.F) {
	f.Add([]byte{0, 0xff, 0x7f, 1, 2, 1, 0xff, 0x7f, 2, 2})
	f.Add([]byte{0, 0, 0, 1, 2})
	f.Add([]byte{1, 0xff, 0x7f, 0, 0, 9, 0xff, 0x7f, 2, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Two always-valid rules make coverage the fuzzer's to break only on purpose.
		rules := []exposure.Rule{
			{ID: "base.dpc", When: exposure.AnyOf(exposure.Categories()...), Effect: exposure.SetDPC(1)},
			{ID: "base.ei", When: exposure.AnyOf(exposure.Categories()...), Effect: exposure.SetEI(0.25)},
		}
		var want []error
		for i := 0; i+5 <= len(data) && len(rules) < 24; i += 5 {
			chunk := data[i : i+5]
			r := exposure.Rule{ID: "r" + string(rune('a'+len(rules)))}
			if chunk[0]&1 == 1 {
				r.ID = "base.dpc" // a duplicate
				want = append(want, exposure.ErrDuplicateID)
			}
			mask := uint16(chunk[1]) | uint16(chunk[2])<<8
			for k := range 16 {
				if mask&(1<<k) == 0 {
					continue
				}
				c := exposure.Category(1 + k*(exposure.NumCategories-1)/14) // spread over all categories
				if k == 15 {
					c = exposure.Category(exposure.NumCategories + 1) // invalid
				}
				if k%2 == 0 {
					r.When.AllOf = append(r.When.AllOf, c)
				} else {
					r.When.AnyOf = append(r.When.AnyOf, c)
				}
			}
			if mask == 0 {
				want = append(want, exposure.ErrEmptyCondition)
			} else if mask&(1<<15) != 0 {
				want = append(want, exposure.ErrInvalidCategory)
			} else {
				v := chunk[4]
				switch chunk[3] % 6 {
				case 0:
					r.Effect = exposure.SetDPC(float64(v % 6)) // 1..4 valid
					if v%6 < 1 || v%6 > 4 {
						want = append(want, exposure.ErrOutOfRange)
					}
				case 1:
					r.Effect = exposure.SetEI(float64(v%6) / 4) // 0.25..1 valid
					if v%6 < 1 || v%6 > 4 {
						want = append(want, exposure.ErrOutOfRange)
					}
				case 2:
					r.Effect = exposure.RaiseTier(exposure.Tier(v % 7))
					if v%7 < 1 || v%7 > 4 {
						want = append(want, exposure.ErrOutOfRange)
					}
				case 3:
					act := exposure.Action(int(v) % (exposure.NumActions + 2))
					r.Effect = exposure.Recommend(act)
					if act < 1 || act > exposure.NumActions {
						want = append(want, exposure.ErrOutOfRange)
					}
				case 4:
					r.Effect = exposure.FlagForReview()
				case 5:
					want = append(want, exposure.ErrNoEffect)
				}
			}
			rules = append(rules, r)
		}
		p, err := exposure.NewPolicy(rules, exposure.DefaultBands(), exposure.SeedCircumstances())
		if len(want) == 0 {
			if err != nil {
				t.Fatalf("valid table refused: %v", err)
			}
			// Check agreement with the naive evaluator and monotonicity along
			// one chain of growing sets, in an order the data picks.
			c := checker{t: t, p: p, n: newNaive(p)}
			var s exposure.Set
			prev := c.agrees(s)
			cats := exposure.Categories()
			step := 1 + 2*(len(data)%7) // odd, so coprime with most lengths; any order does
			for i := range cats {
				s = s.With(cats[(i*step)%len(cats)])
				a := c.agrees(s)
				c.grows(prev, a)
				prev = a
			}
			return
		}
		if p != nil || err == nil {
			t.Fatalf("invalid table accepted; want %v", want)
		}
		for _, w := range want {
			if !errors.Is(err, w) {
				t.Fatalf("error %v does not report %v", err, w)
			}
		}
	})
}
