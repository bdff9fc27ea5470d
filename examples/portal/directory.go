package main

import (
	"context"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
)

// maxInput is the longest membership number or family name, in bytes, that
// the directory normalises. Longer input is not anyone's and is refused
// before any work is done on it. The request body limit already keeps it
// small; this keeps the work per lookup bounded on its own.
const maxInput = 256

// directory finds a person of the store by membership number and family
// name.
//
// Only the pair finds anyone: a number alone or a name alone does not, and
// the caller is told nothing but found or not found. The store keeps family
// names only as keyed digests; the name typed is digested the same way, and
// the store looks the pair up in one index. A wrong family name for a real
// number and an unknown number are then the same work, one search that
// misses, so the time of the answer does not tell whether a number belongs
// to someone (BenchmarkLookupLoad measures both).
type directory struct {
	store store.Store
	key   []byte
}

func newDirectory(s store.Store) *directory {
	return &directory{store: s, key: s.LookupKey()}
}

// find returns the person whose membership number and family name are
// those typed, after normalisation. Anything else, of any shape, is simply
// not found. The error is the store's.
func (d *directory) find(ctx context.Context, membership, familyName string) (store.Person, bool, error) {
	if !usable(membership) || !usable(familyName) {
		return store.Person{}, false, nil
	}
	return d.store.Find(ctx, store.NormMembership(membership), store.FamilyDigest(d.key, familyName))
}

func usable(s string) bool {
	return s != "" && len(s) <= maxInput && utf8.ValidString(s)
}

// importSample puts the embedded sample passengers into s, for a portal
// started without a store of its own. A line that cannot be read, or a
// person the store refuses, keeps the portal from starting: they would be
// told they are not found.
func importSample(ctx context.Context, s store.Store, policy *exposure.Policy) error {
	passengers, err := readPassengers(sample.PassengerFile())
	if err != nil {
		return err
	}
	key := s.LookupKey()
	people := make([]store.Person, len(passengers))
	for i, p := range passengers {
		people[i] = store.NewPerson(&p, i+1, policy, key, p.NoticeLanguage(false))
	}
	results, err := s.Put(ctx, people)
	if err != nil {
		return err
	}
	return errors.Join(results...)
}

// readPassengers reads every passenger of r. Unlike a mailer, which can skip
// a bad line and report it, the portal refuses to start: a passenger it
// cannot read is one who would be told they are not found.
func readPassengers(r io.Reader) ([]sample.Passenger, error) {
	dec := sample.NewPassengerDecoder(r)
	var ps []sample.Passenger
	var errs []error
	for {
		p, _, err := dec.Next()
		if err == io.EOF {
			break
		}
		var lineErr *sample.LineError
		if errors.As(err, &lineErr) {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ps, nil
}
