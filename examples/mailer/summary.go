package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
)

// summary is what a run did, for the report at its end.
type summary struct {
	tally       exposure.Tally
	languages   map[language.Tag]int64
	imported    int64 // people the import put in the store
	written     int64
	notAffected int64
	byLetter    int64 // affected, with no email: to be told by letter
	rejected    int64 // lines refused at import and people whose notice failed
	elapsed     time.Duration
	wrote       bool // the run wrote (or rendered) messages: print their counts
}

// add takes the counts of the writing step.
func (s *summary) add(all []stats, written, rejected int64, elapsed time.Duration) {
	s.wrote = true
	if s.languages == nil {
		s.languages = map[language.Tag]int64{}
	}
	for _, st := range all {
		s.byLetter += st.byLetter
		s.tally.Merge(st.tally)
		for tag, n := range st.languages {
			s.languages[tag] += n
		}
	}
	s.written, s.rejected, s.elapsed = written, s.rejected+rejected, elapsed
	s.notAffected = s.tally.Tier(exposure.TierNone)
}

func (s *summary) print(w io.Writer) {
	if !s.wrote {
		return // an import prints its own line
	}
	rate := float64(s.written) / max(s.elapsed.Seconds(), 1e-9)
	if s.byLetter > 0 {
		fmt.Fprintf(w, "mailer: %d affected people have no email address and are to be told by letter (mailer letters prints them)\n", s.byLetter)
	}
	fmt.Fprintf(w, "mailer: %d messages written, %d not affected, %d rejected, in %v (%.0f messages/s)\n",
		s.written, s.notAffected, s.rejected, s.elapsed.Round(time.Millisecond), rate)
	var parts []string
	for t := exposure.TierLow; t <= exposure.TierVeryHigh; t++ {
		parts = append(parts, fmt.Sprintf("%s %d", t, s.tally.Tier(t)))
	}
	fmt.Fprintf(w, "  tiers:      %s\n", strings.Join(parts, ", "))
	parts = parts[:0]
	for _, tag := range locale.Supported() {
		if n := s.languages[tag]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", tag, n))
		}
	}
	fmt.Fprintf(w, "  languages:  %s\n", strings.Join(parts, ", "))
	parts = parts[:0]
	for _, c := range exposure.Categories() {
		if n := s.tally.Category(c); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
		}
	}
	fmt.Fprintf(w, "  categories: %s\n", strings.Join(parts, ", "))
}

// progress reports how far a run is: a live line on a terminal, a line
// every few seconds otherwise (a log file should not fill with carriage
// returns).
type progress struct {
	cfg  *config
	line func() string
	mu   sync.Mutex // orders the live line and the rejection lines
	live bool       // a live line is on screen
	done chan struct{}
	wg   sync.WaitGroup
}

func startProgress(cfg *config, line func() string) *progress {
	p := &progress{cfg: cfg, line: line, done: make(chan struct{})}
	interval := cfg.progressEvery
	switch {
	case interval > 0:
	case cfg.terminal:
		interval = 250 * time.Millisecond
	default:
		interval = 10 * time.Second
	}
	p.wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.show()
			}
		}
	})
	return p
}

func (p *progress) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := p.line()
	if p.cfg.terminal {
		fmt.Fprintf(p.cfg.stderr, "\r\x1b[K%s", line)
		p.live = true
	} else {
		fmt.Fprintln(p.cfg.stderr, line)
	}
}

// clear removes the live line before another line is printed.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprint(p.cfg.stderr, "\r\x1b[K")
		p.live = false
	}
}

func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
	p.clear()
}
