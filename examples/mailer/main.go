// Command mailer writes and sends one notice per affected person, as a
// complete MIME email, at breach scale, and keeps the record of every
// notice: breachkit's main job. It works in steps over a store of the
// incident's people and its ledger (examples/store):
//
//	mailer import  -incident FILE -in PASSENGERS -store people.db
//	mailer write   -incident FILE -store people.db -out ./out
//	mailer send    -incident FILE -store people.db -relay smtp://user@host:587
//	mailer status  -incident FILE -store people.db
//	mailer report  -incident FILE -store people.db -format csv|json [-details|-codes]
//	mailer bounces -incident FILE -store people.db MAILDIR|MBOX|-
//	mailer letters -incident FILE -store people.db -out ./letters
//
// send queues every affected person in the ledger (an email, or a letter
// for those without an address), then submits the emails the ledger does
// not record as sent through the relay, over -connections long-lived
// connections (STARTTLS required unless -insecure-plaintext; the password
// from $BREACHKIT_SMTP_PASSWORD or -password-file, never the command
// line), with a per-person bounce address, ENVID, RET=HDRS and
// NOTIFY=FAILURE,DELAY. A 4xx is retried with backoff, a 5xx fails the
// person and puts a letter due, a broken connection is reopened, and a
// relay that refuses everyone stops the run. Rerun the same command after
// a crash or Ctrl-C: it sends only what is left. With a postgres:// store,
// several send processes share the work. status counts the ledger; report
// writes it per person (with -codes, how often each notice's verification
// code was checked on the portal, by the code's digest and never naming
// whose: many checks of one code are a sign of a phishing copy going
// round); bounces reads delivery status notifications into it.
//
// letters prints, as PDF batches for a print house (-out DIR), the letters
// the ledger has due: for people without an email address and for those
// whose email failed or bounced. Each letter has the address block in the
// window of a window envelope (A4 DIN 5008 form B; US Letter #10 for US
// addresses), the date, and the person's notice with the verification
// code of the letter channel. manifest.csv gives each letter's batch,
// pages and the batch's SHA-256; the ledger records each letter as
// printed. It needs Chromium, poppler-utils and the Noto fonts (see
// letters.go).
//
// import reads a passenger file once (JSON Lines or CSV; see
// examples/sample), checks every line, assesses each person and keeps them
// in the store, SQLite by default or PostgreSQL with -store postgres://...;
// write renders each affected person's notice from the store as
// ./out/<id>.eml. With no step named, mailer does both through a temporary
// SQLite store, which it says and removes at the end:
//
//	go run ./examples/mailer -out ./out
//
// reads the embedded sample passengers of the seed incident. -incident
// names a sample (seed, cards) or an incident file; -synthetic N generates
// N passengers in the seed incident's proportions; -workers sets the
// parallelism; -discard renders every message without writing it (to
// measure).
//
// A line that cannot become a notice (not JSON, no email, an id seen
// before in any letter case, an unknown category or one the incident did
// not expose, a control character in a header value) is reported on
// standard error as "line N: reason", kept in the store as refused, and
// skipped; the run goes on and exits 1. A person with nothing exposed gets
// no message and is counted as not affected. Every line is accounted for.
//
// Before it writes anything, mailer lists each text the incident lacks in
// a language and what stands in for it, and stops unless -allow-fallback
// is given. en-XA, the pseudo-language for testing, is written only with
// -test-languages; a real recipient who asks for it gets English.
//
// Exit status: 0 when every line became a notice or was not affected (and,
// for send, when no email is left to send), 1 when a line was refused, an
// email is left for a later run, or the run failed, 2 for a bad command
// line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
)

type config struct {
	step          string // "", "import", "write", "send", "status", "report" or "bounces"
	out           string
	in            string
	incident      string
	store         string // a SQLite file or a postgres:// URL; "" for a temporary one
	workers       int
	synthetic     int64
	discard       bool
	allowFallback bool
	testLanguages bool
	now           func() time.Time
	stdin         io.Reader
	stderr        io.Writer
	terminal      bool // stderr is a terminal: progress is one live line

	progressEvery time.Duration // 0: every 250ms on a terminal, every 10s otherwise

	stdout  io.Writer
	getenv  func(string) string
	send    sendConfig
	format  string // report: csv or json
	details bool   // report: with tier, language and categories
	codes   bool   // report: the checks of verification codes, not the entries
	from    string // bounces: a maildir, an mbox file, or - for an mbox on standard input
	codeKey string // the file of the verification code key
	letters letterConfig
}

// usageError is a bad command line: exit status 2.
type usageError struct{ error }

