package main

import (
	"context"
	"encoding/binary"
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

// codeBook knows the keyed digests of the codes of the notices sent, and
// what was sent, never to whom: a code cannot be turned back into its
// person, and the book holds no codes in clear.
type codeBook struct {
	key []byte
	// issued maps the first 8 bytes of a code's digest to its day and
	// channel, packed: about 40 bytes a code, where codeIssue values keyed
	// by whole digests took 133. Among 18.8 million codes (9.4 million
	// people, email and letter) two prefixes coincide with probability
	// about 1e-5, and a guessed code hits one with about 1e-12.
	issued map[uint64]uint32
	// stand is checked in place of a typed code that is not a code, so
	// that a malformed code costs what a well-formed one does.
	stand     notice.VerificationCode
	standText string
}

// malformedText is refused by the parse with an error at its last
// character, as a typo caught by the check character is.
const malformedText = "2222-2222-222!"

func newCodeBook(key []byte) (*codeBook, error) {
	stand, err := notice.DeriveCode(key, "", "no one", notice.ChannelEmail)
	if err != nil {
		return nil, err
	}
	return &codeBook{key: key, issued: make(map[uint64]uint32), stand: stand, standText: stand.String()}, nil
}

// add records that the notice of incident for person went out by channel
// on the day sent.
func (b *codeBook) add(incident, person string, channel notice.Channel, sent locale.Date) error {
	c, err := notice.DeriveCode(b.key, incident, person, channel)
	if err != nil {
		return err
	}
	b.issued[prefix(c.Digest(b.key))] = pack(channel, sent)
	return nil
}

func prefix(d [16]byte) uint64 { return binary.BigEndian.Uint64(d[:8]) }

// pack holds a day (days since 1970) and a channel in 32 bits; a date
// known only to the month (a sample's first day of notices may be) keeps
// that precision.
func pack(channel notice.Channel, sent locale.Date) uint32 {
	monthOnly := uint32(0)
	day := sent.Day
	if day == 0 {
		monthOnly, day = 1, 1
	}
	days := time.Date(sent.Year, sent.Month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return uint32(days)<<3 | monthOnly<<2 | uint32(channel)
}

func unpack(v uint32) codeIssue {
	t := time.Unix(int64(v>>3)*86400, 0).UTC()
	if v&4 != 0 {
		return codeIssue{notice.Channel(v & 3), locale.Month(t.Year(), t.Month(), locale.PeriodNone)}
	}
	return codeIssue{notice.Channel(v & 3), locale.Day(t.Year(), t.Month(), t.Day())}
}

// check reports whether typed is the code of a notice sent. A malformed
// code, one with a typo and one never issued all get false after the same
// work: two parses, a digest and a map lookup (BenchmarkCodeCheck).
func (b *codeBook) check(typed string) (codeIssue, bool) {
	c, err := notice.ParseVerificationCode(typed)
	// A code that parses pays for a refused parse, and one refused pays for
	// a parse that succeeds: every check does one of each.
	if err != nil {
		c, _ = notice.ParseVerificationCode(b.standText)
	} else {
		notice.ParseVerificationCode(malformedText)
	}
	v, ok := b.issued[prefix(c.Digest(b.key))]
	if !ok || err != nil {
		return codeIssue{}, false
	}
	return unpack(v), true
}

// channelOf is the channel of a person's notice: email when the store has
// their address, else a letter.
func channelOf(p *store.Person) notice.Channel {
	if p.Email != "" {
		return notice.ChannelEmail
	}
	return notice.ChannelLetter
}

// codeBookFromLedger reads the ledger of s: every notice sent (an email
// the relay accepted, on that day; a letter, on the day it was put due for
// printing, as the ledger records no later day for it).
func codeBookFromLedger(ctx context.Context, s store.Store, incident string, key []byte) (*codeBook, error) {
	b, err := newCodeBook(key)
	if err != nil {
		return nil, err
	}
	afterID, afterChannel := "", ""
	for {
		page, err := s.Ledger(ctx, afterID, afterChannel, 1000)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return b, nil
		}
		for _, n := range page {
			e := &n.Entry
			var ch notice.Channel
			if err := ch.UnmarshalText([]byte(e.Channel)); err != nil {
				return nil, fmt.Errorf("ledger entry of %s: %w", e.ID, err)
			}
			at := e.SentAt
			if at.IsZero() && ch == notice.ChannelLetter && e.Status == store.StatusLetter {
				at = e.UpdatedAt
			}
			if !at.IsZero() {
				if err := b.add(incident, e.ID, ch, day(at)); err != nil {
					return nil, err
				}
			}
		}
		last := page[len(page)-1].Entry
		afterID, afterChannel = last.ID, last.Channel
	}
}

func day(t time.Time) locale.Date {
	t = t.UTC()
	return locale.Day(t.Year(), t.Month(), t.Day())
}

// codeBookFromPeople takes every affected person of s as sent a notice on
// the day sent: the samples', whose store has no ledger.
func codeBookFromPeople(ctx context.Context, s store.Store, incident string, sent locale.Date, key []byte) (*codeBook, error) {
	b, err := newCodeBook(key)
	if err != nil {
		return nil, err
	}
	after := ""
	for {
		people, err := s.Page(ctx, after, 1000)
		if err != nil {
			return nil, err
		}
		if len(people) == 0 {
			return b, nil
		}
		for i := range people {
			if people[i].Exposed.IsEmpty() {
				continue // told nothing: no notice
			}
			if err := b.add(incident, people[i].ID, channelOf(&people[i]), sent); err != nil {
				return nil, err
			}
		}
		after = people[len(people)-1].ID
	}
}
