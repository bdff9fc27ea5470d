package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// Writing moves the store's people in pages through three stages:
//
//	read the store (1) -> render (workers) -> report (1, in page order)
//
// Rendering, the costly stage, runs in parallel; the reporter takes pages
// in order, so problems are printed and the run's list written in id
// order whatever the number of workers. At most maxInFlight pages exist at
// once, so memory stays flat however many people the store holds.

// page is a run of people from the store and what became of each.
type page struct {
	people   []store.Person
	errs     []error
	written  []bool
	rendered chan struct{} // closed when every message is written
}

// stats are one worker's counts, merged at the end.
type stats struct {
	tally     exposure.Tally
	languages map[language.Tag]int64
	byLetter  int64
}

// writer renders and writes the messages of one run.
type writer struct {
	job      *job
	env      envelope
	out      *outDir // nil with -discard
	written  atomic.Int64
	rejected atomic.Int64
}

func (j *job) writeMessages(ctx context.Context, sum *summary) error {
	cfg := j.cfg
	env, err := newEnvelope(j.inc, cfg.now())
	if err != nil {
		return err
	}
	w := &writer{job: j, env: env}
	if !cfg.discard {
		if w.out, err = openOutDir(cfg.out, j.inc.ID); err != nil {
			return err
		}
		defer w.out.close()
	}
	start := time.Now()
	prog := startProgress(cfg, func() string {
		n := w.written.Load()
		return fmt.Sprintf("mailer: %d messages written, %d rejected, %v, %.0f messages/s",
			n, w.rejected.Load(), time.Since(start).Round(time.Second), float64(n)/time.Since(start).Seconds())
	})
	all, err := w.run(ctx, func(id string, err error) {
		prog.clear()
		fmt.Fprintf(cfg.stderr, "%s: %v\n", id, err)
	})
	prog.stop()
	sum.add(all, w.written.Load(), w.rejected.Load(), time.Since(start))
	if w.out != nil {
		if lerr := w.out.finish(); err == nil {
			err = lerr
		}
		fmt.Fprintf(cfg.stderr, "mailer: the files this run wrote are listed in %s\n", w.out.listPath())
	}
	return err
}

func (w *writer) run(ctx context.Context, report func(id string, err error)) ([]stats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	workers := w.job.cfg.workers
	toRender := make(chan *page, workers)
	inOrder := make(chan *page, maxInFlight)
	free := make(chan *page, maxInFlight)
	for range maxInFlight {
		free <- &page{}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(toRender)
		defer close(inOrder)
		after := ""
		for {
			var p *page
			select {
			case p = <-free:
			case <-ctx.Done():
				return
			}
			people, err := w.job.store.Page(ctx, after, batchLines)
			if err != nil {
				cancel(err)
				return
			}
			if len(people) == 0 {
				return
			}
			after = people[len(people)-1].ID
			p.people = people
			p.errs = append(p.errs[:0], make([]error, len(people))...)
			p.written = append(p.written[:0], make([]bool, len(people))...)
			p.rendered = make(chan struct{})
			toRender <- p
			inOrder <- p
		}
	})
	all := make([]stats, workers)
	for k := range workers {
		wg.Go(func() {
			st := &all[k]
			st.languages = map[language.Tag]int64{}
			var bufs buffers
			for p := range toRender {
				for i := range p.people {
					if ctx.Err() != nil {
						break
					}
					ok, err := w.render(&p.people[i], st, &bufs)
					if err != nil {
						var bad rejection
						if !errors.As(err, &bad) {
							cancel(err)
							break
						}
						p.errs[i] = bad.error
					}
					p.written[i] = ok
				}
				close(p.rendered)
			}
		})
	}
	wg.Go(func() {
		for p := range inOrder {
			<-p.rendered
			for i, person := range p.people {
				if err := p.errs[i]; err != nil {
					w.rejected.Add(1)
					report(person.ID, err)
				}
				if p.written[i] && w.out != nil {
					w.out.listed(person.ID + ".eml")
				}
			}
			free <- p
		}
	})
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return all, err
	}
	return all, ctx.Err()
}

// rejection is a person whose notice cannot be written; the run goes on.
type rejection struct{ error }

// render composes one person's notice and writes the message. It reports
// whether a message was written; a rejection marks the person, any other
// error stops the run.
func (w *writer) render(p *store.Person, st *stats, bufs *buffers) (bool, error) {
	a, err := w.job.assess(p)
	if err != nil {
		return false, fmt.Errorf("%s: %w", p.ID, err)
	}
	st.tally.Add(a)
	switch {
	case a.Tier() == exposure.TierNone:
		return false, nil // nothing owed
	case p.Email == "":
		st.byLetter++ // owed by letter: mailer send queues it, the summary counts it
		return false, nil
	}
	r, err := w.job.recipient(p, notice.ChannelEmail)
	if err != nil {
		return false, err
	}
	d, err := w.job.composer.Compose(r, a)
	if err != nil {
		return false, rejection{err}
	}
	bufs.msg = appendMessage(bufs.msg[:0], &w.env, p.ID, p.Name, p.Email, d, bufs)
	if w.out != nil {
		if err := w.out.write(p.ID, bufs.msg); err != nil {
			return false, err
		}
	}
	st.languages[d.Language()]++
	w.written.Add(1)
	return true, nil
}

// write stores one message as DIR/<id>.eml: written to a temporary file in
// the same directory, then renamed over the final name, so that a crash
// never leaves half a message and a rerun replaces whole files.
func (o *outDir) write(id string, msg []byte) error {
	f, err := os.CreateTemp(o.dir, tempPattern)
	if err != nil {
		return err
	}
	_, err = f.Write(msg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(o.dir, id+".eml"))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing the message of %s: %w", id, err)
	}
	return nil
}
