package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
)

// The import moves lines in batches through three stages:
//
//	read (1) -> decode and assess (workers) -> store (1, in line order)
//
// The store stage takes batches in line order, so "repeats an earlier id"
// means the earlier line and refusals are printed in line order whatever
// the number of workers. Channels are bounded and batches recycled, so
// memory stays flat however long the input; the store, not memory, knows
// which ids were seen.
const (
	batchLines  = 256
	maxInFlight = 64
)

// batch is a run of consecutive lines and what became of each.
type batch struct {
	data    []byte // the lines' bytes; lines point into it
	lines   []line
	people  []store.Person
	errs    []error       // why each line was refused; nil for a person
	decoded chan struct{} // closed when every line is decoded
}

// line is one input line, or a passenger generated or read for it.
type line struct {
	no   int
	text []byte
	p    *sample.Passenger // already decoded (CSV)
	err  error             // already known to be bad
}

func newBatch() *batch {
	return &batch{data: make([]byte, 0, batchLines*256), lines: make([]line, 0, batchLines),
		people: make([]store.Person, 0, batchLines), errs: make([]error, 0, batchLines)}
}

// importCounts are what an import did.
type importCounts struct {
	read, imported, already, refused atomic.Int64
}

func (j *job) importPeople(ctx context.Context, sum *summary) error {
	cfg := j.cfg
	start := time.Now()
	var counts importCounts
	prog := startProgress(cfg, func() string {
		return fmt.Sprintf("mailer: %d lines read, %d people imported, %d refused", counts.read.Load(), counts.imported.Load(), counts.refused.Load())
	})
	err := j.runImport(ctx, j.next, &counts, func(no int, id string, err error) {
		prog.clear()
		if id != "" {
			fmt.Fprintf(cfg.stderr, "line %d: id %q: %v\n", no, id, err)
		} else {
			fmt.Fprintf(cfg.stderr, "line %d: %v\n", no, err)
		}
	})
	prog.stop()
	sum.imported, sum.rejected = counts.imported.Load(), counts.refused.Load()
	fmt.Fprintf(cfg.stderr, "mailer: import: %d lines, %d people imported, %d already in the store, %d refused, in %v\n",
		counts.read.Load(), counts.imported.Load(), counts.already.Load(), counts.refused.Load(), time.Since(start).Round(time.Millisecond))
	if err == nil && counts.read.Load() == 0 {
		return errors.New("the passenger input holds no passengers")
	}
	return err
}

// input returns the batch filler for the configured passengers.
func (j *job) input() (next func(*batch) error, closeInput func(), err error) {
	cfg := j.cfg
	closeInput = func() {}
	var r io.Reader
	switch {
	case cfg.synthetic > 0:
		return synthesize(cfg.synthetic), closeInput, nil
	case cfg.in == "":
		r = sample.PassengerFile()
	case cfg.in == "-":
		r = cfg.stdin
	default:
		f, err := os.Open(cfg.in)
		if err != nil {
			return nil, nil, usageError{err}
		}
		r, closeInput = f, func() { f.Close() }
	}
	br := bufio.NewReaderSize(r, 256<<10)
	// A byte-order mark, then JSON Lines start with '{'; anything else is
	// read as CSV with its header row.
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	first, err := firstByte(br)
	switch {
	case err == io.EOF:
		closeInput()
		return nil, nil, sample.ErrEmptyInput
	case err != nil:
		closeInput()
		return nil, nil, err
	case first == '{':
		return readLines(br), closeInput, nil
	}
	dec, err := sample.NewCSVDecoder(br)
	if err != nil {
		closeInput()
		return nil, nil, err
	}
	return readCSV(dec), closeInput, nil
}

// firstByte is the first byte of br that is not white space, unread.
func firstByte(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if err != nil {
			return 0, err
		}
		if c := b[i-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
		if i == br.Size() {
			return 0, errors.New("the input starts with more blank space than a passenger file has")
		}
	}
}

