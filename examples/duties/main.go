// Command duties prints the notification duties of an incident: who must
// be told, under which law, by when, for how many of its people. It is the
// plan of package exposure/duty for the incident's passengers.
//
// Usage:
//
//	go run ./examples/duties [-incident seed|cards|FILE] [-in PASSENGERS | -store FILE] [-as-of DATE] [-assessed-at TIME] [-unintelligible] [-format text|json]
//
// -in reads passengers as JSON Lines, or as CSV when the file name ends in
// .csv; each line's "jurisdiction" says where the person lives. -store
// reads the people of a SQLite store that mailer import made. With neither,
// the embedded sample passengers are read.
//
// -as-of is the date whose law applies (YYYY-MM-DD; default today: the law
// an incident handled now must follow). -assessed-at is when the breach was
// assessed notifiable (RFC 3339; Singapore's clock runs from it).
// -unintelligible says the data was unintelligible to the attacker
// (encrypted with the key kept safe), which the incident file does not say.
//
// Days are counted in each jurisdiction's own time zone. -format json
// prints {"as_of", "people", "unplaced", "duties": [{"rule",
// "jurisdiction", "addressee", "to", "status", "suggested", "deadline",
// "deadline_text", "people", "reasons", "content", "sources",
// "interpretation"}], "uncovered": [{"jurisdiction", "people"}],
// "uncovered_note"}; "deadline" is null when the law sets no fixed time.
//
// "uncovered" (in text, the list after the table) is every jurisdiction of
// affected people for which breachkit has no rule in force on the date:
// no duty was decided for them, and their local law must be checked. It
// is never left out, so that no affected person silently drops out of the
// plan.
//
// The plan is not legal advice: a needs_judgement row is a question for
// counsel, with the answer breachkit suggests from the people's tiers.
//
// A bad flag or value exits with status 2; a bad file or store with 1.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	_ "time/tzdata" // the jurisdictions' zones, wherever the program runs

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/exposure/duty"
	"github.com/breachkit/breachkit/notice"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now)) }

// usageError is a bad command line: exit status 2.
type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer, now func() time.Time) int {
	err := duties(args, stdout, now)
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "duties:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "duties:", err)
		return 1
	}
}

// zones are the time zones days are counted in, for the research's
// jurisdictions; a US state's law counts in its own zone (its largest city's).
var zones = map[string]string{
	"HK": "Asia/Hong_Kong", "CN": "Asia/Shanghai", "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
	"SG": "Asia/Singapore", "AU": "Australia/Sydney", "GB": "Europe/London", "IE": "Europe/Dublin",
	"FR": "Europe/Paris", "DE": "Europe/Berlin", "NL": "Europe/Amsterdam", "IT": "Europe/Rome", "ES": "Europe/Madrid",
	"CA": "America/Toronto", "US": "America/New_York", "US-CA": "America/Los_Angeles", "US-WA": "America/Los_Angeles",
	"US-TX": "America/Chicago", "US-IL": "America/Chicago", "US-CO": "America/Denver", "US-AZ": "America/Phoenix",
}

