package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The environment variables that carry the relay's credentials: never the
// command line, which other users of the machine can read in the process
// list and which shells keep in their history.
const (
	envUser     = "BREACHKIT_SMTP_USER"
	envPassword = "BREACHKIT_SMTP_PASSWORD"
)

// sendConfig is the command line of mailer send.
type sendConfig struct {
	relay         string
	passwordFile  string
	plaintext     bool // allow a relay without STARTTLS on smtp://
	caFile        string
	connections   int
	rate          float64
	attempts      int
	retryAfter    time.Duration
	bounce        string
	perConnection int
	lease         time.Duration
	limit         int64
	timeout       time.Duration
	stopAfter     int
	dkimKey       string
	dkimSelector  string
	dkimDomain    string
}

func (c *sendConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.relay, "relay", "", "the SMTP relay: smtp://[user@]host[:587] (STARTTLS) or smtps://[user@]host[:465]; the password comes from $"+envPassword+" or -password-file, the user may come from $"+envUser)
	fs.StringVar(&c.passwordFile, "password-file", "", "a file holding the relay's password (its first line)")
	fs.BoolVar(&c.plaintext, "insecure-plaintext", false, "send over smtp:// without STARTTLS (only for a relay on this machine)")
	fs.StringVar(&c.caFile, "relay-ca", "", "PEM certificates to trust for the relay's TLS, beside the system's")
	fs.IntVar(&c.connections, "connections", 4, "connections to the relay, kept open, one message at a time each")
	fs.Float64Var(&c.rate, "rate", 0, "at most this many messages per second (0: as fast as the relay takes them)")
	fs.IntVar(&c.attempts, "attempts", 5, "tries per person before a 4xx is left for a later run")
	fs.DurationVar(&c.retryAfter, "retry-after", time.Minute, "the wait after a first 4xx; it doubles with each try")
	fs.StringVar(&c.bounce, "bounce", "", "the bounce address, made per person as local+ID@domain (default: bounces@ the sender's domain)")
	fs.IntVar(&c.perConnection, "per-connection", 1000, "messages per connection before it is reopened (relays limit them)")
	fs.DurationVar(&c.lease, "lease", 5*time.Minute, "with several senders on PostgreSQL: a claimed batch goes to another sender after this long")
	fs.Int64Var(&c.limit, "limit", 0, "send at most this many messages in this run (0: all); the next run goes on")
	fs.DurationVar(&c.timeout, "timeout", 2*time.Minute, "the longest wait for a reply of the relay")
	fs.IntVar(&c.stopAfter, "stop-after", 20, "stop the run when the relay has refused this many people in a row (5xx) and accepted none since")
	fs.StringVar(&c.dkimKey, "dkim-key", "", "sign each message with this DKIM private key (PEM, RSA or Ed25519); off by default, as relays usually sign")
	fs.StringVar(&c.dkimSelector, "dkim-selector", "", "the DKIM selector (with -dkim-key)")
	fs.StringVar(&c.dkimDomain, "dkim-domain", "", "the DKIM signing domain (default: the sender's domain)")
}

// relay is where and how to submit.
type relay struct {
	addr      string // host:port
	implicit  bool   // smtps: TLS from the first byte
	plaintext bool
	tls       *tls.Config
	user      string
	password  string
	timeout   time.Duration
}

func (c *sendConfig) check() error {
	switch {
	case c.relay == "":
		return errors.New("mailer send needs -relay smtp://host:587 (or smtps://host:465)")
	case c.connections < 1:
		return fmt.Errorf("-connections %d: want at least 1", c.connections)
	case c.attempts < 1:
		return fmt.Errorf("-attempts %d: want at least 1", c.attempts)
	case c.rate < 0:
		return fmt.Errorf("-rate %v: want 0 or more", c.rate)
	case c.perConnection < 1:
		return fmt.Errorf("-per-connection %d: want at least 1", c.perConnection)
	case c.stopAfter < 1:
		return fmt.Errorf("-stop-after %d: want at least 1", c.stopAfter)
	case (c.dkimKey == "") != (c.dkimSelector == ""):
		return errors.New("-dkim-key and -dkim-selector go together")
	}
	if c.bounce != "" {
		if err := checkAddress(c.bounce); err != nil {
			return fmt.Errorf("-bounce: %w", err)
		}
	}
	u, err := url.Parse(c.relay)
	if err != nil {
		return fmt.Errorf("-relay: %w", err)
	}
	if _, set := u.User.Password(); set {
		return errors.New("-relay: no password on the command line (others can read it in the process list): set $" + envPassword + " or use -password-file")
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return fmt.Errorf("-relay %s: want smtp:// or smtps://", c.relay)
	}
	if u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("-relay %s: want smtp://[user@]host[:port]", c.relay)
	}
	return nil
}

