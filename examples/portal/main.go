// Command portal serves the page a worried passenger opens after a data
// breach: "was my personal information involved, and what should I do?"
//
//	go run ./examples/portal [-addr localhost:8080] [-rate 10] [-burst 10]
//	go run ./examples/portal -incident FILE -store people.db [-verify] [-trusted-proxy CIDR,...]
//
// With no -store it serves the sample seed incident and its sample
// passengers (examples/sample), imported into a temporary store at start.
// With -store it serves the people that "mailer import" put in a store (a
// SQLite file, opened read-only, or a postgres:// URL) for the incident of
// -incident (a sample name or an incident file): any number of them, with
// memory that does not grow with the store. GET / shows a form asking for
// a membership number and family name, in the language negotiated from
// Accept-Language or chosen from the links at the top. POST /lookup answers with the passenger's own
// notice, as the notice package writes it, in that language, with buttons
// that repeat the lookup in another language; or says plainly that their
// data was not involved; or, for a wrong name or an unknown number of any
// shape, gives one answer that is the same bytes in every case, so that the
// form cannot be used to learn who was affected.
//
// It is built as a public page holding personal data must be:
//
//   - Personal data travels only in POST bodies, never in URLs, and is never
//     logged: the log has method, route, status, size and duration only.
//   - A strict Content-Security-Policy: no scripts at all, styles only from
//     /style.css (the notice's stylesheet and the portal's), forms only to
//     the portal, no framing; with nosniff, no referrer and no-store.
//   - Lookups are rate-limited per client address (an IPv6 client by its
//     /64), with a burst, in a table of bounded size that forgets idle
//     clients. X-Forwarded-For is trusted only on connections from the
//     proxies named with -trusted-proxy (a load balancer): from anyone
//     else it is ignored, so a client cannot choose its own address.
//   - Family names are compared after Unicode normalisation and case
//     folding, in constant time; unknown numbers cost what wrong names cost.
//   - Bodies, headers and connection times are bounded, and cross-origin
//     POSTs from other sites' pages are refused.
//
// Every notice it shows carries the verification code of the notice sent to
// that person, and GET /verify checks a code someone types: "this code
// belongs to a notice we sent on DATE by email/letter", or, for any code we
// did not send (malformed, altered or unknown), one answer that is the same
// bytes in every case. It never says whose notice it was. A check is one
// search of the ledger's index of code digests (the ledger keeps a keyed
// digest of each code the mailer queued, never the code), and is counted
// there: per code, how often and when first and last (mailer report
// -codes), and per day for codes never issued; never who checked. So with
// -store, /verify is served only with -verify, which lets the portal write
// those counts (a SQLite store stays read-only for everything else; a
// PostgreSQL role needs INSERT and UPDATE on code_checks and
// code_checks_unknown). Without -store, the sample passengers' notices
// count as sent on the incident's first day of notices. The key is the
// file of -code-key-file, else $BREACHKIT_CODE_KEY, else, for the samples
// only, the published sample key; it must be the key the mailer sent with.
//
// SIGINT or SIGTERM shuts it down gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// Limits of the HTTP server. Pages are small and lookups are one short POST:
// slow clients get little time and few bytes.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 15 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 8 << 10
	shutdownTimeout   = 10 * time.Second
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], log); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "the address to listen on")
	perMinute := fs.Float64("rate", 10, "lookups a client may make per minute, after its burst")
	burst := fs.Int("burst", defaultBurst, "lookups a client may make at once")
	incidentName := fs.String("incident", "seed", "a sample incident (seed or cards) or an incident file")
	storeFlag := fs.String("store", "", "the store of the incident's people: a SQLite file or a postgres:// URL (default: the sample passengers)")
	trustedProxy := fs.String("trusted-proxy", "", "load balancers whose X-Forwarded-For names the client: CIDRs, comma-separated")
	verify := fs.Bool("verify", false, "with -store, serve /verify, which checks verification codes against the ledger and counts the checks in the store")
	allowFallback := fs.Bool("allow-fallback", false, "serve notices even where the incident lacks a translation")
	keyFile := fs.String("code-key-file", "", "the file of the verification code key (default: $"+sample.CodeKeyEnv+"; the sample key for the samples)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case !(*perMinute > 0) || math.IsInf(*perMinute, 0):
		return fmt.Errorf("-rate %v: want a positive number of lookups per minute", *perMinute)
	case *burst < 1:
		return fmt.Errorf("-burst %d: want at least 1", *burst)
	}

	inc, err := sample.LoadIncident(*incidentName)
	if err != nil {
		return err
	}
	if n := sample.ReportFallbacks(os.Stderr, inc); n > 0 && !*allowFallback {
		return fmt.Errorf("the incident lacks %d texts (above): add them to the incident file, or start with -allow-fallback to serve what stands in for them", n)
	}
	policy, err := sample.Policy(inc)
	if err != nil {
		return err
	}
	proxies, err := parseProxies(*trustedProxy)
	if err != nil {
		return fmt.Errorf("-trusted-proxy: %w", err)
	}
	// The published sample key serves the sample incidents only (as in the
	// mailer): a real incident's codes need the organisation's own key.
	key, sampleKey, err := sample.LoadCodeKey(*keyFile, nil, sample.IsSample(*incidentName))
	if err != nil {
		return err
	}
	if sampleKey {
		log.Info("verification codes use the published sample key: they prove nothing")
	}
	people, closeStore, err := openStore(ctx, *storeFlag, inc, policy, *verify, log)
	if err != nil {
		return err
	}
	defer closeStore()
	// Checking a code is one search of the ledger's index and writes its
	// count; with a store, only when asked, as it is the portal's only
	// write.
	var codes *codeChecker
	if *storeFlag == "" || *verify {
		if *storeFlag == "" {
			err = issueSampleNotices(ctx, people, inc.NoticesFrom, key)
		}
		if err == nil {
			codes, err = newCodeChecker(ctx, people, key)
		}
		if err != nil {
			return fmt.Errorf("verification codes: %w", err)
		}
	}
	if codes == nil {
		// Without /verify a code could not be checked here, so the notices
		// this portal shows carry none (the emails still do).
		log.Info("verification codes are not checked here (start with -verify to serve /verify)")
	}
	h, err := newServer(config{
		Codes:          codes,
		Incident:       inc,
		Store:          people,
		Policy:         policy,
		TrustedProxies: proxies,
		Rate:           rate.Limit(*perMinute / 60),
		Burst:          *burst,
		Log:            log,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(h, log)
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newHTTPServer returns the server for h with the portal's timeouts and
// header limit. Its own errors (a connection that broke, a TLS handshake)
// go to log as warnings.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// openStore opens the store of the incident's people, read-only but, with
// recordChecks, for counting the checks of verification codes; with no
// path, a temporary SQLite store holding the sample passengers, removed on
// close.
func openStore(ctx context.Context, path string, inc notice.Incident, policy *exposure.Policy, recordChecks bool, log *slog.Logger) (store.Store, func(), error) {
	b := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	switch {
	case strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://"):
		s, err := store.OpenPostgres(ctx, path, b, true)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	case path != "":
		if _, err := os.Stat(path); err != nil {
			return nil, nil, fmt.Errorf("-store: %w (mailer import makes one)", err)
		}
		s, err := store.OpenSQLite(ctx, path, b, store.SQLiteOptions{ReadOnly: true, RecordChecks: recordChecks})
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	case inc.ID != sample.MustIncident("seed").ID:
		return nil, nil, errors.New("-store is required for an incident other than the seed sample (mailer import makes one)")
	}
	dir, err := os.MkdirTemp("", "breachkit-portal-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	s, err := store.OpenSQLite(ctx, filepath.Join(dir, "people.db"), b, store.SQLiteOptions{})
	if err == nil {
		err = importSample(ctx, s, policy)
	}
	if err != nil {
		if s != nil {
			s.Close()
		}
		cleanup()
		return nil, nil, err
	}
	log.Info("serving the sample passengers from a temporary store", "path", dir)
	return s, func() { s.Close(); cleanup() }, nil
}
