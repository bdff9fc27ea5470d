package sample

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/strictjson"
)

//go:embed passengers.jsonl
var passengersJSONL []byte

// PassengerFile returns the embedded sample passengers of the seed incident,
// as JSON Lines: about twenty people, in every supported language and one we
// lack, covering every category the seed incident exposed, one of them with
// nothing exposed.
func PassengerFile() io.Reader { return bytes.NewReader(passengersJSONL) }

// MaxLineLen is the longest line a [PassengerDecoder] reads; a longer line
// is reported and skipped.
const MaxLineLen = 64 << 10

// ErrBadLine is wrapped by the error for a line that is not a passenger.
var ErrBadLine = errors.New("sample: bad passenger line")

// LineError is a problem with one line of passengers.
type LineError struct {
	Line int   // from 1
	Err  error // wraps ErrBadLine
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// PassengerDecoder reads passengers from JSON Lines, one object per line:
//
//	{"id":"P000001","membership":"1234567890","name":"Chan Tai Man","family_name":"Chan",
//	 "email":"chan.taiman@example.com","language":"zh-HK","exposed":["name","email"]}
//
// It is strict, because a passenger silently misread is a notice wrongly
// written: field names match exactly (case-sensitive, no Unicode folding),
// a field given twice in any letter case is an error, and so are unknown
// fields (a misspelt "exposed" would otherwise read as nothing exposed), a
// missing id, name or exposed, neither an email nor a postal address, an
// id that is not a safe file name,
// unknown categories, an unknown jurisdiction, an incomplete address and
// control characters in any field. Blank lines are skipped. After a bad
// line the decoder goes on with the next one.
//
// Optional fields: "jurisdiction", where the person lives (ISO 3166-1
// alpha-2 such as "HK", or ISO 3166-2 such as "US-CA"), and "address", a
// postal address for letters: {"lines":["1 Harbour Road","Wan Chai"],"country":"HK"}.
type PassengerDecoder struct {
	r    *bufio.Reader
	line int
}

// NewPassengerDecoder returns a decoder reading from r.
func NewPassengerDecoder(r io.Reader) *PassengerDecoder {
	return &PassengerDecoder{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next passenger and its line number. At the end it
// returns io.EOF. A bad line gives a [*LineError] and the decoder is ready
// for the next line; any other error is the reader's.
func (d *PassengerDecoder) Next() (Passenger, int, error) {
	for {
		line, err := d.readLine()
		if err != nil {
			return Passenger{}, d.line, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		p, err := ParsePassenger(line)
		if err != nil {
			return Passenger{}, d.line, &LineError{Line: d.line, Err: fmt.Errorf("%w: %v", ErrBadLine, err)}
		}
		return p, d.line, nil
	}
}

var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxLineLen)

// readLine returns the next line without its end, or a LineError for a line
// that is too long (skipping the rest of it).
func (d *PassengerDecoder) readLine() ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := d.r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > MaxLineLen+2 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(line) == 0 && !tooLong:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		d.line++
		if tooLong {
			return nil, &LineError{Line: d.line, Err: fmt.Errorf("%w: %v", ErrBadLine, errLineTooLong)}
		}
		return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")), nil
	}
}

// ParsePassenger parses one line of passengers with the rules of
// [PassengerDecoder]. The error says what is wrong, without a line number.
// When the line was a passenger object that failed a check (a missing
// email, a bad id), the passenger read is returned with the error, so that
// a report can name its id; it must not be used otherwise.
func ParsePassenger(line []byte) (Passenger, error) {
	p, ok, err := parsePlain(line)
	if !ok {
		p, err = parseFull(line)
	}
	if err != nil {
		return Passenger{}, err
	}
	return p, checkPassenger(p)
}

// parseFull decodes a line with the strict decoder, which decides what any
// line means; parsePlain only takes the common form faster. Field names
// match exactly: encoding/json would read "Exposed" or "expoſed" as
// "exposed" and let a later one replace the first, and a victim would get
// no notice.
func parseFull(line []byte) (Passenger, error) {
	// Exposed is a pointer so that a missing list shows: a misspelt or
	// forgotten "exposed" must not read as nothing exposed.
	var w struct {
		ID           string        `json:"id"`
		Membership   string        `json:"membership"`
		Name         string        `json:"name"`
		FamilyName   string        `json:"family_name"`
		Email        string        `json:"email"`
		Language     string        `json:"language"`
		Jurisdiction string        `json:"jurisdiction"`
		Address      *Address      `json:"address"`
		Exposed      *exposure.Set `json:"exposed"`
	}
	if err := strictjson.Unmarshal(line, &w); err != nil {
		return Passenger{}, describeProblems(err)
	}
	if w.Exposed == nil {
		return Passenger{}, errors.New(`no "exposed" list (write [] when nothing was exposed)`)
	}
	p := Passenger{ID: w.ID, Membership: w.Membership, Name: w.Name, FamilyName: w.FamilyName,
		Email: w.Email, Language: w.Language, Jurisdiction: w.Jurisdiction, Exposed: *w.Exposed}
	if w.Address != nil {
		p.Address = *w.Address
	}
	return p, nil
}

// describeProblems turns the strict decoder's problems into one error that
// names each field and its column ("column 45: field "Exposed": ...").
func describeProblems(err error) error {
	var parts []string
	for _, e := range strictjson.Errors(err) {
		if e.Path == "$" || e.Path == "?" {
			parts = append(parts, fmt.Sprintf("column %d: %s", e.Pos.Column, e.Msg))
		} else {
			parts = append(parts, fmt.Sprintf("column %d: field %q: %s", e.Pos.Column, strings.TrimPrefix(e.Path, "$."), e.Msg))
		}
	}
	if len(parts) == 0 {
		return err
	}
	return errors.New(strings.Join(parts, "; "))
}

// checkPassenger applies the rules beyond JSON: required fields, a safe id,
// no control characters, a known jurisdiction and a complete address.
func checkPassenger(p Passenger) error {
	for _, f := range []struct{ name, value string }{
		{"id", p.ID}, {"name", p.Name},
	} {
		if strings.TrimSpace(f.value) == "" {
			return fmt.Errorf("no %s", f.name)
		}
	}
	// A person without an email address is told by letter: they need a
	// postal address, or no notice could reach them.
	if strings.TrimSpace(p.Email) == "" && p.Address.IsZero() {
		return errors.New("no email and no postal address: a notice needs one of them")
	}
	if err := CheckID(p.ID); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{
		{"membership", p.Membership}, {"name", p.Name}, {"family_name", p.FamilyName},
		{"email", p.Email}, {"language", p.Language},
	} {
		if r, ok := controlIn(f.value); ok {
			return fmt.Errorf("%s has control character %U", f.name, r)
		}
	}
	if p.Jurisdiction != "" {
		if err := CheckJurisdiction(p.Jurisdiction); err != nil {
			return err
		}
	}
	return p.Address.check()
}

// parsePlain parses the common form of a line without encoding/json: one
// flat object of the known keys, each once, with string values without
// escapes and the exposed list as plain names. ok is false for anything
// else, which parseFull then decodes (FuzzParsePassenger checks the two
// agree).
func parsePlain(line []byte) (p Passenger, ok bool, err error) {
	if !utf8.Valid(line) {
		return Passenger{}, false, nil
	}
	// One string for the whole line; the fields are slices of it, which
	// saves an allocation per field on millions of lines.
	text := string(line)
	i := skipSpace(line, 0)
	if i == len(line) || line[i] != '{' {
		return Passenger{}, false, nil
	}
	var seen [len(passengerKeys)]bool
	var exposedSet bool
	i = skipSpace(line, i+1)
	for i < len(line) && line[i] != '}' {
		key, next, ok := plainString(text, i)
		if !ok {
			return Passenger{}, false, nil
		}
		i = skipSpace(line, next)
		if i == len(line) || line[i] != ':' {
			return Passenger{}, false, nil
		}
		i = skipSpace(line, i+1)
		field := slices.Index(passengerKeys[:], key)
		if field < 0 || seen[field] {
			return Passenger{}, false, nil
		}
		seen[field] = true
		if key == "exposed" {
			end := bytes.IndexByte(line[i:], ']')
			if end < 0 || line[i] != '[' {
				return Passenger{}, false, nil
			}
			if p.Exposed.UnmarshalJSON(line[i:i+end+1]) != nil {
				return Passenger{}, false, nil
			}
			exposedSet = true
			i += end + 1
		} else {
			value, next, ok := plainString(text, i)
			if !ok {
				return Passenger{}, false, nil
			}
			*p.field(key) = value
			i = next
		}
		i = skipSpace(line, i)
		if i < len(line) && line[i] == ',' {
			i = skipSpace(line, i+1)
			if i < len(line) && line[i] == '}' {
				return Passenger{}, false, nil // a trailing comma is not JSON
			}
		} else if i < len(line) && line[i] != '}' {
			return Passenger{}, false, nil
		}
	}
	if i == len(line) || skipSpace(line, i+1) != len(line) || !exposedSet {
		return Passenger{}, false, nil
	}
	return p, true, nil
}

// passengerKeys are the fields the fast path reads; "address", an object,
// always takes the full path.
var passengerKeys = [...]string{"id", "membership", "name", "family_name", "email", "language", "jurisdiction", "exposed"}

func (p *Passenger) field(key string) *string {
	switch key {
	case "id":
		return &p.ID
	case "membership":
		return &p.Membership
	case "name":
		return &p.Name
	case "family_name":
		return &p.FamilyName
	case "email":
		return &p.Email
	case "jurisdiction":
		return &p.Jurisdiction
	}
	return &p.Language
}

// plainString reads a JSON string without escapes or control characters
// starting at line[i].
func plainString(line string, i int) (s string, next int, ok bool) {
	if i >= len(line) || line[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(line); j++ {
		switch b := line[j]; {
		case b == '"':
			return line[i+1 : j], j + 1, true
		case b == '\\' || b < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}

func skipSpace(line []byte, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r') {
		i++
	}
	return i
}

// controlIn returns the first character of s that no field may hold.
func controlIn(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == 0x7f {
			return rune(b), true
		} else if b >= utf8.RuneSelf {
			// Only text beyond ASCII needs the Unicode tables.
			for _, r := range s[i:] {
				if isControl(r) {
					return r, true
				}
			}
			return 0, false
		}
	}
	return 0, false
}

// isControl reports characters no field may hold: they would break a mail
// header or a line of text (CR, LF, other C0 and C1 controls, line and
// paragraph separators) or turn text around (bidirectional controls).
func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError
}
