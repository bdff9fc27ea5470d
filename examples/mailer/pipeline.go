package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// The pipeline moves passengers in batches of lines through four stages:
//
//	read (1) -> decode (workers) -> sequence (1) -> render (workers) -> report (1)
//
// Decoding and rendering, the costly stages, run in parallel. The sequencer
// sees batches in line order, so "repeats an earlier id" means the earlier
// line; the reporter also takes batches in line order, so rejections are
// printed in line order whatever the number of workers. Channels are
// bounded and batches recycled, so memory stays flat however long the
// input: at most maxInFlight batches exist at once.
const (
	batchLines  = 256
	maxInFlight = 64
)

// batch is a run of consecutive lines and what became of each.
type batch struct {
	data     []byte // the lines' bytes; lines point into it
	lines    []line
	items    []item
	decoded  chan struct{} // closed when every line is decoded
	rendered chan struct{} // closed when every message is written
}

// line is one input line, or a passenger generated for it.
type line struct {
	no   int
	text []byte
	err  error // already known to be bad (too long)
}

// item is one line's passenger and its fate.
type item struct {
	p   sample.Passenger
	err error // why the line was rejected
}

// stats are one worker's counts, merged at the end.
type stats struct {
	tally     exposure.Tally
	languages map[language.Tag]int64
}

type pipeline struct {
	cfg      *config
	composer *notice.Composer
	env      envelope
	seen     *idSet
	written  atomic.Int64 // messages written so far, for progress
	read     atomic.Int64
	rejected atomic.Int64
	free     chan *batch
}

func newBatch() *batch {
	return &batch{data: make([]byte, 0, batchLines*256), lines: make([]line, 0, batchLines), items: make([]item, 0, batchLines)}
}

// run feeds the pipeline from next, which fills a batch with lines and
// reports io.EOF when there are no more, and waits for every stage.
func (pl *pipeline) run(ctx context.Context, next func(*batch) error, report func(line int, err error)) ([]stats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	workers := pl.cfg.workers
	toDecode := make(chan *batch, workers)
	inOrder := make(chan *batch, maxInFlight)
	toRender := make(chan *batch, workers)
	toReport := make(chan *batch, maxInFlight)
	pl.free = make(chan *batch, maxInFlight)
	for range maxInFlight {
		pl.free <- newBatch()
	}

	var wg sync.WaitGroup
	// Read: take a free batch, fill it, hand it to the decoders and,
	// in order, to the sequencer.
	wg.Go(func() {
		defer close(toDecode)
		defer close(inOrder)
		for {
			var b *batch
			select {
			case b = <-pl.free:
			case <-ctx.Done():
				return
			}
			err := next(b)
			if len(b.lines) > 0 {
				b.decoded, b.rendered = make(chan struct{}), make(chan struct{})
				toDecode <- b
				inOrder <- b
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				cancel(err)
				return
			}
		}
	})
	// Decode, in parallel.
	for range workers {
		wg.Go(func() {
			for b := range toDecode {
				b.items = b.items[:len(b.lines)]
				for i, l := range b.lines {
					if l.err != nil {
						b.items[i] = item{err: l.err}
						continue
					}
					p, err := sample.ParsePassenger(l.text)
					b.items[i] = item{p: p, err: err}
				}
				close(b.decoded)
			}
		})
	}
	// Sequence: refuse repeated ids, in line order.
	wg.Go(func() {
		defer close(toRender)
		defer close(toReport)
		for b := range inOrder {
			<-b.decoded
			for i := range b.items {
				it := &b.items[i]
				if it.err == nil && !pl.seen.add(it.p.ID) {
					it.err = fmt.Errorf("id %q repeats an earlier line", it.p.ID)
				}
			}
			toRender <- b
			toReport <- b
		}
	})
	// Render, in parallel, each worker with its own buffers and counts.
	all := make([]stats, workers)
	for w := range workers {
		wg.Go(func() {
			st := &all[w]
			st.languages = map[language.Tag]int64{}
			var bufs buffers
			for b := range toRender {
				for i := range b.items {
					if ctx.Err() != nil {
						break
					}
					if err := pl.render(&b.items[i], st, &bufs); err != nil {
						cancel(err)
					}
				}
				close(b.rendered)
			}
		})
	}
	// Report, in line order, and recycle the batch.
	wg.Go(func() {
		for b := range toReport {
			<-b.rendered
			for i, it := range b.items {
				if it.err != nil {
					pl.rejected.Add(1)
					report(b.lines[i].no, it.err)
				}
			}
			b.data, b.lines, b.items = b.data[:0], b.lines[:0], b.items[:0]
			pl.free <- b
		}
	})
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return all, err
	}
	return all, ctx.Err()
}

