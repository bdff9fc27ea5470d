package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// seedSampleTally counts the seed's sample passengers, independently of
// notify's code.
func seedSampleTally(t *testing.T) exposure.Tally {
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
			return tally
		}
		if err != nil {
			t.Fatal(err)
		}
		tally.Add(policy.Assess(p.Exposed))
	}
}

// TestPage: -page prints the library's public page of the seed incident
// with its sample passengers' counts, in the language and with the options
// asked for, and says on standard error what it counted.
func TestPage(t *testing.T) {
	code, out, errOut := runNotify("-page", "-lang", "ja", "-contacted", "email,letter")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tally := seedSampleTally(t)
	page, err := notice.NewPublicPage(sample.MustIncident("seed"), tally,
		notice.PageOptions{Language: "ja", Channels: []notice.Channel{notice.ChannelEmail, notice.ChannelLetter}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(page.AppendText(nil)), out); diff != "" {
		t.Errorf("page mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(errOut, fmt.Sprintf("counted %d people, the seed's sample passengers", tally.Total())) {
		t.Errorf("stderr does not say what was counted: %q", errOut)
	}

	code, out, _ = runNotify("-page", "-format", "html", "-lang", "zh-HK,zh;q=0.9", "-rounding", "about", "-threshold", "5")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"zh-Hant-HK\">") {
		t.Fatalf("html: exit %d, %q", code, out[:min(len(out), 80)])
	}
	if _, err := html.Parse(strings.NewReader(out)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "少於5人") {
		t.Errorf("the sample's small counts are not hidden under -threshold 5")
	}
}

// TestPageSynthetic: -synthetic counts the synthetic population; a small
// one is quick. (At 9.4 million: the seed's 403 and 27 card numbers; see
// the report of issue 14 for the time.)
func TestPageSynthetic(t *testing.T) {
	code, out, errOut := runNotify("-page", "-synthetic", "200000", "-incident", "seed")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	policy, err := sample.Policy(sample.MustIncident("seed"))
	if err != nil {
		t.Fatal(err)
	}
	var tally exposure.Tally
	for i := range int64(200_000) {
		var p sample.Passenger
		if p, err = sample.ParsePassenger(sample.AppendSynthetic(nil, i)); err != nil {
			t.Fatal(err)
		}
		tally.Add(policy.Assess(p.Exposed))
	}
	page, err := notice.NewPublicPage(sample.MustIncident("seed"), tally, notice.PageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(page.AppendText(nil)), out); diff != "" {
		t.Errorf("page mismatch (-want +got):\n%s", diff)
	}
}

// TestPagePeopleFile: -people counts a passenger file; a line that does not
// read fails the run rather than being skipped.
func TestPagePeopleFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "people.jsonl")
	lines := `{"id":"A1","membership":"1","name":"A B","family_name":"B","email":"a@example.com","language":"en","exposed":["name","card_expired"]}
{"id":"A2","membership":"2","name":"C D","family_name":"D","email":"c@example.com","language":"en","exposed":["name"]}
`
	if err := os.WriteFile(good, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runNotify("-page", "-people", good)
	name := func(c exposure.Category) string {
		m, _, ok := notice.Catalog().Lookup(locale.English, "category."+c.String())
		if !ok {
			t.Fatalf("no English name of %v", c)
		}
		return m.String()
	}
	if want := "- " + name(exposure.Name) + ": 2 people\n- " + name(exposure.CardExpired) + ": 1 person\n"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d, %s\n%s", code, errOut, out)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(lines+"{\"id\":\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runNotify("-page", "-people", bad); code != 1 || !strings.Contains(errOut, "line 3") {
		t.Errorf("a bad line: exit %d, %q", code, errOut)
	}
}

func TestPageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-page", "-exposed", "name"},
		{"-page", "-name", "X"},
		{"-page", "-format", "json"},
		{"-page", "-people", "x", "-synthetic", "5"},
		{"-page", "-synthetic", "0"},
		{"-page", "-synthetic", "-3"},
		{"-page", "-rounding", "roughly"},
		{"-page", "-threshold", "-1"},
		{"-page", "-contacted", "pigeon"},
		{"-page", "-incident", "cards"}, // no people to count
		{"-page", "-people", "/nonexistent/people.jsonl"},
		{"-synthetic", "5"},
		{"-threshold", "5"},
	} {
		if code, _, errOut := runNotify(args...); code != 2 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line", args, code, errOut)
		}
	}
}
