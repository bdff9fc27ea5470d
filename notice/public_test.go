package notice_test

import (
	"errors"
	"io"
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// sampleTally counts the seed incident's sample passengers (the file of
// examples/sample), as the policy with the incident's circumstances assesses
// them.
func sampleTally(t testing.TB) exposure.Tally {
	t.Helper()
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	var tally exposure.Tally
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		p, _, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tally.Add(policy.Assess(p.Exposed))
	}
	return tally
}

func TestPublicPagePrint(t *testing.T) {
	p, err := notice.NewPublicPage(sample.MustIncident("seed"), sampleTally(t), notice.PageOptions{Language: "en", Channels: []notice.Channel{notice.ChannelEmail, notice.ChannelLetter}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", p.AppendText(nil))
}