// render checks what decoding could not, composes the notice and writes
// the message. A problem with the passenger marks the item rejected; an
// error writing is returned and stops the run.
func (pl *pipeline) render(it *item, st *stats, bufs *buffers) error {
	if it.err != nil {
		return nil
	}
	p := &it.p // its id is safe as a file name: sample.ParsePassenger checked it
	if err := checkAddress(p.Email); err != nil {
		it.err = fmt.Errorf("email: %w", err)
		return nil
	}
	a := exposure.Assess(p.Exposed)
	if a.Tier() == exposure.TierNone {
		st.tally.Add(a)
		return nil
	}
	d, err := pl.composer.Compose(notice.Recipient{Name: p.Name, Language: p.Language}, a)
	if err != nil {
		it.err = err
		return nil
	}
	bufs.msg = appendMessage(bufs.msg[:0], &pl.env, p.ID, strings.TrimSpace(p.Name), p.Email, d, bufs)
	if err := pl.write(p.ID, bufs.msg); err != nil {
		return err
	}
	st.tally.Add(a)
	st.languages[d.Language()]++
	pl.written.Add(1)
	return nil
}

// write stores one message as DIR/<id>.eml: written to a temporary file in
// the same directory, then renamed over the final name, so that a crash
// never leaves half a message and a rerun replaces whole files.
func (pl *pipeline) write(id string, msg []byte) error {
	if pl.cfg.discard {
		return nil
	}
	f, err := os.CreateTemp(pl.cfg.out, tempPattern)
	if err != nil {
		return err
	}
	_, err = f.Write(msg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(pl.cfg.out, id+".eml"))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing the message of %s: %w", id, err)
	}
	return nil
}

// tempPattern names the temporary files; a run removes those an earlier,
// interrupted run left.
const tempPattern = ".breachkit-*.tmp"

// errLineTooLong is the reason for a line longer than sample.MaxLineLen.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", sample.MaxLineLen)

// readLines returns a batch filler that reads JSON Lines from r, skipping
// blank lines, and numbers lines from 1 as they come.
func readLines(r io.Reader) func(*batch) error {
	br := bufio.NewReaderSize(r, 256<<10)
	lineNo := 0
	return func(b *batch) error {
		for len(b.lines) < batchLines {
			start := len(b.data)
			tooLong := false
			var err error
			for {
				var chunk []byte
				chunk, err = br.ReadSlice('\n')
				if !tooLong && len(b.data)-start+len(chunk) <= sample.MaxLineLen+2 {
					b.data = append(b.data, chunk...)
				} else {
					tooLong, b.data = true, b.data[:start]
				}
				if err != bufio.ErrBufferFull {
					break
				}
			}
			if err != nil && err != io.EOF {
				return err
			}
			if err == io.EOF && len(b.data) == start && !tooLong {
				return io.EOF
			}
			lineNo++
			text := trimEOL(b.data[start:])
			switch {
			case tooLong:
				b.lines = append(b.lines, line{no: lineNo, err: errLineTooLong})
			case len(bytes.TrimSpace(text)) > 0:
				b.lines = append(b.lines, line{no: lineNo, text: text})
			}
			if err == io.EOF {
				return io.EOF
			}
		}
		return nil
	}
}

func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}
