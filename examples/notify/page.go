package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// pageFlags are the flags of -page.
type pageFlags struct {
	page      bool
	people    string
	synthetic int64
	rounding  string
	threshold int64
	contacted string
	channels  []notice.Channel // contacted, read by check
	given     map[string]bool
}

func (pf *pageFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&pf.page, "page", false, "print the incident's public page rather than one person's notice")
	fs.StringVar(&pf.people, "people", "", "with -page: count the people of this passenger file (default: the seed's sample passengers)")
	fs.Int64Var(&pf.synthetic, "synthetic", 0, "with -page: count the first N synthetic passengers of the seed incident (9400000: all)")
	fs.StringVar(&pf.rounding, "rounding", "exact", "with -page: exact, or about (two significant figures)")
	fs.Int64Var(&pf.threshold, "threshold", 0, "with -page: write a count under N as \"fewer than N\" (0: none)")
	fs.StringVar(&pf.contacted, "contacted", "email", "with -page: how people were told individually: email, letter, or email,letter")
}

// pageOnly are the flags that make sense only with -page, and notOnPage
// those that make no sense with it.
var (
	pageOnly  = []string{"people", "synthetic", "rounding", "threshold", "contacted"}
	notOnPage = []string{"exposed", "name", "channel", "code-key-file"}
)

// check refuses flags that do not go together.
func (pf *pageFlags) check(fs *flag.FlagSet, format string) error {
	pf.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { pf.given[f.Name] = true })
	if !pf.page {
		for _, name := range pageOnly {
			if pf.given[name] {
				return fmt.Errorf("-%s needs -page", name)
			}
		}
		return nil
	}
	for _, name := range notOnPage {
		if pf.given[name] {
			return fmt.Errorf("-%s is for one person's notice, not -page", name)
		}
	}
	switch {
	case format == "json":
		return errors.New("-page prints text or html, not json")
	case pf.given["people"] && pf.given["synthetic"]:
		return errors.New("-people and -synthetic: give one")
	case pf.synthetic < 0 || pf.given["synthetic"] && pf.synthetic == 0:
		return fmt.Errorf("-synthetic %d: want a number of people, at least 1", pf.synthetic)
	case pf.synthetic > 1_000_000_000:
		return fmt.Errorf("-synthetic %d: at most 1000000000", pf.synthetic)
	case pf.threshold < 0:
		return fmt.Errorf("-threshold %d: want 0 (none) or more", pf.threshold)
	case pf.rounding != "exact" && pf.rounding != "about":
		return fmt.Errorf("-rounding %q: want exact or about", pf.rounding)
	}
	for _, c := range strings.Split(pf.contacted, ",") {
		var ch notice.Channel
		if err := ch.UnmarshalText([]byte(c)); err != nil {
			return fmt.Errorf("-contacted %q: want email, letter or email,letter", pf.contacted)
		}
		pf.channels = append(pf.channels, ch)
	}
	return nil
}

func (pf *pageFlags) options(lang string) notice.PageOptions {
	o := notice.PageOptions{Language: lang, Threshold: pf.threshold}
	if pf.rounding == "about" {
		o.Rounding = notice.RoundAbout
	}
	o.Channels = pf.channels
	return o
}

// printPage prints the incident's public page with the tally the flags
// name, and says on standard error what it counted.
func printPage(inc notice.Incident, incidentName, lang, format string, allowFallback bool, pf *pageFlags, stdout, stderr io.Writer) error {
	policy, err := sample.Policy(inc)
	if err != nil {
		return err
	}
	start := time.Now()
	var tally exposure.Tally
	var source string
	switch {
	case pf.synthetic > 0:
		tally = syntheticTally(policy, pf.synthetic)
		source = fmt.Sprintf("the first %d synthetic passengers of the seed incident", pf.synthetic)
	case pf.people != "":
		f, err := os.Open(pf.people)
		if err != nil {
			return usageError{fmt.Errorf("-people: %w", err)}
		}
		defer f.Close()
		if tally, err = fileTally(policy, f); err != nil {
			return fmt.Errorf("-people %s: %w", pf.people, err)
		}
		source = "the passengers of " + pf.people
	case incidentName == "seed":
		if tally, err = fileTally(policy, sample.PassengerFile()); err != nil {
			return err
		}
		source = "the seed's sample passengers (examples/sample/passengers.jsonl)"
	default:
		return usageError{fmt.Errorf("-page for %s: give -people FILE or -synthetic N to count its people (the sample passengers are the seed's)", incidentName)}
	}
	fmt.Fprintf(stderr, "notify: counted %d people, %s, in %v\n", tally.Total(), source, time.Since(start).Round(time.Millisecond))

	page, err := notice.NewPublicPage(inc, tally, pf.options(lang))
	if errors.Is(err, notice.ErrContradiction) {
		return fmt.Errorf("%w (are these the incident's people?)", err)
	} else if err != nil {
		return err
	}
	if fb := page.FellBack(); len(fb) > 0 {
		for _, f := range fb {
			fmt.Fprintf(stderr, "notify: translation missing: %s: no %v text; readers get the %v text\n", f.ID, page.Language(), f.Language)
		}
		if !allowFallback {
			return fmt.Errorf("the page lacks %d %v texts (above): add them, or run with -allow-fallback to print it with what stands in for them", len(fb), page.Language())
		}
	}
	if format == "html" {
		return page.WriteHTML(stdout)
	}
	return page.WriteText(stdout)
}

// fileTally counts the people of a passenger file, as the policy assesses
// them. A line that does not read is an error naming it: a count that
// silently skipped people would be wrong.
func fileTally(policy *exposure.Policy, r io.Reader) (exposure.Tally, error) {
	var tally exposure.Tally
	dec := sample.NewPassengerDecoder(r)
	for {
		p, _, err := dec.Next()
		if errors.Is(err, io.EOF) {
			return tally, nil
		}
		if err != nil {
			return exposure.Tally{}, err
		}
		tally.Add(policy.Assess(p.Exposed))
	}
}

// syntheticTally counts the first n synthetic passengers, each worker its
// own stretch and tally, merged at the end. (9.4 million take about 2.4 s
// on 2 cores.)
func syntheticTally(policy *exposure.Policy, n int64) exposure.Tally {
	workers := int64(runtime.GOMAXPROCS(0))
	tallies := make([]exposure.Tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			from, to := n*w/workers, n*(w+1)/workers
			t := &tallies[w]
			// The synthetic passengers lose a few hundred distinct sets
			// of categories: each is assessed once.
			assessed := map[exposure.Set]exposure.Assessment{}
			for i := from; i < to; i++ {
				s := sample.SyntheticExposed(i)
				a, ok := assessed[s]
				if !ok {
					a = policy.Assess(s)
					assessed[s] = a
				}
				t.Add(a)
			}
		})
	}
	wg.Wait()
	var tally exposure.Tally
	for _, t := range tallies {
		tally.Merge(t)
	}
	return tally
}
