package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
)

func today() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }

type planJSON struct {
	AsOf   string `json:"as_of"`
	People int64  `json:"people"`
	Duties []struct {
		Rule         string          `json:"rule"`
		Jurisdiction string          `json:"jurisdiction"`
		Addressee    string          `json:"addressee"`
		Status       string          `json:"status"`
		Deadline     json.RawMessage `json:"deadline"`
		DeadlineText string          `json:"deadline_text"`
		People       int64           `json:"people"`
		Sources      []struct {
			URL string `json:"url"`
		} `json:"sources"`
	} `json:"duties"`
}

func runJSON(t *testing.T, args ...string) planJSON {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"-format", "json"}, args...), &out, &errb, today); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var p planJSON
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	return p
}

// The "done when": the sample plan has a row for every
// jurisdiction among the sample's affected passengers, each with a
// status, a deadline (a time or null, with words) and sources.
func TestSamplePlanCoversEveryJurisdiction(t *testing.T) {
	p := runJSON(t)
	var want []string
	d := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		pass, _, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !pass.Exposed.IsEmpty() && !slices.Contains(want, pass.Jurisdiction) {
			want = append(want, pass.Jurisdiction)
		}
	}
	var got []string
	for _, d := range p.Duties {
		if !slices.Contains(got, d.Jurisdiction) {
			got = append(got, d.Jurisdiction)
		}
		if d.Status == "" || d.DeadlineText == "" || len(d.Deadline) == 0 || len(d.Sources) == 0 || d.Sources[0].URL == "" {
			t.Errorf("row %s@%s lacks status, deadline or sources: %+v", d.Rule, d.Jurisdiction, d)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jurisdictions (-want +got):\n%s", diff)
	}
	if p.AsOf != "2026-11-29" {
		t.Errorf("as_of %q, want today's date", p.AsOf)
	}
}

func status(p planJSON, rule, jurisdiction string) string {
	for _, d := range p.Duties {
		if d.Rule == rule && d.Jurisdiction == jurisdiction {
			return d.Status
		}
	}
	return "absent"
}

// The flags that the incident file cannot carry reach the decision.
func TestFlags(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "people.jsonl")
	line := `{"id":"A1","membership":"1","name":"Ana Silva","family_name":"Silva","email":"ana@example.com","language":"en","jurisdiction":"US-CA","exposed":["name","passport_number"]}` + "\n"
	if err := os.WriteFile(in, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	got := []string{
		status(runJSON(t, "-in", in, "-as-of", "2026-03-01"), "US-CA.1798.82.individuals", "US-CA"),
		status(runJSON(t, "-in", in, "-as-of", "2026-03-01", "-unintelligible"), "US-CA.1798.82.individuals", "US-CA"),
		status(runJSON(t, "-in", in, "-as-of", "2025-12-01"), "US-CA.1798.82.individuals", "US-CA"),
	}
	want := []string{"required", "not_required", "absent"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// -store reads the people of a store that mailer import made.
func TestStore(t *testing.T) {
	ctx := context.Background()
	inc := sample.MustIncident("seed")
	path := filepath.Join(t.TempDir(), "people.db")
	b := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	s, err := store.OpenSQLite(ctx, path, b, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	people := []store.Person{
		{ID: "S1", Line: 1, Name: "Kim Minji", Email: "kim@example.kr", Language: "ko", Jurisdiction: "KR",
			Exposed: exposure.Of(exposure.PassportNumber), Tier: exposure.TierHigh},
		{ID: "S2", Line: 2, Name: "Ana Silva", Email: "ana@example.com", Language: "en", Jurisdiction: "US-TX",
			Exposed: exposure.Of(exposure.Name, exposure.PassportNumber), Tier: exposure.TierHigh},
	}
	if errs, err := s.Put(ctx, people); err != nil || slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		t.Fatal(err, errs)
	}
	s.Close()
	p := runJSON(t, "-store", path, "-as-of", "2026-11-29")
	got := []string{status(p, "KR.PIPA.34.regulator", "KR"), status(p, "US-TX.521.053.individuals", "US-TX"), status(p, "HK.PDPO.PCPD.voluntary", "HK")}
	if diff := cmp.Diff([]string{"required", "required", "absent"}, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-format", "xml"},
		{"-as-of", "29/11/2026"},
		{"-assessed-at", "tomorrow"},
		{"-in", "a.jsonl", "-store", "b.db"},
		{"-in", filepath.Join(t.TempDir(), "missing.jsonl")},
		{"-incident", "nosuch"},
		{"-bogus"},
		{"extra"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb, today); code != 2 || !strings.HasPrefix(errb.String(), "duties: ") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line", args, code, errb.String())
		}
	}
}
