// Command portal serves the page a worried passenger opens after a data
// breach: "was my personal information involved, and what should I do?"
//
//	go run ./examples/portal [-addr localhost:8080] [-rate 10] [-burst 10]
//
// It serves the sample seed incident and its sample passengers
// (examples/sample). GET / shows a form asking for a membership number and
// family name, in the language negotiated from Accept-Language or chosen
// from the links at the top. POST /lookup answers with the passenger's own
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
//     clients. X-Forwarded-For is not trusted: behind a proxy, every client
//     would share the proxy's limit, so such a deployment must give the
//     portal the client address itself.
//   - Family names are compared after Unicode normalisation and case
//     folding, in constant time; unknown numbers cost what wrong names cost.
//   - Bodies, headers and connection times are bounded, and cross-origin
//     POSTs from other sites' pages are refused.
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
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/sample"
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

	passengers, err := readPassengers(sample.PassengerFile())
	if err != nil {
		return err
	}
	h, err := newServer(config{
		Incident:   sample.MustIncident("seed"),
		Passengers: passengers,
		Rate:       rate.Limit(*perMinute / 60),
		Burst:      *burst,
		Log:        log,
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
