package sample

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
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
// written: unknown fields are errors (a misspelt "exposed" would otherwise
// read as nothing exposed), as are a missing id, name, email or exposed,
// unknown categories, and control characters in any field. Blank lines are
// skipped. After a bad line the decoder goes on with the next one.
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
		p, err := parsePassenger(line)
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

func parsePassenger(line []byte) (Passenger, error) {
	var w struct {
		Passenger
		Exposed *json.RawMessage `json:"exposed"`
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return Passenger{}, fmt.Errorf("not a passenger object: %v", err)
	}
	if dec.More() {
		return Passenger{}, errors.New("more than one JSON value on the line")
	}
	p := w.Passenger
	if w.Exposed == nil {
		return Passenger{}, errors.New(`no "exposed" list (write [] when nothing was exposed)`)
	}
	if err := p.Exposed.UnmarshalJSON(*w.Exposed); err != nil {
		return Passenger{}, err
	}
	for _, f := range []struct{ name, value string }{
		{"id", p.ID}, {"name", p.Name}, {"email", p.Email},
	} {
		if strings.TrimSpace(f.value) == "" {
			return Passenger{}, fmt.Errorf("no %s", f.name)
		}
	}
	for _, f := range []struct{ name, value string }{
		{"id", p.ID}, {"membership", p.Membership}, {"name", p.Name}, {"family_name", p.FamilyName},
		{"email", p.Email}, {"language", p.Language},
	} {
		if i := strings.IndexFunc(f.value, isControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(f.value[i:])
			return Passenger{}, fmt.Errorf("%s has control character %U", f.name, r)
		}
	}
	return p, nil
}

// isControl reports characters no field may hold: they would break a mail
// header or a line of text (CR, LF, other C0 and C1 controls, line and
// paragraph separators) or turn text around (bidirectional controls).
func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError
}
