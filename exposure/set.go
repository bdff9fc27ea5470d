package exposure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"math/bits"
	"strconv"
	"strings"
)

// Set is a set of categories: a small, immutable, comparable value (one
// uint64, so at most [MaxCategories] categories). The zero value is the empty
// set. Methods that change a set return a new one.
//
// A Set can hold only valid categories; [Set.All] yields them in canonical
// order (the order of the constants), which is also the order of its text and
// JSON forms.
type Set struct {
	bits uint64 // bit c-1 is set when category c is in the set
}

const allBits = 1<<NumCategories - 1

// Of returns the set of the given categories. It panics if one is not a valid
// category: sets are built from constants in code, and untrusted input goes
// through [ParseSet] or JSON, which return errors instead.
func Of(categories ...Category) Set {
	var s Set
	for _, c := range categories {
		s = s.With(c)
	}
	return s
}

// AllCategories returns the set of every category.
func AllCategories() Set { return Set{bits: allBits} }

func bit(c Category) uint64 {
	if !c.Valid() {
		panic(fmt.Sprintf("exposure: invalid category %v", c))
	}
	return 1 << (c - 1)
}

// With returns s with c added. It panics if c is not a valid category.
func (s Set) With(c Category) Set { return Set{bits: s.bits | bit(c)} }

// Has reports whether c is in s. It is false for an invalid category.
func (s Set) Has(c Category) bool { return c.Valid() && s.bits&(1<<(c-1)) != 0 }

// Union returns the categories in s or in o.
func (s Set) Union(o Set) Set { return Set{bits: s.bits | o.bits} }

// Intersect returns the categories in both s and o.
func (s Set) Intersect(o Set) Set { return Set{bits: s.bits & o.bits} }

// Difference returns the categories in s that are not in o.
func (s Set) Difference(o Set) Set { return Set{bits: s.bits &^ o.bits} }

// SubsetOf reports whether every category in s is also in o.
func (s Set) SubsetOf(o Set) bool { return s.bits&^o.bits == 0 }

// IsEmpty reports whether s has no categories.
func (s Set) IsEmpty() bool { return s.bits == 0 }

// Len returns the number of categories in s.
func (s Set) Len() int { return bits.OnesCount64(s.bits) }

// All yields the categories of s in canonical order.
func (s Set) All() iter.Seq[Category] {
	return func(yield func(Category) bool) {
		for rest := s.bits; rest != 0; rest &= rest - 1 {
			if !yield(Category(bits.TrailingZeros64(rest) + 1)) {
				return
			}
		}
	}
}

// String returns the wire names of s's categories in canonical order,
// separated by commas ("name,email"); the empty set is "". [ParseSet] reads it back.
func (s Set) String() string {
	b, _ := s.AppendText(nil)
	return string(b)
}

// AppendText implements [encoding.TextAppender] with the form of [Set.String].
func (s Set) AppendText(b []byte) ([]byte, error) {
	first := true
	for c := range s.All() {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, categoryRows[c].name...)
	}
	return b, nil
}

// MarshalText implements [encoding.TextMarshaler] with the form of [Set.String].
func (s Set) MarshalText() ([]byte, error) { return s.AppendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseSet], so a Set
// can be a command-line flag ([flag.TextVar]).
func (s *Set) UnmarshalText(text []byte) error {
	parsed, err := ParseSet(string(text))
	if err != nil {
		return err
	}
	*s = parsed
	return nil
}

// ParseSet parses comma-separated wire names, such as "name,email". The empty
// string is the empty set. Names may come in any order and may repeat; each
// must be exactly a wire name (no spaces, no case folding). Every unknown or
// empty name is reported, by its position, in one error wrapping
// [ErrUnknownCategory]: a category silently dropped would be a notice that
// under-informs the person it is written for.
func ParseSet(s string) (Set, error) {
	var set Set
	if s == "" {
		return set, nil
	}
	var unknown []string
	i := 0
	for name := range strings.SplitSeq(s, ",") {
		i++
		if c, ok := lookupCategory(name); ok {
			set = set.With(c)
			continue
		}
		unknown = append(unknown, fmt.Sprintf("%q (item %d)", name, i))
	}
	if unknown != nil {
		return Set{}, fmt.Errorf("%w: %s in %q", ErrUnknownCategory, strings.Join(unknown, ", "), s)
	}
	return set, nil
}

// MarshalJSON encodes s as an array of wire names in canonical order. The
// empty set is [], never null.
func (s Set) MarshalJSON() ([]byte, error) { return s.appendJSON(nil), nil }

func (s Set) appendJSON(b []byte) []byte {
	b = append(b, '[')
	first := true
	for c := range s.All() {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, categoryRows[c].name...) // wire names need no escaping
		b = append(b, '"')
	}
	return append(b, ']')
}

// UnmarshalJSON decodes an array of wire names in any order; repeats are
// harmless. Unknown names are an error that names every one of them (wrapping
// [ErrUnknownCategory]); nothing is dropped. JSON null leaves s unchanged, as
// encoding/json does for other types.
func (s *Set) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	// Mailers decode millions of sets: read the plain form, an array of
	// strings without escapes, without allocating; anything else goes
	// through encoding/json, which defines the result.
	if set, ok := parsePlainJSONArray(data); ok {
		*s = set
		return nil
	}
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return fmt.Errorf("exposure: a category set must be a JSON array of category names: %w", err)
	}
	var set Set
	var unknown []string
	for i, name := range names {
		if c, ok := lookupCategory(name); ok {
			set = set.With(c)
			continue
		}
		unknown = append(unknown, strconv.Quote(name)+" (index "+strconv.Itoa(i)+")")
	}
	if unknown != nil {
		return fmt.Errorf("%w: %s", ErrUnknownCategory, strings.Join(unknown, ", "))
	}
	*s = set
	return nil
}

// parsePlainJSONArray parses data when it is an array of known wire names
// written without escapes, such as ["name","email"]. ok is false for
// anything else (including unknown names), which the caller then decodes
// in full to report exactly what is wrong.
func parsePlainJSONArray(data []byte) (set Set, ok bool) {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '[' {
		return Set{}, false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return Set{}, skipSpace(data, i+1) == len(data)
	}
	for {
		if i == len(data) || data[i] != '"' {
			return Set{}, false
		}
		end := bytes.IndexByte(data[i+1:], '"')
		if end < 0 {
			return Set{}, false
		}
		name := data[i+1 : i+1+end]
		if bytes.IndexByte(name, '\\') >= 0 {
			return Set{}, false
		}
		c, known := categoryByName[string(name)] // no allocation: the conversion is only a map key
		if !known {
			return Set{}, false
		}
		set = set.With(c)
		i = skipSpace(data, i+2+end)
		if i == len(data) {
			return Set{}, false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case ']':
			return set, skipSpace(data, i+1) == len(data)
		default:
			return Set{}, false
		}
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}
