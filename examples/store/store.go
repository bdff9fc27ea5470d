// Package store keeps the people of one incident after import: who they
// are, what was exposed for them, how serious that is, which language
// their notice is written in, and what the portal needs to find them. The
// mailer imports a passenger file into it once and works from it; the
// portal answers lookups from it. The store is SQLite by default (one
// file, pure Go) or PostgreSQL, behind the one interface [Store].
//
// A store belongs to one incident: it records the incident's id and what
// the people were assessed with, and refuses to open for another. Ids are
// unique without regard to letter case (on macOS and Windows two files
// whose names differ only in case are one file), and so are pairs of
// membership number and family name, so that a lookup finds at most one
// person.
//
// The portal finds a person by membership number and family name. The
// store keeps the family name only as a keyed digest (HMAC-SHA-256 of its
// normalised form, with a key made when the store is created), so that a
// copy of the people table does not list family names beside membership
// numbers; the full name stays, because the notice greets the person by it.
package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
)

// SchemaVersion is the layout of the tables this package reads and writes.
// A store of another version is refused rather than misread. Version 2
// added the ledger; version 3 the digests of the verification codes
// (ledger.code_digest), the counts of their checks (code_checks,
// code_checks_unknown), the ledger's letter_batch and letter_pages (where
// a printed letter is) and message_date (the Date of the message handed
// to the relay).
const SchemaVersion = "3"

// Errors of Open and Put; test with errors.Is.
var (
	ErrOtherIncident = errors.New("store: the store belongs to another incident")
	ErrSchema        = errors.New("store: the store has another schema version")
	ErrDuplicateID   = errors.New("repeated id (ids are compared without regard to letter case)")
	ErrDuplicateCard = errors.New("repeated membership number and family name")
	// ErrAlreadyImported: the same id from the same line is in the store,
	// because an earlier run of the same import put it there. Not a
	// problem: a rerun after a crash adds only what is missing.
	ErrAlreadyImported = errors.New("store: already imported from this line")
)

// Binding says which incident a store is for: its id, and a fingerprint of
// what people were assessed with (the categories the incident exposed and
// its circumstances), so that a store is not used with an incident file
// that would assess its people differently.
type Binding struct {
	Incident string
	Scoring  string
}

// Person is one person of the incident as the store keeps them.
type Person struct {
	ID           string
	Line         int64 // the line of the passenger file they came from
	Name         string
	Email        string
	Language     string // the notice's language, negotiated at import: "zh-Hant-HK"
	Exposed      exposure.Set
	Tier         exposure.Tier
	Jurisdiction string   // "HK", "US-CA"; "" when not known
	AddressLines []string // for letters; none when not known
	Country      string   // of the address
	Membership   string   // normalised (NormMembership); "" when none
	Family       []byte   // FamilyDigest of the family name; nil when none
}

// Refusal is a line of the passenger file that did not become a person.
type Refusal struct {
	Line   int64
	ID     string // when the line had one
	Reason string
}

// Counts are how many people and refused lines a store holds.
type Counts struct {
	People   int64 // every person imported, affected or not
	Affected int64 // those with something exposed, who are owed a notice
	Refused  int64
}

// Store is where the people of one incident are kept. Its methods are safe
// for concurrent use.
type Store interface {
	// Binding is the incident the store belongs to.
	Binding() Binding
	// LookupKey is the key of the family-name digests.
	LookupKey() []byte
	// Put adds people in one transaction. A person whose id (in any letter
	// case), or whose membership number and family name together are, is
	// not added; the result has, for each person, nil or an error wrapping ErrDuplicateID
	// or ErrDuplicateCard that names the id already there, or
	// ErrAlreadyImported when the same id from the same line is there.
	Put(ctx context.Context, people []Person) ([]error, error)
	// Refuse records lines that did not become people, so that every line
	// of the input is accounted for.
	Refuse(ctx context.Context, refusals []Refusal) error
	// Page returns up to n people in id order, after the id given ("" for
	// the first page); fewer than n at the end.
	Page(ctx context.Context, after string, n int) ([]Person, error)
	// Find returns the person with this normalised membership number and
	// family-name digest, if any. It is one search of one index whether
	// the number is unknown or the name wrong, so that the two cost the
	// same and the time of an answer does not tell whether a number
	// belongs to someone.
	Find(ctx context.Context, membership string, family []byte) (Person, bool, error)
	// Counts tells how many people and refusals the store holds.
	Counts(ctx context.Context) (Counts, error)

	Ledger
	// Close releases the store.
	Close() error
}