func (j *job) runImport(ctx context.Context, next func(*batch) error, counts *importCounts, report func(line int, id string, err error)) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	workers := j.cfg.workers
	toDecode := make(chan *batch, workers)
	inOrder := make(chan *batch, maxInFlight)
	free := make(chan *batch, maxInFlight)
	for range maxInFlight {
		free <- newBatch()
	}
	key := j.store.LookupKey()
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(toDecode)
		defer close(inOrder)
		for {
			var b *batch
			select {
			case b = <-free:
			case <-ctx.Done():
				return
			}
			err := next(b)
			if len(b.lines) > 0 {
				counts.read.Add(int64(len(b.lines)))
				b.decoded = make(chan struct{})
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
	for range workers {
		wg.Go(func() {
			for b := range toDecode {
				b.people, b.errs = b.people[:len(b.lines)], b.errs[:len(b.lines)]
				for i, l := range b.lines {
					b.people[i], b.errs[i] = j.decode(l, key)
				}
				close(b.decoded)
			}
		})
	}
	wg.Go(func() {
		var refusals []store.Refusal
		var good []store.Person
		var goodLine []int
		for b := range inOrder {
			<-b.decoded
			if ctx.Err() != nil {
				continue // drain
			}
			good, goodLine, refusals = good[:0], goodLine[:0], refusals[:0]
			for i := range b.lines {
				if b.errs[i] == nil {
					good, goodLine = append(good, b.people[i]), append(goodLine, i)
				}
			}
			results, err := j.store.Put(ctx, good)
			if err != nil {
				cancel(err)
				continue
			}
			for k, res := range results {
				switch {
				case errors.Is(res, store.ErrAlreadyImported):
					counts.already.Add(1)
				case res != nil:
					b.errs[goodLine[k]] = res
				default:
					counts.imported.Add(1)
				}
			}
			for i, l := range b.lines {
				if err := b.errs[i]; err != nil {
					counts.refused.Add(1)
					report(l.no, b.people[i].ID, err)
					refusals = append(refusals, store.Refusal{Line: int64(l.no), ID: b.people[i].ID, Reason: err.Error()})
				}
			}
			if err := j.store.Refuse(ctx, refusals); err != nil {
				cancel(err)
			}
			b.data, b.lines = b.data[:0], b.lines[:0]
			free <- b
		}
	})
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// decode makes the person of one line, or says why not. For a refused
// line the person holds the id when the line had one.
func (j *job) decode(l line, key []byte) (store.Person, error) {
	if l.err != nil {
		return store.Person{}, l.err
	}
	p := l.p
	if p == nil {
		parsed, err := sample.ParsePassenger(l.text)
		if err != nil {
			// A line that was JSON but failed a check still names its id,
			// for the report (quoted there, whatever it holds).
			return store.Person{ID: parsed.ID}, err
		}
		p = &parsed
	}
	person, err := j.person(p, l.no, key)
	if err != nil {
		return store.Person{ID: p.ID}, err
	}
	return person, nil
}

// errLineTooLong is the reason for a line longer than sample.MaxLineLen.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", sample.MaxLineLen)

// readLines returns a batch filler that reads JSON Lines from r, skipping
// blank lines, and numbers lines from 1 as they come.
func readLines(br *bufio.Reader) func(*batch) error {
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

// readCSV returns a batch filler that decodes CSV rows as it reads them
// (a quoted cell may span lines, so rows are found by decoding).
func readCSV(dec *sample.CSVDecoder) func(*batch) error {
	return func(b *batch) error {
		for len(b.lines) < batchLines {
			p, no, err := dec.Next()
			var le *sample.LineError
			switch {
			case err == io.EOF:
				return io.EOF
			case errors.As(err, &le):
				b.lines = append(b.lines, line{no: no, err: le.Err})
			case err != nil:
				return err
			default:
				b.lines = append(b.lines, line{no: no, p: &p})
			}
		}
		return nil
	}
}

// synthesize returns a batch filler that generates n passengers of the
// seed incident (sample.AppendSynthetic) as JSON lines, which go through
// the same decoding as a file.
func synthesize(n int64) func(*batch) error {
	var i int64
	return func(b *batch) error {
		for len(b.lines) < batchLines && i < n {
			start := len(b.data)
			b.data = sample.AppendSynthetic(b.data, i)
			i++
			b.lines = append(b.lines, line{no: int(i), text: b.data[start:]})
		}
		if i == n {
			return io.EOF
		}
		return nil
	}
}

func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}
