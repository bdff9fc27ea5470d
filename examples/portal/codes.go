package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// codeIssue is all the portal can say of a verification code: that a
// notice carrying it was sent, by which channel and on which day.
type codeIssue struct {
	channel notice.Channel
	sent    locale.Date
}

// codeChecker checks typed verification codes against the ledger of the
// store: the ledger holds the keyed digest of every code issued, never a
// code in clear, so a check is a parse, a digest and one search of one
// index (store.Ledger.CheckCode), which also counts the check. Nothing is
// held in memory per person, and nothing says whose notice a code is.
type codeChecker struct {
	key   []byte
	store store.Store
	// standText is checked in place of a typed code that is not a code,
	// so that a malformed code costs what a well-formed one does: the same
	// parse, digest and search (of a digest no notice has).
	standText string
}

// malformedText is refused by the parse with an error at its last
// character, as a typo caught by the check character is.
const malformedText = "2222-2222-222!"

// newCodeChecker returns the checker of the codes in the ledger of s,
// issued under key; a ledger whose codes were issued under another key is
// refused, as every genuine code would be answered "not sent".
func newCodeChecker(ctx context.Context, s store.Store, key []byte) (*codeChecker, error) {
	if err := s.VerifyCodeKey(ctx, key); err != nil {
		return nil, err
	}
	// The mailer indexes the codes once it has queued them; a ledger
	// still queueing, or a sample's, is indexed here.
	if err := s.IndexCodes(ctx); err != nil {
		return nil, err
	}
	// The stand-in is of no incident and no one: no notice carries it.
	stand, err := notice.DeriveCode(key, "", "no one", notice.ChannelEmail)
	if err != nil {
		return nil, err
	}
	return &codeChecker{key: key, store: s, standText: stand.String()}, nil
}

// check reports whether typed is the code of a notice sent, and counts the
// check at now. A malformed code, one with a typo and one never issued all
// get false after the same work: two parses (one refused, one not), a
// digest, and the same search and count in the store (BenchmarkCodeCheck).
// A check answered but not counted is answered, with the error to log.
func (c *codeChecker) check(ctx context.Context, typed string, now time.Time) (codeIssue, bool, error) {
	code, perr := notice.ParseVerificationCode(typed)
	if perr != nil {
		code, _ = notice.ParseVerificationCode(c.standText)
	} else {
		notice.ParseVerificationCode(malformedText)
	}
	issue, issued, err := c.store.CheckCode(ctx, store.CodeCheck{Digest: code.Digest(c.key), Malformed: perr != nil, At: now})
	if err != nil && !errors.Is(err, store.ErrCheckNotCounted) {
		return codeIssue{}, false, err
	}
	if !issued || issue.Sent.IsZero() {
		return codeIssue{}, false, err
	}
	var ch notice.Channel
	if uerr := ch.UnmarshalText([]byte(issue.Channel)); uerr != nil {
		return codeIssue{}, false, fmt.Errorf("the ledger entry of a checked code: %w", uerr)
	}
	return codeIssue{ch, day(issue.Sent)}, true, err
}

// shownChannel is the channel whose code the portal's own rendering of a
// person's notice carries: the one that reached them, so that the code
// checks. A printed letter first (it follows an email that failed or
// bounced), then an email the relay accepted; before either has gone out,
// the channel they will be told by (the check then says, truthfully, that
// we have not sent it yet).
func shownChannel(ctx context.Context, s store.Store, p *store.Person) (notice.Channel, error) {
	email, letter, err := s.SentAt(ctx, p.ID)
	switch {
	case err != nil:
		return 0, err
	case !letter.IsZero():
		return notice.ChannelLetter, nil
	case !email.IsZero():
		return notice.ChannelEmail, nil
	}
	return channelOf(p), nil
}

// channelOf is the channel of a person's notice: email when the store has
// their address, else a letter.
func channelOf(p *store.Person) notice.Channel {
	if p.Email != "" {
		return notice.ChannelEmail
	}
	return notice.ChannelLetter
}

func day(t time.Time) locale.Date {
	t = t.UTC()
	return locale.Day(t.Year(), t.Month(), t.Day())
}

// issueSampleNotices records in the ledger of s, as a mailer's send would,
// that every affected person was sent their notice on the day sent (an
// email to those with an address, else a letter, recorded as printed),
// with its code issued
// under key: the samples' store, made at start, has no ledger of its own.
func issueSampleNotices(ctx context.Context, s store.Store, sent locale.Date, key []byte) error {
	if sent.Day == 0 {
		return fmt.Errorf("the first day of notices, %v, is not a day: a code's answer names one", sent)
	}
	at := time.Date(sent.Year, sent.Month, sent.Day, 0, 0, 0, 0, time.UTC)
	if _, err := s.IssueCodes(ctx, key); err != nil {
		return err
	}
	after := ""
	for {
		people, err := s.Page(ctx, after, 1000)
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return nil
		}
		after = people[len(people)-1].ID
		var entries []store.Entry
		var outcomes []store.Outcome
		var printed []store.Printed
		for i := range people {
			p := &people[i]
			if p.Exposed.IsEmpty() {
				continue // told nothing: no notice
			}
			if channelOf(p) == notice.ChannelLetter {
				entries = append(entries, store.Entry{ID: p.ID, Channel: store.ChannelLetter, Status: store.StatusLetter, Reply: "no email address", QueuedAt: at})
				printed = append(printed, store.Printed{ID: p.ID, Batch: "sample-not-printed.pdf", Pages: "1", At: at})
				continue
			}
			entries = append(entries, store.Entry{ID: p.ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: at})
			outcomes = append(outcomes, store.Outcome{ID: p.ID, Status: store.StatusSent, Reply: "sample: not sent anywhere", At: at})
		}
		if _, err := s.Queue(ctx, entries); err != nil {
			return err
		}
		if err := s.Record(ctx, outcomes); err != nil {
			return err
		}
		if err := s.RecordPrinted(ctx, printed); err != nil {
			return err
		}
	}
}