func duties(args []string, stdout io.Writer, now func() time.Time) error {
	fs := flag.NewFlagSet("duties", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	incidentName := fs.String("incident", "seed", "a sample incident (seed or cards) or an incident file")
	in := fs.String("in", "", "passengers: JSON Lines, or CSV for a .csv file (default: the sample passengers)")
	storePath := fs.String("store", "", "a SQLite store of the incident's people, instead of -in")
	asOfFlag := fs.String("as-of", "", "the date whose law applies, YYYY-MM-DD (default today)")
	assessedFlag := fs.String("assessed-at", "", "when the breach was assessed notifiable, RFC 3339")
	unintelligible := fs.Bool("unintelligible", false, "the data was unintelligible to the attacker (encrypted, key safe)")
	format := fs.String("format", "text", "text or json")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("unknown format %q (want text or json)", *format)}
	}
	if *in != "" && *storePath != "" {
		return usageError{errors.New("give -in or -store, not both")}
	}
	asOf := now()
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	if *asOfFlag != "" {
		t, err := time.Parse(time.DateOnly, *asOfFlag)
		if err != nil {
			return usageError{fmt.Errorf("-as-of %q: want a date such as 2026-11-03", *asOfFlag)}
		}
		asOf = t
	}
	var assessed time.Time
	if *assessedFlag != "" {
		t, err := time.Parse(time.RFC3339, *assessedFlag)
		if err != nil {
			return usageError{fmt.Errorf("-assessed-at %q: want RFC 3339 such as 2026-11-05T18:00:00+08:00", *assessedFlag)}
		}
		assessed = t
	}
	inc, err := sample.LoadIncident(*incidentName)
	var badFile *sample.FileError
	if errors.As(err, &badFile) {
		return err
	} else if err != nil {
		return usageError{err}
	}
	policy, err := sample.Policy(inc)
	if err != nil {
		return err
	}
	facts := duty.Facts{
		AwareAt: inc.AwareAt, AssessedAt: assessed, Malicious: inc.Circumstances.Malicious,
		Unintelligible: *unintelligible, Affected: inc.Affected, Zones: map[string]*time.Location{},
	}
	for j, name := range zones {
		if loc, err := time.LoadLocation(name); err == nil {
			facts.Zones[j] = loc
		}
	}
	c := duty.Default().NewCounter(facts)
	add := func(p duty.Person) {
		if !p.Exposed.IsEmpty() { // else not affected: no duty concerns them
			c.Add(p)
		}
	}
	if *storePath != "" {
		err = readStore(*storePath, inc, add) // the store keeps each person's tier
	} else {
		err = readPassengers(*in, func(j string, exposed exposure.Set) {
			add(duty.Person{Jurisdiction: j, Exposed: exposed, Tier: policy.Assess(exposed).Tier()})
		})
	}
	if err != nil {
		return err
	}
	plan := c.Plan(asOf)
	if *format == "json" {
		return writeJSON(stdout, plan)
	}
	return writeText(stdout, plan, &facts)
}

func readPassengers(path string, add func(string, exposure.Set)) error {
	r := sample.PassengerFile()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		r = f
	}
	type decoder interface {
		Next() (sample.Passenger, int, error)
	}
	var d decoder = sample.NewPassengerDecoder(r)
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		cd, err := sample.NewCSVDecoder(r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		d = cd
	}
	for {
		p, _, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", cmp.Or(path, "sample passengers"), err)
		}
		add(p.Jurisdiction, p.Exposed)
	}
}

