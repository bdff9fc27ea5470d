package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// mailer letters prints the letters the ledger has due, for the people
// without an email address and those whose email failed or bounced, as
// PDF batches for a print house:
//
//	mailer letters -incident FILE -store people.db -out ./letters
//
// writes ./letters/batch-0001-a4.pdf, batch-0002-letter.pdf, ... (A4,
// and US Letter for addresses in the United States; -batch letters
// each), and ./letters/manifest.csv: for every printed letter, the
// person's id, its batch, its pages in the batch and the batch's SHA-256.
// Each letter has the organisation's name and contacts, the address block
// in the window of a window envelope, the date and the person's notice in
// their language with the verification code of the letter channel.
//
// The ledger records each letter as printed with its batch and pages, after
// its batch is complete on disk; a batch is written to a temporary file
// and renamed, so that a crash leaves no half batch and no ledger record of
// a letter that is not on paper. A rerun prints only the letters still
// due (-reprint prints the printed ones again). A letter with a character
// its fonts cannot draw is refused, named with its person and character,
// and stays due.

// letterConfig is what mailer letters is told.
type letterConfig struct {
	out       string
	batchSize int
	tabs      int
	reprint   bool
	chromium  string
}

func (c *letterConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.out, "out", "", "the folder to write the PDF batches and manifest.csv to (created if missing)")
	fs.IntVar(&c.batchSize, "batch", 100, "letters per PDF batch")
	fs.IntVar(&c.tabs, "tabs", 2, "Chromium tabs printing batches side by side")
	fs.BoolVar(&c.reprint, "reprint", false, "print again the letters the ledger records as printed")
	fs.StringVar(&c.chromium, "chromium", "", "the Chromium to print with (default: chromium on $PATH)")
}

func (c *letterConfig) check() error {
	switch {
	case c.out == "":
		return errors.New("mailer letters needs -out DIR")
	case c.batchSize < 1 || c.batchSize > 10000:
		return fmt.Errorf("-batch %d: want 1 to 10000 letters", c.batchSize)
	case c.tabs < 1 || c.tabs > 64:
		return fmt.Errorf("-tabs %d: want 1 to 64", c.tabs)
	}
	return nil
}

// preparedLetter is one letter laid out as HTML, ready for its batch.
type preparedLetter struct {
	id    string
	paper paper
	group string // the batch it goes in: paper and fonts ("a4 cjk-jp")
	html  []byte
}

// letterMaker composes letters: the notice of the letter channel, and the
// head around it, with every character checked against the fonts.
type letterMaker struct {
	job    *job
	fonts  *fontSet
	sender letterSender
	day    time.Time
}

// make lays out the letter of l, or says why it cannot be printed.
func (m *letterMaker) make(l *store.Letter) (preparedLetter, error) {
	p := &l.Person
	if len(p.AddressLines) == 0 || p.Country == "" {
		return preparedLetter{}, errors.New("no postal address in the store")
	}
	a, err := m.job.assess(p)
	if err != nil {
		return preparedLetter{}, err
	}
	if a.Tier() == exposure.TierNone {
		return preparedLetter{}, errors.New("nothing was exposed for this person: no letter is owed")
	}
	r, err := m.job.recipient(p, notice.ChannelLetter)
	if err != nil {
		return preparedLetter{}, err
	}
	d, err := m.job.composer.Compose(r, a)
	if err != nil {
		return preparedLetter{}, err
	}
	lp := makeLetterParts(m.sender, l, d.Language(), m.day)
	stack := stackFor(d.Language().String(), p.Country)
	for _, part := range []struct{ where, text string }{
		{"the name", p.Name},
		{"the address", strings.Join(lp.address, "\n")},
		{"the organisation's name", lp.org},
		{"the letter's head", lp.ret + "\n" + lp.date + "\n" + strings.Join(lp.contact, "\n")},
		{"the notice", string(d.AppendText(nil))},
	} {
		st := stack
		if part.where == "the address" {
			st = lp.addrStack
		}
		if err := m.fonts.check(st, part.where, part.text); err != nil {
			return preparedLetter{}, err
		}
	}
	pp := paperFor(p.Country)
	return preparedLetter{id: p.ID, paper: pp, group: pp.name + " " + stack[0], html: appendLetter(nil, &lp, d, p.Country)}, nil
}

// batchJob is one batch to print.
type batchJob struct {
	name    string
	paper   paper
	letters []preparedLetter
}

// batchDoc is the HTML document of a batch.
func batchDoc(p paper, letters []preparedLetter) []byte {
	doc := batchHead(p)
	for _, l := range letters {
		doc = append(doc, l.html...)
	}
	return append(doc, batchTail...)
}

var batchName = regexp.MustCompile(`^batch-(\d{4,})-(a4|letter)\.pdf$`)

// nextBatchNumber is one more than the highest batch number in dir.
func nextBatchNumber(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".unrecorded")
		if m := batchName.FindStringSubmatch(name); m != nil {
			k, _ := strconv.Atoi(m[1])
			n = max(n, k)
		}
	}
	return n + 1, nil
}

