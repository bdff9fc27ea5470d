package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/breachkit/breachkit/examples/store"
)

// sink is go-smtp's own server, in process, recording what it accepted
// and refusing what its fault function says.
type sink struct {
	addr string
	// fault decides, for a command ("MAIL", "RCPT", "DATA") about a
	// recipient (for MAIL, the sender), and the how-manieth time this
	// command was given for it, what happens: nil to go on, or an error.
	// errDrop closes the connection instead of answering.
	fault   func(cmd, who string, n int) error
	delay   atomic.Int64 // nanoseconds before every reply
	discard bool         // count messages, keep none (benchmarks)
	n       atomic.Int64 // messages accepted

	mu       sync.Mutex
	counts   map[string]int // command + " " + who -> times given
	received map[string][][]byte
	envelope map[string]string // recipient -> the last MAIL FROM and its options
}

var errDrop = errors.New("drop the connection")

func newSink(t testing.TB, fault func(cmd, who string, n int) error) *sink {
	t.Helper()
	return newSinkWith(t, fault, sinkOptions{})
}

// sinkOptions make a sink that speaks TLS and asks for credentials.
type sinkOptions struct {
	tls      *tls.Config
	implicit bool              // TLS from the first byte (smtps), else STARTTLS
	users    map[string]string // AUTH PLAIN: user -> password
}

func newSinkWith(t testing.TB, fault func(cmd, who string, n int) error, o sinkOptions) *sink {
	t.Helper()
	s := &sink{fault: fault, counts: map[string]int{}, received: map[string][][]byte{}, envelope: map[string]string{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		ss := &sinkSession{sink: s, conn: c}
		if o.users != nil {
			return &authSession{ss, o.users}, nil
		}
		return ss, nil
	}))
	if !o.implicit {
		srv.TLSConfig = o.tls
	}
	srv.Domain = "sink.test"
	srv.EnableDSN = true
	srv.AllowInsecureAuth = true
	srv.MaxMessageBytes = 1 << 20
	srv.ErrorLog = discardLogger{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	if o.implicit {
		l = tls.NewListener(l, o.tls)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

func (s *sink) decide(conn *smtp.Conn, cmd, who string) error {
	if s.discard {
		return nil // a benchmark's sink: no faults, no books
	}
	if d := s.delay.Load(); d > 0 {
		time.Sleep(time.Duration(d))
	}
	s.mu.Lock()
	key := cmd + " " + who
	s.counts[key]++
	n := s.counts[key]
	s.mu.Unlock()
	if s.fault == nil {
		return nil
	}
	err := s.fault(cmd, who, n)
	if err == errDrop {
		conn.Conn().Close()
	}
	return err
}

// got returns the messages the sink accepted, per recipient.
func (s *sink) got() map[string][][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][][]byte{}
	for k, v := range s.received {
		out[k] = append([][]byte(nil), v...)
	}
	return out
}

type sinkSession struct {
	authed bool
	sink   *sink
	conn   *smtp.Conn
	from   string
	opts   string
	to     []string
}

// authSession is a session that takes AUTH PLAIN, and takes nothing else
// before it.
type authSession struct {
	*sinkSession
	users map[string]string
}

func (as *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (as *authSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if p, ok := as.users[user]; !ok || p != password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
		}
		as.authed = true
		return nil
	}), nil
}

func (as *authSession) Mail(from string, opts *smtp.MailOptions) error {
	if !as.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	return as.sinkSession.Mail(from, opts)
}

func (ss *sinkSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *sinkSession) Logout() error { return nil }

func (ss *sinkSession) Mail(from string, opts *smtp.MailOptions) error {
	ss.from = from
	ss.opts = ""
	if opts != nil {
		ss.opts = "RET=" + string(opts.Return) + " ENVID=" + opts.EnvelopeID
	}
	return ss.sink.decide(ss.conn, "MAIL", from)
}

func (ss *sinkSession) Rcpt(to string, opts *smtp.RcptOptions) error {
	if err := ss.sink.decide(ss.conn, "RCPT", to); err != nil {
		return err
	}
	if opts != nil {
		var n []string
		for _, x := range opts.Notify {
			n = append(n, string(x))
		}
		ss.opts += " NOTIFY=" + strings.Join(n, ",") + " ORCPT=" + opts.OriginalRecipient
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	if ss.sink.discard {
		_, err := io.Copy(io.Discard, r)
		ss.sink.n.Add(int64(len(ss.to)))
		return err
	}
	var buf bytes.Buffer
	// Read half the message before a fault can strike, as a connection
	// dropped mid-DATA does.
	if _, err := io.CopyN(&buf, r, 2000); err != nil && err != io.EOF {
		return err
	}
	for _, to := range ss.to {
		if err := ss.sink.decide(ss.conn, "DATA", to); err != nil {
			io.Copy(io.Discard, r)
			return err
		}
	}
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	ss.sink.n.Add(int64(len(ss.to)))
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	for _, to := range ss.to {
		ss.sink.received[to] = append(ss.sink.received[to], buf.Bytes())
		ss.sink.envelope[to] = ss.from + " " + ss.opts
	}
	return nil
}

// ledgerOf reads a SQLite store's ledger: id/channel -> entry.
func ledgerOf(t testing.TB, path string) map[string]store.Entry {
	t.Helper()
	ctx := context.Background()
	s, err := openAny(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]store.Entry{}
	for after, ch := "", ""; ; {
		page, err := s.Ledger(ctx, after, ch, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		for _, n := range page {
			out[n.Entry.ID+"/"+n.Entry.Channel] = n.Entry
		}
		after, ch = page[len(page)-1].Entry.ID, page[len(page)-1].Entry.Channel
	}
}