func readStore(path string, inc notice.Incident, add func(duty.Person)) error {
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		return usageError{fmt.Errorf("-store: %w (mailer import makes one)", err)}
	}
	b := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	s, err := store.OpenSQLite(ctx, path, b, store.SQLiteOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	after := ""
	for {
		page, err := s.Page(ctx, after, 1000)
		if err != nil {
			return err
		}
		for _, p := range page {
			add(duty.Person{Jurisdiction: p.Jurisdiction, Exposed: p.Exposed, Tier: p.Tier})
		}
		if len(page) < 1000 {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

type sourceJSON struct {
	URL      string `json:"url"`
	Pinpoint string `json:"pinpoint,omitempty"`
}

type uncoveredJSON struct {
	Jurisdiction string `json:"jurisdiction"`
	People       int64  `json:"people"`
}

// uncoveredNote is the sentence that goes with the uncovered jurisdictions:
// the plan says nothing about them, which must not read as "no duty".
func uncoveredNote(plan duty.Plan) string {
	return fmt.Sprintf("breachkit has no rules in force on %s for these jurisdictions, so no duty was decided for their people: check each one's local law.",
		plan.AsOf.Format(time.DateOnly))
}

type dutyJSON struct {
	Rule           string         `json:"rule"`
	Jurisdiction   string         `json:"jurisdiction"`
	Addressee      duty.Addressee `json:"addressee"`
	To             string         `json:"to,omitempty"`
	Status         duty.Result    `json:"status"`
	Suggested      *duty.Result   `json:"suggested,omitempty"`
	Deadline       *string        `json:"deadline"`
	DeadlineText   string         `json:"deadline_text"`
	People         int64          `json:"people"`
	Reasons        []string       `json:"reasons"`
	Content        []string       `json:"content,omitempty"`
	Sources        []sourceJSON   `json:"sources"`
	Interpretation []string       `json:"interpretation,omitempty"`
}

func writeJSON(w io.Writer, plan duty.Plan) error {
	out := struct {
		AsOf          string          `json:"as_of"`
		People        int64           `json:"people"`
		Unplaced      int64           `json:"unplaced"`
		Duties        []dutyJSON      `json:"duties"`
		Uncovered     []uncoveredJSON `json:"uncovered"`
		UncoveredNote string          `json:"uncovered_note,omitempty"`
	}{AsOf: plan.AsOf.Format(time.DateOnly), People: plan.People, Unplaced: plan.Unplaced, Duties: []dutyJSON{}, Uncovered: []uncoveredJSON{}}
	for _, u := range plan.Uncovered {
		out.Uncovered = append(out.Uncovered, uncoveredJSON{u.Jurisdiction, u.People})
	}
	if len(plan.Uncovered) > 0 {
		out.UncoveredNote = uncoveredNote(plan)
	}
	for _, d := range plan.Duties {
		j := dutyJSON{
			Rule: d.Rule, Jurisdiction: d.Jurisdiction, Addressee: d.Addressee, To: d.To, Status: d.Result,
			DeadlineText: d.DeadlineText, People: d.People, Reasons: d.Reasons, Content: d.Content, Interpretation: d.Interpretation,
		}
		if d.Result == duty.NeedsJudgement {
			j.Suggested = &d.Suggested
		}
		if !d.Deadline.IsZero() {
			s := d.Deadline.Format(time.RFC3339)
			j.Deadline = &s
		}
		for _, s := range d.Sources {
			j.Sources = append(j.Sources, sourceJSON{s.URL, s.Pinpoint})
		}
		out.Duties = append(out.Duties, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writeText(w io.Writer, plan duty.Plan, facts *duty.Facts) error {
	fmt.Fprintf(w, "Duties as of %s for %d people", plan.AsOf.Format(time.DateOnly), plan.People)
	var left []string // the people the table does not place, said up front
	if plan.Unplaced > 0 {
		left = append(left, fmt.Sprintf("%d without a jurisdiction: no duty decided for them", plan.Unplaced))
	}
	var uncovered int64
	for _, u := range plan.Uncovered {
		uncovered += u.People
	}
	if uncovered > 0 {
		left = append(left, fmt.Sprintf("%d in jurisdictions breachkit has no rules for: listed below the table", uncovered))
	}
	if len(left) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(left, "; "))
	}
	fmt.Fprint(w, ". Not legal advice: needs_judgement is a question for counsel.\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEADLINE\tWHERE\tTO\tSTATUS\tPEOPLE\tRULE")
	for _, d := range plan.Duties {
		due := d.DeadlineText
		if !d.Deadline.IsZero() {
			t := d.Deadline
			if loc := facts.Zone(d.Jurisdiction); loc != nil {
				t = t.In(loc) // the deadline in the jurisdiction's own time
			}
			due = t.Format("2006-01-02 15:04 MST")
		}
		to := d.Addressee.String()
		if d.To != "" {
			to = d.To
		}
		status := d.Result.String()
		if d.Result == duty.NeedsJudgement {
			status += " (suggest " + d.Suggested.String() + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", clip(due, 40), d.Jurisdiction, clip(to, 48), status, d.People, d.Rule)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(plan.Uncovered) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nNot covered: %s\n\n", uncoveredNote(plan))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHERE\tPEOPLE")
	for _, u := range plan.Uncovered {
		fmt.Fprintf(tw, "%s\t%d\n", u.Jurisdiction, u.People)
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
