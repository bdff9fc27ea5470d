package sample_test

import (
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
)

// TestIncidents: both incidents are complete and have their texts in every
// language the notices are written in.
func TestIncidents(t *testing.T) {
	for _, name := range sample.Names() {
		inc, err := sample.Incident(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := inc.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, tag := range locale.Supported() {
			if tag == locale.Pseudo {
				continue
			}
			if inc.Organisation[tag] == "" || inc.Narrative[tag] == "" || inc.Response[tag] == "" {
				t.Errorf("%s: no %v text", name, tag)
			}
		}
		p, err := sample.SamplePassenger(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Exposed.IsEmpty() || !p.Exposed.SubsetOf(inc.Exposed) {
			t.Errorf("%s: sample passenger exposed %v, outside %v", name, p.Exposed, inc.Exposed)
		}
	}
	if _, err := sample.Incident("moon"); err == nil {
		t.Error("Incident(moon) succeeded")
	}
}
