package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// job is what a run works with: the incident, its policy, the store, and
// the locks it holds.
type job struct {
	cfg      *config
	inc      notice.Incident
	policy   *exposure.Policy
	composer *notice.Composer
	codeKey  []byte // the verification code key, when the run writes notices
	store    store.Store
	tempDir  string // the temporary store's folder, removed at the end
	locks    []*lock

	next       func(*batch) error // the passengers, when the run imports
	closeInput func()
}

func openJob(ctx context.Context, cfg *config) (_ *job, err error) {
	inc, err := sample.LoadIncident(cfg.incident)
	var badFile *sample.FileError
	if errors.As(err, &badFile) {
		return nil, err // the file's content is wrong, not the command line
	} else if err != nil {
		return nil, usageError{err}
	}
	j := &job{cfg: cfg, inc: inc}
	defer func() {
		if err != nil {
			j.close()
		}
	}()
	if j.policy, err = sample.Policy(inc); err != nil {
		return nil, err
	}
	if cfg.step == "" || cfg.step == "write" || cfg.step == "send" || cfg.step == "letters" {
		if n := sample.ReportFallbacks(cfg.stderr, inc); n > 0 && !cfg.allowFallback {
			return nil, fmt.Errorf("the incident lacks %d texts (above): add them to the incident file, or run with -allow-fallback to send what stands in for them", n)
		}
		if j.composer, err = notice.NewComposer(inc); err != nil {
			return nil, err
		}
		// The published sample key serves the sample incidents only: a real
		// incident's codes need the organisation's own.
		if j.codeKey, _, err = sample.LoadCodeKey(cfg.codeKey, cfg.getenv, sample.IsSample(cfg.incident)); err != nil {
			return nil, usageError{err}
		}
	}
	if cfg.step == "" || cfg.step == "import" {
		// The input first: a missing file is the command line's mistake,
		// found before anything is created.
		if j.next, j.closeInput, err = j.input(); err != nil {
			return nil, err
		}
	}
	binding := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	if err := j.openStore(ctx, binding); err != nil {
		return nil, err
	}
	if cfg.step == "send" || cfg.step == "letters" {
		// The ledger records the digest of each notice's code as it queues
		// it, for the portal's check (issueCodes, in ledgercmd.go); letters
		// queues too, for those send has not reached.
		if err := j.issueCodes(ctx); err != nil {
			return nil, err
		}
	}
	return j, nil
}

func (j *job) openStore(ctx context.Context, b store.Binding) (err error) {
	cfg := j.cfg
	if strings.HasPrefix(cfg.store, "postgres://") || strings.HasPrefix(cfg.store, "postgresql://") {
		j.store, err = store.OpenPostgres(ctx, cfg.store, b, cfg.step != "" && cfg.step != "import")
		if err != nil {
			return fmt.Errorf("%s: %w", describeStore(cfg.store), err)
		}
		return nil
	}
	path := cfg.store
	if path == "" {
		if j.tempDir, err = os.MkdirTemp("", "breachkit-mailer-"); err != nil {
			return err
		}
		path = filepath.Join(j.tempDir, "people.db")
		fmt.Fprintf(cfg.stderr, "mailer: importing into a temporary SQLite store, %s, removed at the end (mailer import -store FILE keeps one)\n", path)
	}
	readOnly := cfg.step == "status" || cfg.step == "report"
	if !readOnly {
		// One run at a time on a store: a second import would refuse every
		// line of the first as a repeated id, and a second send would send
		// what the first is sending. status and report only read.
		l, err := takeLock(path + ".lock")
		if err != nil {
			return fmt.Errorf("the store %s: %w", path, err)
		}
		j.locks = append(j.locks, l)
	}
	if cfg.step != "" && cfg.step != "import" {
		if _, err := os.Stat(path); err != nil {
			return usageError{fmt.Errorf("-store %s: %w (import the passengers first: mailer import)", path, err)}
		}
	}
	// Only an import trades durability for speed (it is rerun after a
	// crash); the ledger's writes must survive one.
	j.store, err = store.OpenSQLite(ctx, path, b, store.SQLiteOptions{Bulk: cfg.step == "" || cfg.step == "import", ReadOnly: readOnly})
	return err
}

func (j *job) close() {
	if j.closeInput != nil {
		j.closeInput()
	}
	if j.store != nil {
		j.store.Close()
	}
	for _, l := range j.locks {
		l.release()
	}
	if j.tempDir != "" {
		os.RemoveAll(j.tempDir)
	}
}

// person turns a checked passenger into the person the store keeps, or
// says why the line is refused.
func (j *job) person(p *sample.Passenger, line int, key []byte) (store.Person, error) {
	if p.Email != "" { // else the person has a postal address, for a letter
		if err := checkAddress(p.Email); err != nil {
			return store.Person{}, fmt.Errorf("email: %w", err)
		}
	}
	if extra := p.Exposed.Difference(j.inc.Exposed); !extra.IsEmpty() {
		return store.Person{}, fmt.Errorf("the incident did not expose %v", extra)
	}
	return store.NewPerson(p, line, j.policy, key, p.NoticeLanguage(j.cfg.testLanguages)), nil
}

// newEnvelope prepares the headers every message of the run shares. The
// sender is the incident's sender address, or else its contact address,
// named as the sender names itself or else as the organisation.
func newEnvelope(inc notice.Incident, now time.Time) (envelope, error) {
	name, addr, err := senderOf(inc)
	if err != nil {
		return envelope{}, err
	}
	if err := checkAddress(addr); err != nil {
		return envelope{}, fmt.Errorf("the incident's sender address cannot send: %w", err)
	}
	var h header
	h.start(nil, "From")
	h.mailbox(name, addr)
	env := envelope{from: h.end()}
	env.date = []byte("Date: " + now.Format(time.RFC1123Z) + "\r\n")
	env.incident, env.domain = inc.ID, addr[strings.LastIndexByte(addr, '@')+1:]
	return env, nil
}

// senderOf is whom notices come from: the incident's sender, or else its
// English name at its contact address. Emails and letters both say so.
func senderOf(inc notice.Incident) (name, addr string, err error) {
	name, addr = inc.Organisation[locale.English], inc.Contact.Email
	if inc.Sender != "" {
		a, err := mail.ParseAddress(inc.Sender)
		if err != nil {
			return "", "", fmt.Errorf("the incident's sender %q: %w", inc.Sender, err)
		}
		addr = a.Address
		if a.Name != "" {
			name = a.Name
		}
	}
	return name, addr, nil
}

// recipient is the person p as their notice by channel addresses them,
// with its verification code.
// assess assesses a person as the import did. The store's binding keeps
// the tiers from differing; if they do, the store and the incident
// disagree and nothing should be sent or printed.
func (j *job) assess(p *store.Person) (exposure.Assessment, error) {
	a := j.policy.Assess(p.Exposed)
	if a.Tier() != p.Tier {
		return a, fmt.Errorf("assessed %v now, %v at import: the store does not match the incident", a.Tier(), p.Tier)
	}
	return a, nil
}

func (j *job) recipient(p *store.Person, channel notice.Channel) (notice.Recipient, error) {
	code, err := notice.DeriveCode(j.codeKey, j.inc.ID, p.ID, channel)
	if err != nil {
		return notice.Recipient{}, err
	}
	return notice.Recipient{Name: p.Name, Language: p.Language, Code: code}, nil
}