func main() {
	// SIGTERM, as a service manager or a container stops a program, is an
	// interruption like Ctrl-C: finish the batch in hand, report, clean up.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, isTerminal(os.Stderr)))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, terminal bool) int {
	cfg, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "mailer:", err)
		return 2
	}
	cfg.stdin, cfg.stdout, cfg.stderr, cfg.terminal, cfg.now, cfg.getenv = stdin, stdout, stderr, terminal, time.Now, os.Getenv
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
	if len(args) > 0 && slices.Contains([]string{"import", "write", "send", "status", "report", "bounces", "letters"}, args[0]) {
		cfg.step, args = args[0], args[1:]
	}
	ledgerStep := cfg.step == "send" || cfg.step == "status" || cfg.step == "report" || cfg.step == "bounces" || cfg.step == "letters"
	fs := flag.NewFlagSet("mailer", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line
	fs.StringVar(&cfg.incident, "incident", "seed", "a sample incident (seed or cards) or an incident file")
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "goroutines that decode and render")
	fs.BoolVar(&cfg.allowFallback, "allow-fallback", false, "write notices even where the incident lacks a translation")
	switch cfg.step {
	case "send":
		cfg.send.flags(fs)
	case "report":
		fs.StringVar(&cfg.format, "format", "csv", "csv or json")
		fs.BoolVar(&cfg.details, "details", false, "add each person's tier, language and exposed categories")
		fs.BoolVar(&cfg.codes, "codes", false, "list how often each verification code was checked on the portal (by its digest, never naming whose), and the checks of codes never issued per day")
	case "letters":
		cfg.letters.flags(fs)
	}
	if ledgerStep {
		fs.StringVar(&cfg.store, "store", "", "the store: a SQLite file, or a postgres:// URL")
	} else if cfg.step != "write" {
		fs.StringVar(&cfg.in, "in", "", "passengers as JSON Lines or CSV, - for standard input (default: the embedded sample)")
		fs.Int64Var(&cfg.synthetic, "synthetic", 0, "generate this many passengers in the seed incident's proportions")
		fs.BoolVar(&cfg.testLanguages, "test-languages", false, "honour en-XA, the pseudo-language for testing (else it reads as English)")
	}
	if cfg.step == "" || cfg.step == "write" {
		fs.StringVar(&cfg.out, "out", "", "the directory to write <id>.eml files to (created if missing)")
		fs.BoolVar(&cfg.discard, "discard", false, "render every message but write none")
	}
	if cfg.step == "" || cfg.step == "write" || cfg.step == "send" || cfg.step == "letters" {
		fs.StringVar(&cfg.codeKey, "code-key-file", "", "the file of the verification code key (default: $"+sample.CodeKeyEnv+"; the sample key for the sample incidents)")
	}
	if cfg.step == "import" || cfg.step == "write" {
		fs.StringVar(&cfg.store, "store", "", "the store: a SQLite file, or a postgres:// URL")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stderr)
			fmt.Fprintln(os.Stderr, "usage: mailer [import|write|send|status|report|bounces|letters] [flags]; with no step, import into a temporary store and write")
			fs.PrintDefaults()
			return nil, err
		}
		return nil, err
	}
	if cfg.step == "bounces" {
		if fs.NArg() != 1 {
			return nil, errors.New("mailer bounces needs one argument: the bounce maildir, an mbox file, or - for an mbox on standard input")
		}
		cfg.from = fs.Arg(0)
	}
	switch {
	case fs.NArg() > 0 && cfg.step != "bounces":
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.step == "send":
		if err := cfg.send.check(); err != nil {
			return nil, err
		}
	case cfg.step == "letters":
		if err := cfg.letters.check(); err != nil {
			return nil, err
		}
	case cfg.step == "report" && cfg.format != "csv" && cfg.format != "json":
		return nil, fmt.Errorf("-format %q: want csv or json", cfg.format)
	case cfg.codes && cfg.details:
		return nil, errors.New("-codes and -details exclude each other: the code checks name no one")
	}
	switch {
	case (cfg.step == "" || cfg.step == "write") && cfg.out == "" && !cfg.discard:
		return nil, errors.New("-out DIR is required (or -discard)")
	case cfg.out != "" && cfg.discard:
		return nil, errors.New("-out and -discard exclude each other")
	case cfg.step != "" && cfg.store == "":
		return nil, fmt.Errorf("mailer %s needs -store FILE (or a postgres:// URL)", cfg.step)
	case cfg.workers < 1:
		return nil, fmt.Errorf("-workers %d: want at least 1", cfg.workers)
	case cfg.synthetic < 0:
		return nil, fmt.Errorf("-synthetic %d: want a count", cfg.synthetic)
	case cfg.synthetic > 0 && cfg.in != "":
		return nil, errors.New("-synthetic and -in exclude each other")
	}
	return cfg, nil
}

// runJob runs the step (or both) and prints the summary.
func runJob(ctx context.Context, cfg *config) (*summary, error) {
	job, err := openJob(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer job.close()
	sum := &summary{}
	switch cfg.step {
	case "send":
		return sum, job.sendAll(ctx, sum)
	case "status":
		return sum, job.status(ctx)
	case "report":
		if cfg.codes {
			return sum, job.codeReport(ctx)
		}
		return sum, job.report(ctx)
	case "bounces":
		return sum, job.bounces(ctx)
	case "letters":
		return sum, job.printLetters(ctx)
	}
	if cfg.step != "write" {
		if err := job.importPeople(ctx, sum); err != nil {
			return sum, err
		}
	}
	if cfg.step != "import" {
		if err := job.writeMessages(ctx, sum); err != nil {
			sum.print(cfg.stderr)
			return sum, err
		}
	}
	sum.print(cfg.stderr)
	if cfg.step == "" && sum.rejected > 0 {
		fmt.Fprintln(cfg.stderr, "mailer: the refused lines are listed above; correct them and run again (the messages written stay)")
	}
	return sum, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// describeStore names a store for messages without its password.
func describeStore(s string) string {
	if i := strings.Index(s, "@"); i >= 0 && strings.HasPrefix(s, "postgres") {
		return "postgres://…" + s[i:]
	}
	return s
}
