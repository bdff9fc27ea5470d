package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	Uncovered     []uncovered `json:"uncovered"`
	UncoveredNote string      `json:"uncovered_note"`
}

type uncovered struct {
	Jurisdiction string `json:"jurisdiction"`
	People       int64  `json:"people"`
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

// affectedByJurisdiction counts the sample's affected passengers (those
// with something exposed) per jurisdiction, from the passenger file itself.
func affectedByJurisdiction(t *testing.T) map[string]int64 {
	t.Helper()
	n := map[string]int64{}
	d := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		pass, _, err := d.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if !pass.Exposed.IsEmpty() {
			n[pass.Jurisdiction]++
		}
	}
}

// The "done when": every jurisdiction among the sample's affected
// passengers is in the plan, either with rows, each with a status, a
// deadline (a time or null, with words) and sources, or listed as
// uncovered with its number of people and the note saying its law must be
// checked; never both, never neither. Indonesia and Thailand, for which
// breachkit has no rules, are uncovered.
func TestSamplePlanCoversEveryJurisdiction(t *testing.T) {
	p := runJSON(t)
	affected := affectedByJurisdiction(t)
	withDuties := map[string]bool{}
	for _, d := range p.Duties {
		withDuties[d.Jurisdiction] = true
		if d.Status == "" || d.DeadlineText == "" || len(d.Deadline) == 0 || len(d.Sources) == 0 || d.Sources[0].URL == "" {
			t.Errorf("row %s@%s lacks status, deadline or sources: %+v", d.Rule, d.Jurisdiction, d)
		}
	}
	listed := map[string]int64{}
	for _, u := range p.Uncovered {
		listed[u.Jurisdiction] = u.People
		if withDuties[u.Jurisdiction] {
			t.Errorf("%s has duties and is listed as uncovered", u.Jurisdiction)
		}
		if affected[u.Jurisdiction] == 0 {
			t.Errorf("%s listed as uncovered but has no affected sample passengers", u.Jurisdiction)
		}
	}
	for j, n := range affected {
		switch {
		case withDuties[j]:
		case listed[j] == 0:
			t.Errorf("%s: %d affected passengers, neither with duties nor listed as uncovered", j, n)
		case listed[j] != n:
			t.Errorf("%s: listed as uncovered with %d people, the sample has %d affected", j, listed[j], n)
		}
	}
	for j := range withDuties {
		if affected[j] == 0 {
			t.Errorf("%s has duties but no affected sample passengers", j)
		}
	}
	// breachkit has no research for Indonesia and Thailand: they must be
	// listed, with the sample file's counts.
	var want, got []uncovered
	for _, j := range []string{"ID", "TH"} {
		if affected[j] == 0 {
			t.Fatalf("the sample has no affected passenger in %s: this test proves nothing", j)
		}
		want = append(want, uncovered{j, affected[j]})
		got = append(got, uncovered{j, listed[j]})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("uncovered (-want +got):\n%s", diff)
	}
	if !strings.Contains(p.UncoveredNote, "no rules") || !strings.Contains(p.UncoveredNote, "local law") {
		t.Errorf("uncovered_note %q: want it to say breachkit has no rules and local law must be checked", p.UncoveredNote)
	}
	if p.AsOf != "2026-11-29" {
		t.Errorf("as_of %q, want today's date", p.AsOf)
	}
}

// The text plan says up front how many people are in uncovered
// jurisdictions, then lists each with its people under the note.
func TestTextListsUncovered(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, &out, &errb, today); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	affected := affectedByJurisdiction(t)
	text := out.String()
	header, _, _ := strings.Cut(text, "\n")
	if want := fmt.Sprintf("(%d in jurisdictions breachkit has no rules for", affected["ID"]+affected["TH"]); !strings.Contains(header, want) {
		t.Errorf("header %q lacks %q", header, want)
	}
	_, rest, ok := strings.Cut(text, "\nNot covered: ")
	if !ok {
		t.Fatalf("no \"Not covered\" section in:\n%s", text)
	}
	if !strings.Contains(rest, "local law") {
		t.Errorf("the note does not say local law must be checked:\n%s", rest)
	}
	var got []uncovered
	for _, line := range strings.Split(rest, "\n") {
		var u uncovered
		if _, err := fmt.Sscanf(line, "%s %d", &u.Jurisdiction, &u.People); err == nil {
			got = append(got, u)
		}
	}
	want := []uncovered{{"ID", affected["ID"]}, {"TH", affected["TH"]}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("uncovered lines (-want +got):\n%s", diff)
	}
}

// A plan with everyone covered says nothing of uncovered jurisdictions,
// and its JSON still has the (empty) list, so a reader never guesses.
func TestNothingUncovered(t *testing.T) {
	in := filepath.Join(t.TempDir(), "people.jsonl")
	line := `{"id":"A1","membership":"1","name":"Ana Silva","family_name":"Silva","email":"ana@example.com","language":"en","jurisdiction":"JP","exposed":["name","passport_number"]}` + "\n"
	if err := os.WriteFile(in, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-format", "json", "-in", in}, &out, &errb, today); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"uncovered": []`) || strings.Contains(out.String(), "uncovered_note") {
		t.Errorf("want an empty uncovered list and no note:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"-in", in}, &out, &errb, today); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Contains(out.String(), "no rules") {
		t.Errorf("text speaks of uncovered jurisdictions with none:\n%s", out.String())
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
