package sample_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
)

// TestSyntheticExposed: SyntheticExposed is the "exposed" of
// AppendSynthetic's line, for the first passengers and a spread of others.
func TestSyntheticExposed(t *testing.T) {
	for _, i := range []int64{0, 1, 2, 3, 22_000, 23_325, 348_147, 9_399_999} {
		var p struct {
			Exposed exposure.Set `json:"exposed"`
		}
		line := sample.AppendSynthetic(nil, i)
		if err := json.NewDecoder(bytes.NewReader(line)).Decode(&p); err != nil {
			t.Fatal(err)
		}
		if got := sample.SyntheticExposed(i); got != p.Exposed {
			t.Errorf("passenger %d: SyntheticExposed %v, the line %v", i, got, p.Exposed)
		}
	}
}
