package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/examples/sample"
)

// maxInput is the longest membership number or family name, in bytes, that
// the directory normalises. Longer input is not anyone's and is refused
// before any work is done on it. The request body limit already keeps it
// small; this keeps the work per lookup bounded on its own.
const maxInput = 256

// directory finds a passenger by membership number and family name.
//
// Only the pair finds anyone: a number alone or a name alone does not, and
// the caller is told nothing but found or not found. The family name is
// compared as a SHA-256 digest of its normalised form, in constant time, so
// that the comparison takes the same time whatever was typed and however
// long it is; an unknown number is compared against a dummy digest so that
// it costs what a wrong name costs.
type directory struct {
	byMembership map[string]entry
}

type entry struct {
	passenger sample.Passenger
	family    [sha256.Size]byte // of normFamilyName(FamilyName)
}

// dummyFamily is compared against when the number is unknown.
var dummyFamily = sha256.Sum256([]byte("\x00no passenger\x00"))

// newDirectory indexes passengers by their normalised membership number. A
// number that appears twice, or a number or family name that normalises to
// nothing, is an error: either would let a lookup find the wrong person or
// find someone with an empty field.
func newDirectory(passengers []sample.Passenger) (*directory, error) {
	d := &directory{byMembership: make(map[string]entry, len(passengers))}
	var errs []error
	for _, p := range passengers {
		m, f := normMembership(p.Membership), normFamilyName(p.FamilyName)
		switch {
		case m == "":
			errs = append(errs, fmt.Errorf("portal: passenger %s: no membership number", p.ID))
		case f == "":
			errs = append(errs, fmt.Errorf("portal: passenger %s: no family name", p.ID))
		default:
			if other, dup := d.byMembership[m]; dup {
				errs = append(errs, fmt.Errorf("portal: passengers %s and %s share a membership number", other.passenger.ID, p.ID))
				continue
			}
			d.byMembership[m] = entry{passenger: p, family: sha256.Sum256([]byte(f))}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

// find returns the passenger whose membership number and family name are
// those typed, after normalisation. Anything else, of any shape, is simply
// not found.
func (d *directory) find(membership, familyName string) (sample.Passenger, bool) {
	if !usable(membership) || !usable(familyName) {
		return sample.Passenger{}, false
	}
	e, known := d.byMembership[normMembership(membership)]
	want := dummyFamily
	if known {
		want = e.family
	}
	got := sha256.Sum256([]byte(normFamilyName(familyName)))
	if subtle.ConstantTimeCompare(got[:], want[:]) == 1 && known {
		return e.passenger, true
	}
	return sample.Passenger{}, false
}

func usable(s string) bool {
	return s != "" && len(s) <= maxInput && utf8.ValidString(s)
}

// normMembership returns a membership number as it is compared: NFKC (so
// that full-width digits typed with a Japanese or Chinese input method are
// digits), without spaces or hyphens (people copy the number in groups from
// the card).
func normMembership(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// normFamilyName returns a family name as it is compared: NFKC, case-folded
// (Müller, MÜLLER and müller are one name; so are ＹＡＭＡＤＡ and yamada),
// typographic apostrophes read as ' (O’Brien as O'Brien, as phones type it),
// and runs of spaces read as one, trimmed.
func normFamilyName(s string) string {
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
