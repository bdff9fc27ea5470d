package exposure_test

import (
	"errors"
	"testing"

	"github.com/breachkit/breachkit/exposure"
)

func TestNewPolicyRefuses(t *testing.T) {
	all := exposure.Categories()
	valid := customRules
	tests := []struct {
		name      string
		rules     func() []exposure.Rule
		bands     exposure.Bands
		circ      exposure.Circumstances
		wantErr   error
		wantIndex int // the RuleError's index; -1 when the problem is not a rule's
	}{
		{"empty condition", func() []exposure.Rule {
			r := valid()
			r[4].When = exposure.Condition{}
			return r
		}, customBands(), customCircumstances(), exposure.ErrEmptyCondition, 4},
		{"duplicate ID", func() []exposure.Rule {
			r := valid()
			r[6].ID = r[2].ID
			return r
		}, customBands(), customCircumstances(), exposure.ErrDuplicateID, 6},
		{"missing ID", func() []exposure.Rule {
			r := valid()
			r[5].ID = ""
			return r
		}, customBands(), customCircumstances(), exposure.ErrMissingID, 5},
		{"zero category", func() []exposure.Rule {
			r := valid()
			r[7].When = exposure.AnyOf(exposure.Category(0))
			return r
		}, customBands(), customCircumstances(), exposure.ErrInvalidCategory, 7},
		{"category past the last", func() []exposure.Rule {
			r := valid()
			r[3].When = exposure.AllOf(exposure.Name).AndAnyOf(exposure.Email, exposure.Category(exposure.NumCategories+1))
			return r
		}, customBands(), customCircumstances(), exposure.ErrInvalidCategory, 3},
		{"DPC 0", func() []exposure.Rule { r := valid(); r[1].Effect = exposure.SetDPC(0); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 1},
		{"DPC 5", func() []exposure.Rule { r := valid(); r[1].Effect = exposure.SetDPC(5); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 1},
		{"DPC 2.5", func() []exposure.Rule { r := valid(); r[1].Effect = exposure.SetDPC(2.5); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 1},
		{"EI 0", func() []exposure.Rule { r := valid(); r[3].Effect = exposure.SetEI(0); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 3},
		{"EI 0.3", func() []exposure.Rule { r := valid(); r[3].Effect = exposure.SetEI(0.3); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 3},
		{"EI 1.25", func() []exposure.Rule { r := valid(); r[3].Effect = exposure.SetEI(1.25); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 3},
		{"floor none", func() []exposure.Rule { r := valid(); r[4].Effect = exposure.RaiseTier(exposure.TierNone); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 4},
		{"floor past the last", func() []exposure.Rule { r := valid(); r[4].Effect = exposure.RaiseTier(exposure.Tier(5)); return r },
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 4},
		{"invalid action", func() []exposure.Rule {
			r := valid()
			r[8].Effect = exposure.Recommend(exposure.Action(exposure.NumActions + 1))
			return r
		},
			customBands(), customCircumstances(), exposure.ErrOutOfRange, 8},
		{"no effect", func() []exposure.Rule { r := valid(); r[9].Effect = exposure.Effect{}; return r },
			customBands(), customCircumstances(), exposure.ErrNoEffect, 9},
		{"uncovered DPC", func() []exposure.Rule { return valid()[1:] },
			customBands(), customCircumstances(), exposure.ErrUncovered, -1},
		{"uncovered EI", func() []exposure.Rule {
			r := valid()
			r[2].When = exposure.AnyOf(all[1:]...) // Name alone now has no EI rule
			return r
		}, customBands(), customCircumstances(), exposure.ErrUncovered, -1},
		{"too many rules", func() []exposure.Rule {
			r := valid()
			for i := len(r); i <= exposure.MaxRules; i++ {
				r = append(r, exposure.Rule{ID: "extra." + string(rune('a'+i%26)) + string(rune('a'+i/26)), When: exposure.AnyOf(exposure.Name), Effect: exposure.FlagForReview()})
			}
			return r
		}, customBands(), customCircumstances(), exposure.ErrTooManyRules, -1},
		{"bands not increasing", valid, exposure.Bands{Medium: 2, High: 2, VeryHigh: 4}, customCircumstances(), exposure.ErrOutOfRange, -1},
		{"band not a quarter", valid, exposure.Bands{Medium: 2, High: 3.1, VeryHigh: 4}, customCircumstances(), exposure.ErrOutOfRange, -1},
		{"band zero", valid, exposure.Bands{}, customCircumstances(), exposure.ErrOutOfRange, -1},
		{"confidentiality out of range", valid, customBands(), exposure.Circumstances{Confidentiality: 3}, exposure.ErrOutOfRange, -1},
		{"integrity out of range", valid, customBands(), exposure.Circumstances{Integrity: 9}, exposure.ErrOutOfRange, -1},
		{"availability out of range", valid, customBands(), exposure.Circumstances{Availability: 3}, exposure.ErrOutOfRange, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tt.rules()
			p, err := exposure.NewPolicy(rules, tt.bands, tt.circ)
			if p != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("NewPolicy = %v, %v; want error %v", p, err, tt.wantErr)
			}
			var re *exposure.RuleError
			switch {
			case tt.wantIndex < 0 && errors.As(err, &re):
				t.Errorf("error %v blames rule %d; the problem is not one rule's", err, re.Index)
			case tt.wantIndex >= 0 && !errors.As(err, &re):
				t.Errorf("error %v names no rule", err)
			case tt.wantIndex >= 0 && (re.Index != tt.wantIndex || re.ID != rules[tt.wantIndex].ID):
				t.Errorf("error blames rule %d (%q), want %d (%q)", re.Index, re.ID, tt.wantIndex, rules[tt.wantIndex].ID)
			}
		})
	}
}

// TestNewPolicyReportsEveryProblem checks that one call reports all the
// problems of a table, so a compliance engineer fixes them in one pass.
func TestNewPolicyReportsEveryProblem(t *testing.T) {
	rules := customRules()
	rules[0].When = exposure.Condition{}
	rules[3].Effect = exposure.SetEI(2)
	rules[5].ID = rules[4].ID
	_, err := exposure.NewPolicy(rules, exposure.Bands{Medium: 3, High: 2, VeryHigh: 4}, customCircumstances())
	for _, want := range []error{exposure.ErrEmptyCondition, exposure.ErrOutOfRange, exposure.ErrDuplicateID} {
		if !errors.Is(err, want) {
			t.Errorf("error %v does not report %v", err, want)
		}
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != 4 {
		t.Errorf("want 4 problems (three rules and the bands), got %v", err)
	}
}

func TestDefaultPolicyShape(t *testing.T) {
	p := exposure.DefaultPolicy()
	if p != exposure.DefaultPolicy() {
		t.Error("DefaultPolicy is rebuilt on each call")
	}
	if p.Bands() != exposure.DefaultBands() || p.Circumstances() != exposure.SeedCircumstances() {
		t.Errorf("default policy bands %v, circumstances %v", p.Bands(), p.Circumstances())
	}
	if cb := exposure.SeedCircumstances().CB(); cb.Float64() != 1 {
		t.Errorf("seed CB = %v, want 1", cb)
	}
	full := exposure.Circumstances{
		Confidentiality: exposure.ConfidentialityUnknownRecipients,
		Integrity:       exposure.IntegrityIrrecoverable,
		Availability:    exposure.AvailabilityPermanent,
		Malicious:       true,
	}
	if cb := full.CB(); cb.Float64() != 2 {
		t.Errorf("CB of every circumstance = %v, want 0.5+0.5+0.5+0.5 = 2", cb)
	}
	if _, ok := p.Rule("floor.identity_fraud"); !ok {
		t.Error("no rule floor.identity_fraud")
	}
	if _, ok := p.Rule("no.such.rule"); ok {
		t.Error("found a rule that does not exist")
	}
}

func TestQuarters(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		ok   bool
		text string
	}{{0.75, true, "0.75"}, {2, true, "2"}, {1.5, true, "1.5"}, {0, true, "0"}, {0.3, false, ""}, {1e300, false, ""}} {
		v, ok := exposure.QuartersOf(tt.in)
		if ok != tt.ok || (ok && v.String() != tt.text) {
			t.Errorf("QuartersOf(%v) = %v, %v", tt.in, v, ok)
		}
	}
}