// Ledger is the record of every notice (see Entry). Its methods are safe
// for concurrent use, and by several processes on one PostgreSQL store.
type Ledger interface {
	// Queue adds entries in one transaction; an entry already there for
	// the person and channel is kept as it is. It returns how many were
	// added.
	Queue(ctx context.Context, entries []Entry) (int64, error)
	// QueuedThrough is the greatest id in the ledger ("" when empty).
	// Queueing goes in id order and commits in order, so every affected
	// person up to it is in the ledger.
	QueuedThrough(ctx context.Context) (string, error)
	// Claim leases up to c.N emails still to be sent (queued, or deferred
	// and due), in id order, to c.Owner for c.Lease; emails leased to
	// another sender are skipped, and taken once the lease has run out.
	Claim(ctx context.Context, c Claim) ([]Notice, error)
	// Release ends the leases of owner ("" for every lease).
	Release(ctx context.Context, owner string) error
	// Record applies the outcomes of attempts in one transaction. An email
	// the ledger records as accepted by the relay is never changed by it;
	// a failed one gets a letter entry.
	Record(ctx context.Context, outcomes []Outcome) error
	// RecordBounces applies delivery status notifications in one
	// transaction and says, for each, what it did. A bounced email gets a
	// letter entry.
	RecordBounces(ctx context.Context, bounces []Bounce) ([]BounceResult, error)
	// NextRetry is the earliest time a deferred email tried fewer than
	// maxAttempts times is due; false when no email is left to send.
	NextRetry(ctx context.Context, maxAttempts int) (time.Time, bool, error)
	// Events lists the changes of a person's entries after queueing, in
	// time order.
	Events(ctx context.Context, id string) ([]Event, error)
	// Unsent counts the emails not yet accepted by the relay that a send
	// would try: queued, or deferred at submission.
	Unsent(ctx context.Context) (int64, error)
	// LedgerCounts counts the entries per channel, status, tier and
	// language.
	LedgerCounts(ctx context.Context) ([]LedgerCount, error)
	// Ledger returns up to n entries with their people in (id, channel)
	// order after the entry given ("", "" for the first page).
	Ledger(ctx context.Context, afterID, afterChannel string, n int) ([]Notice, error)
	// SentAt says when a person's notice went out on each channel: the
	// email when the relay accepted it, the letter when it was printed;
	// zero for a channel that has not gone out. One search by the
	// ledger's primary key.
	SentAt(ctx context.Context, id string) (email, letter time.Time, err error)

	// IssueCodes gives the ledger the verification code key, in memory
	// only: from now on every entry it adds (Queue, and the letter that
	// Record and RecordBounces put due) records the keyed digest of its
	// notice's code, derived from the store's incident, the person's id
	// and the channel as the notice's code is ([notice.DeriveCode]). It
	// records the digest of entries added before without one, and returns
	// how many those were. A key other than the one the ledger's codes
	// were first issued under is refused with ErrCodeKey.
	IssueCodes(ctx context.Context, key []byte) (int64, error)
	// IndexCodes makes the index of code digests that CheckCode searches,
	// if it is missing, in one pass over the ledger: Queue does not keep
	// it up while the ledger is first filled (millions of random inserts
	// into an index are slow), Claim makes it before the first email is
	// claimed, and a portal before it serves checks. Once it exists, every
	// entry added goes into it.
	IndexCodes(ctx context.Context) error
	// VerifyCodeKey returns an error wrapping ErrCodeKey when the ledger's
	// codes were issued under another key than key; nil when under key,
	// or when no code was issued yet.
	VerifyCodeKey(ctx context.Context, key []byte) error
	// CheckCode searches the ledger for the code of c.Digest, with one
	// search of one index whatever the code, and counts the check: per
	// code when it is issued, else in the day's count of codes never
	// issued. It reports whether the code is issued (a malformed one never
	// is) and, if so, its channel and when its notice was sent. The check
	// is counted through a writable connection (see
	// SQLiteOptions.RecordChecks); when counting fails the answer is
	// returned with an error wrapping ErrCheckNotCounted.
	CheckCode(ctx context.Context, c CodeCheck) (CodeIssue, bool, error)
	// CheckedCodes calls fn for every issued code checked at least once,
	// most checked first. fn must not use the store.
	CheckedCodes(ctx context.Context, fn func(CheckedCode) error) error
	// UnknownCodeChecks lists per day the checks of codes never issued.
	UnknownCodeChecks(ctx context.Context) ([]UnknownCodeChecks, error)
	// CodeCheckCounts sums the checks counted.
	CodeCheckCounts(ctx context.Context) (CodeCheckCounts, error)
	// Letters returns up to n letter entries in one of the statuses
	// (StatusLetter: due; StatusPrinted: printed), with their people and
	// where they were printed, in id order after the id given.
	Letters(ctx context.Context, after string, n int, statuses ...Status) ([]Letter, error)
	// RecordPrinted records letters as printed, in one transaction, with
	// an event each. Only letter entries change.
	RecordPrinted(ctx context.Context, printed []Printed) error
}