// openRelay reads the relay's URL and credentials.
func (c *sendConfig) openRelay(getenv func(string) string) (*relay, error) {
	u, _ := url.Parse(c.relay) // checked
	r := &relay{implicit: u.Scheme == "smtps", plaintext: c.plaintext, timeout: c.timeout}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[r.implicit]
	}
	r.addr = net.JoinHostPort(u.Hostname(), port)
	r.tls = &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	if c.caFile != "" {
		pem, err := os.ReadFile(c.caFile)
		if err != nil {
			return nil, usageError{fmt.Errorf("-relay-ca: %w", err)}
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usageError{fmt.Errorf("-relay-ca %s: no PEM certificate in it", c.caFile)}
		}
		r.tls.RootCAs = pool
	}
	r.user = u.User.Username()
	if r.user == "" {
		r.user = getenv(envUser)
	}
	r.password = getenv(envPassword)
	if c.passwordFile != "" {
		b, err := os.ReadFile(c.passwordFile)
		if err != nil {
			return nil, usageError{fmt.Errorf("-password-file: %w", err)}
		}
		r.password, _, _ = strings.Cut(string(b), "\n")
		r.password = strings.TrimSuffix(r.password, "\r")
	}
	if r.password != "" && r.user == "" {
		return nil, usageError{errors.New("a relay password without a user: put the user in the URL (smtp://user@host) or $" + envUser)}
	}
	if r.user != "" && r.password == "" {
		return nil, usageError{fmt.Errorf("the relay user %q has no password: set $%s or use -password-file", r.user, envPassword)}
	}
	return r, nil
}

// errRelay marks an error of the relay as a whole (unreachable, no TLS,
// credentials refused, the sender refused): no person's fault, and the
// run stops rather than fail everyone.
type errRelay struct {
	error
	transient bool // the relay could not be reached: trying again may help
}

func (e errRelay) Unwrap() error { return e.error }

// dial opens one connection, with TLS and AUTH as configured.
func (r *relay) dial() (*relayConn, error) {
	conn, err := net.DialTimeout("tcp", r.addr, r.timeout)
	if err != nil {
		return nil, errRelay{fmt.Errorf("the relay %s cannot be reached: %w", r.addr, err), true}
	}
	var c *smtp.Client
	var top net.Conn // what the client writes to, when known
	switch {
	case r.implicit:
		top = tls.Client(conn, r.tls)
		c = smtp.NewClient(top)
	case r.plaintext:
		top = conn
		c = smtp.NewClient(conn)
	default:
		// go-smtp greets as "localhost" before STARTTLS; relays accept it.
		if c, err = smtp.NewClientStartTLS(conn, r.tls); err != nil {
			conn.Close()
			if strings.Contains(err.Error(), "STARTTLS") {
				return nil, errRelay{fmt.Errorf("the relay %s: %w: the notices would cross the network in clear; use smtps://, a relay with TLS, or -insecure-plaintext for a relay on this machine", r.addr, err), false}
			}
			return nil, errRelay{fmt.Errorf("the relay %s: STARTTLS: %w", r.addr, err), isTransient(err)}
		}
	}
	c.CommandTimeout, c.SubmissionTimeout = r.timeout, r.timeout
	if !r.implicit && !r.plaintext {
		// The TLS handshake happens with the next command; make it happen
		// here, so that a certificate refused says so (go-smtp would
		// report the extensions as missing instead).
		if err := c.Noop(); err != nil {
			c.Close()
			return nil, errRelay{fmt.Errorf("the relay %s after STARTTLS: %w", r.addr, err), isTransient(err) && !isCertError(err)}
		}
	}
	if r.implicit || r.plaintext {
		if err := c.Hello(localName()); err != nil {
			c.Close()
			return nil, errRelay{fmt.Errorf("the relay %s: EHLO: %w", r.addr, err), isTransient(err) && !isCertError(err)}
		}
	}
	if r.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			c.Close()
			return nil, errRelay{fmt.Errorf("the relay %s offers no AUTH, and a user is given", r.addr), false}
		}
		if err := c.Auth(sasl.NewPlainClient("", r.user, r.password)); err != nil {
			c.Close()
			return nil, errRelay{fmt.Errorf("the relay %s refused the credentials of %q: %w", r.addr, r.user, err), isTransient(err)}
		}
	}
	return &relayConn{Client: c, top: top, timeout: r.timeout}, nil
}

// localName is the name the mailer greets the relay with.
func localName() string {
	if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") {
		return h
	}
	return "localhost"
}

// isTransient reports whether an error of the connection's start may pass
// if tried again: the network, or a 4xx.
func isTransient(err error) bool {
	var smtpErr *smtp.SMTPError
	if errors.As(err, &smtpErr) {
		return smtpErr.Code < 500
	}
	return !strings.Contains(err.Error(), "STARTTLS")
}

// isCertError reports whether the relay's certificate was refused: trying
// again changes nothing.
func isCertError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify)
}
