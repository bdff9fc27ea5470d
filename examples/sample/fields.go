package sample

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// MaxIDLen is the longest id a passenger may have.
const MaxIDLen = 64

// CheckID reports whether id is an id the programs can use as a file name
// on every common filesystem: 1 to 64 ASCII letters, digits, '.', '_' and
// '-', starting with a letter or digit, not ending with '.', and not a name
// Windows reserves (CON, NUL, COM1...). Ids are compared exactly; that two
// ids differ only in letter case is caught where they meet (the store),
// since on macOS and Windows one file would replace the other.
func CheckID(id string) error {
	if id == "" || len(id) > MaxIDLen {
		return fmt.Errorf("id %q: want 1 to %d characters", id, MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		letterOrDigit := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !letterOrDigit && (i == 0 || (c != '.' && c != '_' && c != '-')) {
			return fmt.Errorf("id %q: only letters, digits, '.', '_' and '-' may be used, starting with a letter or digit (it names a file)", id)
		}
	}
	if strings.HasSuffix(id, ".") {
		return fmt.Errorf("id %q ends with '.', which Windows drops from file names", id)
	}
	base, _, _ := strings.Cut(strings.ToUpper(id), ".")
	if slices.Contains(reservedNames, base) {
		return fmt.Errorf("id %q is a device name on Windows and cannot name a file", id)
	}
	return nil
}

var reservedNames = []string{"CON", "PRN", "AUX", "NUL",
	"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
	"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"}

// CheckJurisdiction reports whether j names where a person lives as the
// duties of the notification laws need it: a country as ISO 3166-1 alpha-2
// ("HK", "JP", "GB"), or a US state or territory as ISO 3166-2 ("US-CA").
func CheckJurisdiction(j string) error {
	country, sub, hasSub := strings.Cut(j, "-")
	if len(country) != 2 || strings.ToUpper(country) != country {
		return fmt.Errorf("jurisdiction %q: want a country code such as HK or a US state such as US-CA", j)
	}
	r, err := language.ParseRegion(country)
	if err != nil || !r.IsCountry() || r.String() != country {
		return fmt.Errorf("jurisdiction %q: %q is not an ISO 3166-1 country code", j, country)
	}
	if !hasSub {
		return nil
	}
	if country != "US" {
		return fmt.Errorf("jurisdiction %q: subdivisions are known only for the United States (US-CA); give the country alone", j)
	}
	if !slices.Contains(usStates, sub) {
		return fmt.Errorf("jurisdiction %q: %q is not a US state, district or territory code", j, sub)
	}
	return nil
}

// usStates are the ISO 3166-2:US codes: the states, the District of
// Columbia and the outlying areas, which have breach laws of their own.
var usStates = []string{
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
	"KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
	"NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
	"WI", "WY", "DC", "AS", "GU", "MP", "PR", "UM", "VI",
}

// Address is a postal address for a printed letter: the lines as they are
// written on the envelope above the country, and the country (ISO 3166-1
// alpha-2). The zero Address means no address is known.
type Address struct {
	Lines   []string `json:"lines"`
	Country string   `json:"country"`
}

// MaxAddressLines and MaxAddressLineLen bound an address: what fits an
// envelope window.
const (
	MaxAddressLines   = 6
	MaxAddressLineLen = 100
)

// IsZero reports whether no address is known.
func (a Address) IsZero() bool { return len(a.Lines) == 0 && a.Country == "" }

func (a Address) check() error {
	if a.IsZero() {
		return nil
	}
	if len(a.Lines) == 0 || len(a.Lines) > MaxAddressLines {
		return fmt.Errorf("address: want 1 to %d lines, got %d", MaxAddressLines, len(a.Lines))
	}
	for i, l := range a.Lines {
		if strings.TrimSpace(l) == "" || len(l) > MaxAddressLineLen {
			return fmt.Errorf("address: line %d is empty or longer than %d bytes", i+1, MaxAddressLineLen)
		}
		if r, ok := controlIn(l); ok {
			return fmt.Errorf("address: line %d has control character %U", i+1, r)
		}
	}
	if a.Country == "" {
		return errors.New("address: no country")
	}
	if r, err := language.ParseRegion(a.Country); err != nil || !r.IsCountry() || r.String() != a.Country {
		return fmt.Errorf("address: country %q is not an ISO 3166-1 alpha-2 code", a.Country)
	}
	return nil
}