// NormMembership returns a membership number as it is compared: NFKC (so
// that full-width digits typed with a Japanese or Chinese input method are
// digits), without spaces or hyphens (people copy the number in groups from
// the card).
func NormMembership(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// NormFamilyName returns a family name as it is compared: NFKC, case-folded
// (Müller, MÜLLER and müller are one name; so are ＹＡＭＡＤＡ and yamada),
// typographic apostrophes read as ' (O’Brien as O'Brien, as phones type it),
// and runs of spaces read as one, trimmed.
func NormFamilyName(s string) string {
	s = norm.NFKC.String(s)
	s = cases.Fold().String(s) // a Caser is stateful: one per call
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2019', '\u2018', '\u02bc', '\u00b4', '`':
			return '\''
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// FamilyDigest is the keyed digest of a family name as the store keeps it:
// HMAC-SHA-256 of NormFamilyName(name). An empty name has no digest.
func FamilyDigest(key []byte, name string) []byte {
	n := NormFamilyName(name)
	if n == "" {
		return nil
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(n))
	return m.Sum(nil)
}

// ScoringOf is the Binding.Scoring of an incident: what its people are
// assessed with.
func ScoringOf(exposed, notExposed exposure.Set, c exposure.Circumstances) string {
	return fmt.Sprintf("exposed=%v;not_exposed=%v;cb=%d/%d/%d/%t", exposed, notExposed,
		c.Confidentiality, c.Integrity, c.Availability, c.Malicious)
}

// NewPerson is the person the store keeps for a checked passenger line:
// its assessment under the incident's policy, the language their notice is
// written in, and the lookup fields normalised (the family name as its
// digest under key).
func NewPerson(p *sample.Passenger, line int, policy *exposure.Policy, key []byte, lang language.Tag) Person {
	a := policy.Assess(p.Exposed)
	return Person{
		ID: p.ID, Line: int64(line), Name: strings.TrimSpace(p.Name), Email: p.Email, Language: lang.String(),
		Exposed: p.Exposed, Tier: a.Tier(), Jurisdiction: p.Jurisdiction,
		AddressLines: p.Address.Lines, Country: p.Address.Country,
		Membership: NormMembership(p.Membership), Family: FamilyDigest(key, p.FamilyName),
	}
}