// printLetters is mailer letters.
func (j *job) printLetters(ctx context.Context) error {
	cfg, lc := j.cfg, &j.cfg.letters
	start := time.Now()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		return errors.New("mailer letters needs pdfinfo to find the page each letter starts on: apt-get install poppler-utils")
	}
	chromium := lc.chromium
	if chromium == "" {
		if chromium = findChromium(); chromium == "" {
			return errors.New("mailer letters prints with Chromium and found none: apt-get install chromium, or give -chromium PATH")
		}
	}
	fonts, err := loadFonts()
	if err != nil {
		return err
	}
	snd, err := newLetterSender(j.inc)
	if err != nil {
		return err
	}
	out, err := openOutDir(lc.out, j.inc.ID)
	if err != nil {
		return err
	}
	defer out.close()

	// Everyone affected goes into the ledger as send puts them there, so
	// that the letters of those without an email are due even before the
	// first send. Queueing needs no envelope: nothing is sent.
	if err := (&sender{job: j}).queue(ctx); err != nil {
		return err
	}

	statuses := []store.Status{store.StatusLetter}
	if lc.reprint {
		statuses = append(statuses, store.StatusPrinted)
	}
	// Chromium starts only when there is something to print: a rerun with
	// nothing due just checks the manifest.
	var rend *renderer
	if first, err := j.store.Letters(ctx, "", 1, statuses...); err != nil {
		return err
	} else if len(first) > 0 {
		if rend, err = newRenderer(ctx, chromium, lc.tabs); err != nil {
			return err
		}
		defer rend.close()
	}

	number, err := nextBatchNumber(lc.out)
	if err != nil {
		return err
	}
	maker := &letterMaker{job: j, fonts: fonts, sender: snd, day: cfg.now()}

	jobs := make(chan batchJob)
	var (
		mu                        sync.Mutex
		firstErr                  error
		printed, batches, refused int
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	var wg sync.WaitGroup
	for range lc.tabs {
		wg.Go(func() {
			for b := range jobs {
				n, r, err := j.printBatch(ctx, rend, out, b)
				mu.Lock()
				refused += r
				mu.Unlock()
				if err != nil {
					fail(fmt.Errorf("%s: %w", b.name, err))
					continue
				}
				mu.Lock()
				printed += n
				batches++
				out.listed(b.name)
				mu.Unlock()
			}
		})
	}

	// A batch holds letters of one paper and one script's fonts: each CJK
	// face that a batch uses is embedded in it once, as every glyph it
	// draws, so a batch of one language embeds one face, not five.
	pending := map[string][]preparedLetter{}
	dispatch := func(group string) bool {
		letters := pending[group]
		p := letters[0].paper
		b := batchJob{name: fmt.Sprintf("batch-%04d-%s.pdf", number, p.name), paper: p, letters: letters}
		number++
		delete(pending, group)
		select {
		case jobs <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	after := ""
produce:
	for {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			break
		}
		letters, err := j.store.Letters(ctx, after, 256, statuses...)
		if err != nil {
			fail(err)
			break
		}
		if len(letters) == 0 {
			break
		}
		after = letters[len(letters)-1].Person.ID
		for i := range letters {
			pl, err := maker.make(&letters[i])
			if err != nil {
				fmt.Fprintf(cfg.stderr, "mailer: letters: %s: %v\n", letters[i].Person.ID, err)
				mu.Lock()
				refused++
				mu.Unlock()
				continue
			}
			pending[pl.group] = append(pending[pl.group], pl)
			if len(pending[pl.group]) >= lc.batchSize && !dispatch(pl.group) {
				break produce
			}
		}
	}
	for _, group := range slices.Sorted(maps.Keys(pending)) {
		if ctx.Err() == nil {
			dispatch(group)
		}
	}
	close(jobs)
	wg.Wait()
	if err := out.finish(); err != nil {
		return err
	}
	// An interruption says so, even when it cut a batch short in
	// Chromium: that batch's "context canceled" is its effect, not a fault.
	if ctx.Err() != nil && (firstErr == nil || errors.Is(firstErr, context.Canceled) || errors.Is(firstErr, context.DeadlineExceeded)) {
		firstErr = fmt.Errorf("interrupted (%w): the letters printed so far are recorded; run the same command again to print the rest", ctx.Err())
	}
	// The manifest says what the ledger says, also after a failed or
	// interrupted run: it lists every batch the ledger knows, and only those.
	rows, err := j.writeManifest(context.WithoutCancel(ctx), lc.out)
	if err != nil && firstErr == nil {
		firstErr = err
	}
	elapsed := time.Since(start)
	perLetter := ""
	if printed > 0 {
		perLetter = fmt.Sprintf(", %.1f ms a letter", float64(elapsed.Milliseconds())/float64(printed))
	}
	fmt.Fprintf(cfg.stderr, "mailer: letters: %d printed in %d batches into %s, in %v%s; manifest.csv lists %d printed letters\n",
		printed, batches, lc.out, elapsed.Round(time.Millisecond), perLetter, rows)
	if firstErr != nil {
		return firstErr
	}
	if refused > 0 {
		return fmt.Errorf("%d letters could not be printed (above); they stay due in the ledger", refused)
	}
	return nil
}

// printBatch prints one batch, writes it, and records its letters in the
// ledger; it returns how many letters it printed.
func (j *job) printBatch(ctx context.Context, rend *renderer, out *outDir, b batchJob) (printed, refused int, err error) {
	pdf, err := rend.print(ctx, batchDoc(b.paper, b.letters))
	var over *windowOverflowError
	if errors.As(err, &over) {
		// Those letters are refused; the others are printed without them.
		fmt.Fprintf(j.cfg.stderr, "mailer: letters: %v; they stay due\n", err)
		b.letters = slices.DeleteFunc(b.letters, func(l preparedLetter) bool { return slices.Contains(over.ids, l.id) })
		refused = len(over.ids)
		if len(b.letters) == 0 {
			return 0, refused, nil
		}
		pdf, err = rend.print(ctx, batchDoc(b.paper, b.letters))
	}
	if err != nil {
		return 0, refused, err
	}
	ids := make([]string, len(b.letters))
	for i, l := range b.letters {
		ids[i] = l.id
	}
	var ranges []pageRange
	err = writeFileAtomic(out.dir, b.name, pdf, func(tmp string) error {
		var err error
		ranges, err = letterPages(ctx, tmp, ids)
		return err
	})
	if err != nil {
		return 0, refused, err
	}
	records := make([]store.Printed, len(ids))
	at := j.cfg.now().UTC()
	for i, id := range ids {
		records[i] = store.Printed{ID: id, Batch: b.name, Pages: ranges[i].String(), At: at}
	}
	// The batch is on disk (renamed, the folder synced) before the ledger
	// says so: a crash between the two leaves a batch the ledger does not
	// know, which the manifest leaves out and the next run sets aside.
	if err := j.store.RecordPrinted(context.WithoutCancel(ctx), records); err != nil {
		return 0, refused, err
	}
	return len(ids), refused, nil
}

// manifestName is the manifest a print house reads beside the batches.
const manifestName = "manifest.csv"

// writeManifest writes manifest.csv from the ledger: one row per printed
// letter whose batch is in dir, ordered by batch and page, with the
// batch's SHA-256. A batch file in dir that the ledger does not know (a run
// stopped between writing it and recording it; its letters are printed
// again in a later batch) is renamed NAME.unrecorded, so that it is not
// sent to print by mistake. It returns the number of rows.
func (j *job) writeManifest(ctx context.Context, dir string) (int, error) {
	type row struct {
		id, batch, pages string
		first            int
	}
	var rows []row
	known := map[string]bool{}
	inDir := map[string]bool{}
	for after := ""; ; {
		letters, err := j.store.Letters(ctx, after, 1024, store.StatusPrinted)
		if err != nil {
			return 0, err
		}
		if len(letters) == 0 {
			break
		}
		after = letters[len(letters)-1].Person.ID
		for _, l := range letters {
			here, seen := inDir[l.Batch]
			if !seen {
				_, err := os.Stat(filepath.Join(dir, l.Batch))
				here = err == nil
				inDir[l.Batch] = here // one look per batch, not per letter
			}
			if !here {
				continue // printed into another folder
			}
			first, _, _ := strings.Cut(l.Pages, "-")
			n, _ := strconv.Atoi(first)
			rows = append(rows, row{l.Person.ID, l.Batch, l.Pages, n})
			known[l.Batch] = true
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		if batchName.MatchString(e.Name()) && !known[e.Name()] {
			old := filepath.Join(dir, e.Name())
			if err := os.Rename(old, old+".unrecorded"); err != nil {
				return 0, err
			}
			fmt.Fprintf(j.cfg.stderr, "mailer: letters: %s is not in the ledger (a run stopped before recording it, or every letter in it was printed again): renamed %s.unrecorded; do not print it\n", e.Name(), e.Name())
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.batch, b.batch); c != 0 {
			return c
		}
		return a.first - b.first
	})
	sums := map[string]string{}
	var buf strings.Builder
	w := csv.NewWriter(&buf)
	w.Write([]string{"person_id", "batch", "pages", "batch_sha256"})
	for _, r := range rows {
		sum, ok := sums[r.batch]
		if !ok {
			data, err := os.ReadFile(filepath.Join(dir, r.batch))
			if err != nil {
				return 0, err
			}
			h := sha256.Sum256(data)
			sum = hex.EncodeToString(h[:])
			sums[r.batch] = sum
		}
		w.Write([]string{r.id, r.batch, r.pages, sum})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, err
	}
	return len(rows), writeFileAtomic(dir, manifestName, []byte(buf.String()), nil)
}
