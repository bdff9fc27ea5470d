package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/breachkit/breachkit/examples/store"
)

// BenchmarkLetters prints batches of letters as mailer letters does: the
// sample's A4 letters of one language (ja: Japanese, en: English; a run
// batches each font group apart) or all of them mixed, repeated to the
// batch size under distinct references, laid out in one document per
// batch, printed by Chromium on two tabs at once, and their pages found
// with pdfinfo. ms/letter is the wall time per letter with
// both tabs busy; KB/letter the PDF's size per letter.
//
//	CI=true go test ./examples/mailer -run '^$' -bench Letters -benchtime 3x
func BenchmarkLetters(b *testing.B) {
	for _, c := range []struct {
		name  string
		group string // "": every A4 letter of the sample, mixed as no run batches them
	}{{"ja", "a4 cjk-jp"}, {"en", "a4 latin"}, {"mixed", ""}} {
		size := 200
		b.Run(fmt.Sprintf("%s/batch=%d", c.name, size), func(b *testing.B) {
			tools := needPrintTools(b)
			j, letters := letterJob(b)
			rend, err := newRenderer(context.Background(), tools.chromium, 2)
			if err != nil {
				b.Fatal(err)
			}
			defer rend.close()
			maker := newTestMaker(b, j)
			var batch []preparedLetter
			for i := 0; len(batch) < size; i++ {
				l := letters[i%len(letters)]
				l.Person.ID = fmt.Sprintf("B%05d", i)
				pl, err := maker.make(&l)
				if err != nil {
					b.Fatal(err)
				}
				if pl.paper.name == paperA4.name && (c.group == "" || pl.group == c.group) {
					batch = append(batch, pl)
				}
			}
			ids := make([]string, len(batch))
			for i, l := range batch {
				ids[i] = l.id
			}
			dir := b.TempDir()
			var bytes int64
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var wg sync.WaitGroup
				for tab := range 2 {
					wg.Go(func() {
						pdf, err := rend.print(context.Background(), batchDoc(paperA4, batch))
						if err != nil {
							b.Error(err)
							return
						}
						name := fmt.Sprintf("bench-%d.pdf", tab)
						if err := writeFileAtomic(dir, name, pdf, func(tmp string) error {
							_, err := letterPages(context.Background(), tmp, ids)
							return err
						}); err != nil {
							b.Error(err)
						}
						fi, _ := os.Stat(filepath.Join(dir, name))
						if fi != nil && tab == 0 {
							bytes += fi.Size()
						}
					})
				}
				wg.Wait()
			}
			n := float64(b.N * 2 * size)
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/n, "ms/letter")
			b.ReportMetric(float64(bytes)/1024/float64(b.N*size), "KB/letter")
		})
	}
}

// letterJob imports the sample into a new store and opens a letters job on
// it; it returns the job and the sample's letters due.
func letterJob(tb testing.TB) (*job, []store.Letter) {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "people.db")
	if code, _, stderr := runCmd(tb, nil, "", "import", "-store", db); code != 0 {
		tb.Fatalf("import: %s", stderr)
	}
	cfg, err := parseFlags([]string{"letters", "-store", db, "-out", tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	cfg.stderr, cfg.now, cfg.getenv = os.Stderr, func() time.Time { return fixedNow }, func(string) string { return "" }
	ctx := context.Background()
	j, err := openJob(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(j.close)
	env, err := newEnvelope(j.inc, fixedNow)
	if err != nil {
		tb.Fatal(err)
	}
	if err := (&sender{job: j, env: env}).queue(ctx); err != nil {
		tb.Fatal(err)
	}
	letters, err := j.store.Letters(ctx, "", 1000, store.StatusLetter)
	if err != nil || len(letters) == 0 {
		tb.Fatalf("%d letters due: %v", len(letters), err)
	}
	return j, letters
}

func newTestMaker(tb testing.TB, j *job) *letterMaker {
	tb.Helper()
	fonts, err := loadFonts()
	if err != nil {
		tb.Fatal(err)
	}
	snd, err := newLetterSender(j.inc)
	if err != nil {
		tb.Fatal(err)
	}
	return &letterMaker{job: j, fonts: fonts, sender: snd, day: fixedNow}
}
