// Command mailer writes one notice per affected passenger, as a complete
// MIME email, at breach scale: breachkit's main job.
//
//	go run ./examples/mailer -out ./out
//
// reads the embedded sample passengers of the seed incident and writes
// ./out/<id>.eml for each affected one. -in FILE reads JSON Lines instead
// ("-" for standard input), -incident picks the sample incident, -workers
// the parallelism, -synthetic N generates N passengers in the seed
// incident's proportions, and -discard renders every message without
// writing it (to measure).
//
// A line that cannot become a message (not JSON, no email, an id seen
// before, an unknown category or one the incident did not expose, a
// control character in a header value) is reported on standard error as
// "line N: reason" and skipped; the run goes on and exits 1. A passenger
// with nothing exposed gets no message and is counted as not affected.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

type config struct {
	out       string
	in        string
	incident  string
	workers   int
	synthetic int64
	discard   bool
	now       func() time.Time
	stdin     io.Reader
	stderr    io.Writer
	terminal  bool // stderr is a terminal: progress is one live line

	progressEvery time.Duration // 0: every 250ms on a terminal, every 10s otherwise
}

// usageError is a bad command line: exit status 2.
type usageError struct{ error }

func main() {
	// The id set grows to about 130 MB at 9.4 million passengers; keep the
	// collector from letting garbage double that (unless GOMEMLIMIT says
	// otherwise).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stderr, isTerminal(os.Stderr)))
}

func run(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer, terminal bool) int {
	cfg, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "mailer:", err)
		return 2
	}
	cfg.stdin, cfg.stderr, cfg.terminal, cfg.now = stdin, stderr, terminal, time.Now
	sum, err := runJob(ctx, cfg)
	if err != nil {
		var usage usageError
		fmt.Fprintln(stderr, "mailer:", err)
		if errors.As(err, &usage) {
			return 2
		}
		return 1
	}
	if sum.rejected > 0 {
		return 1
	}
	return 0
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("mailer", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line
	fs.StringVar(&cfg.out, "out", "", "the directory to write <id>.eml files to (created if missing)")
	fs.StringVar(&cfg.in, "in", "", "passengers as JSON Lines, - for standard input (default: the embedded sample)")
	fs.StringVar(&cfg.incident, "incident", "seed", "the sample incident: seed or cards")
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "goroutines that decode and render")
	fs.Int64Var(&cfg.synthetic, "synthetic", 0, "generate this many passengers in the seed incident's proportions")
	fs.BoolVar(&cfg.discard, "discard", false, "render every message but write none")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stderr)
			fs.PrintDefaults()
			return nil, err
		}
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.out == "" && !cfg.discard:
		return nil, errors.New("-out DIR is required (or -discard)")
	case cfg.out != "" && cfg.discard:
		return nil, errors.New("-out and -discard exclude each other")
	case cfg.workers < 1:
		return nil, fmt.Errorf("-workers %d: want at least 1", cfg.workers)
	case cfg.synthetic < 0:
		return nil, fmt.Errorf("-synthetic %d: want a count", cfg.synthetic)
	case cfg.synthetic > 0 && cfg.in != "":
		return nil, errors.New("-synthetic and -in exclude each other")
	}
	return cfg, nil
}

// runJob runs the whole job and prints its summary.
func runJob(ctx context.Context, cfg *config) (*summary, error) {
	inc, err := sample.Incident(cfg.incident)
	if err != nil {
		return nil, usageError{err}
	}
	composer, err := notice.NewComposer(inc)
	if err != nil {
		return nil, err
	}
	env, err := newEnvelope(inc, cfg.incident, cfg.now())
	if err != nil {
		return nil, err
	}
	if !cfg.discard {
		if err := prepareDir(cfg.out); err != nil {
			return nil, err
		}
	}
	var next func(*batch) error
	switch {
	case cfg.synthetic > 0:
		next = synthesize(cfg.synthetic)
	case cfg.in == "":
		next = readLines(sample.PassengerFile())
	case cfg.in == "-":
		next = readLines(cfg.stdin)
	default:
		f, err := os.Open(cfg.in)
		if err != nil {
			return nil, usageError{err}
		}
		defer f.Close()
		next = readLines(f)
	}

	pl := &pipeline{cfg: cfg, composer: composer, env: env, seen: newIDSet()}
	start := time.Now()
	prog := startProgress(cfg, pl, start)
	all, err := pl.run(ctx, next, func(line int, err error) {
		prog.clear()
		fmt.Fprintf(cfg.stderr, "line %d: %v\n", line, err)
	})
	prog.stop()
	sum := newSummary(all, pl, time.Since(start))
	sum.print(cfg.stderr)
	return sum, err
}

// prepareDir creates dir if needed and removes temporary files an
// interrupted run left there.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageError{err}
	}
	stale, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return err
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// newEnvelope prepares the headers every message of the run shares. The
// sender is the incident's contact address, named as the organisation.
func newEnvelope(inc notice.Incident, incident string, now time.Time) (envelope, error) {
	addr := inc.Contact.Email
	if err := checkAddress(addr); err != nil {
		return envelope{}, fmt.Errorf("the incident's contact address cannot send: %w", err)
	}
	var h header
	h.start(nil, "From")
	h.mailbox(inc.Organisation[locale.English], addr)
	env := envelope{from: h.end()}
	env.date = []byte("Date: " + now.Format(time.RFC1123Z) + "\r\n")
	env.idSuffix = "." + incident + "@" + addr[strings.LastIndexByte(addr, '@')+1:]
	return env, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
