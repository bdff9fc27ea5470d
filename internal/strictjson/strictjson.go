// Package strictjson decodes untrusted JSON into Go values by the rule
// "accepted input means exactly one value per known field".
//
// encoding/json is lenient in ways that can silently drop a breach victim's
// notice: it matches field names case-insensitively and with Unicode case
// folding (so "Exposed", "EXPOSED" and "expoſed" all fill the field
// "exposed"), it lets a later value of a repeated name replace an earlier
// one, it turns null into "leave the field as it was", and it replaces
// invalid UTF-8 with U+FFFD. A line such as
//
//	{"id":"P1","exposed":["name","passport_number"],"Exposed":[]}
//
// would read as nothing exposed. This package refuses all of that. Field
// names match their json tags byte for byte; a name given twice is an error
// whatever its case; unknown names are errors (with a hint when only the
// case differs); null is accepted only for pointers, slices and maps; the
// input must be valid UTF-8 and exactly one JSON value.
//
// Every problem is an [*Error] with the JSON path and the line and column of
// the value it concerns, and Unmarshal reports every problem it can find
// rather than only the first. Types that implement [json.Unmarshaler] decode
// their own values (after the same repeated-name check), and their errors
// are reported at their path too.
//
// Supported targets: structs (exported fields with or without json tags;
// "-" skips a field; embedded structs are not supported), pointers, slices,
// maps with string keys, strings, bools, integers, floats, and
// json.Unmarshaler and encoding.TextUnmarshaler implementations.
package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every [*Error].
var ErrInvalid = errors.New("strictjson: invalid input")

// Pos is a place in the input: a byte offset, and the line and column (in
// characters) counted from 1.
type Pos struct {
	Offset       int
	Line, Column int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Error is one problem with the input: where it is and what is wrong.
type Error struct {
	Path string // the JSON path of the value: "$", "$.contact.email", "$.exposed[2]"
	Pos  Pos    // where that value (or, for a bad name, the name) starts
	Msg  string
	Err  error // the cause, when a type's own decoder gave one
}

func (e *Error) Error() string { return fmt.Sprintf("%v: %s: %s", e.Pos, e.Path, e.Msg) }

// Unwrap returns ErrInvalid and the cause, so that errors.Is finds either.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// Unmarshal decodes data, which must hold exactly one JSON value, into v,
// which must be a non-nil pointer. It returns nil or the problems joined
// (each an [*Error]; see [Errors]). On error v may be partly filled and must
// not be used.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("strictjson: Unmarshal needs a non-nil pointer, not %T", v)
	}
	d := &decoder{data: data}
	if i := invalidUTF8(data); i >= 0 {
		d.fail("$", i, nil, "the input is not valid UTF-8 (byte %#x)", data[i])
		return d.err()
	}
	d.dec = json.NewDecoder(bytes.NewReader(data))
	d.dec.UseNumber()
	if err := d.value(rv.Elem(), "$"); err != nil {
		return d.syntax(err)
	}
	if off := skipSpace(data, int(d.dec.InputOffset())); off < len(data) {
		d.fail("$", off, nil, "more than one JSON value")
	}
	return d.err()
}

// Errors returns the [*Error]s in err, in the order found.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

// decoder walks the input token by token, guided by the target's type.
type decoder struct {
	data     []byte
	dec      *json.Decoder
	problems []error
}

func (d *decoder) fail(path string, off int, cause error, format string, args ...any) {
	d.problems = append(d.problems, &Error{Path: path, Pos: PosAt(d.data, off), Msg: fmt.Sprintf(format, args...), Err: cause})
}

func (d *decoder) err() error { return errors.Join(d.problems...) }

// syntax turns a syntax error of encoding/json into an Error at its place,
// after the problems found before it.
func (d *decoder) syntax(err error) error {
	off := int(d.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the input ends in the middle of a value"
		if len(bytes.TrimSpace(d.data)) == 0 {
			msg = "the input is empty"
		}
		off = len(d.data)
	}
	d.problems = append(d.problems, &Error{Path: "?", Pos: PosAt(d.data, off), Msg: "not JSON: " + msg})
	return d.err()
}

// start returns the offset where the next token begins.
func (d *decoder) start() int { return tokenStart(d.data, int(d.dec.InputOffset())) }

// tokenStart skips the space and separators that encoding/json's
// InputOffset leaves before the next token.
func tokenStart(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value decodes the next value into v. A returned error is a syntax error,
// which ends decoding; problems with the content are recorded and the value
// skipped, so that decoding goes on and finds the rest.
func (d *decoder) value(v reflect.Value, path string) error {
	off := d.start()
	if bytes.HasPrefix(d.data[off:], []byte("null")) {
		if _, err := d.dec.Token(); err != nil {
			return err
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			v.SetZero()
		default:
			d.fail(path, off, nil, "null is not allowed here (want %s)", describeType(v.Type()))
		}
		return nil
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(v.Elem(), path)
	}
	if v.Addr().Type().Implements(unmarshalerType) {
		return d.custom(v, path, off)
	}
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	return d.token(tok, v, path, off)
}

func (d *decoder) token(tok json.Token, v reflect.Value, path string, off int) error {
	switch tok := tok.(type) {
	case json.Delim:
		switch {
		case tok == '{' && v.Kind() == reflect.Struct:
			return d.object(v, path)
		case tok == '{' && v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
			return d.mapObject(v, path)
		case tok == '[' && v.Kind() == reflect.Slice:
			return d.array(v, path)
		}
		d.fail(path, off, nil, "want %s, not %s", describeType(v.Type()), describeDelim(tok))
		return d.skipRest(tok)
	case string:
		if v.Addr().Type().Implements(textUnmarshalerType) {
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(tok)); err != nil {
				d.fail(path, off, err, "%v", err)
			}
			return nil
		}
		if v.Kind() == reflect.String {
			v.SetString(tok)
			return nil
		}
	case bool:
		if v.Kind() == reflect.Bool {
			v.SetBool(tok)
			return nil
		}
	case json.Number:
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n, err := strconv.ParseInt(string(tok), 10, v.Type().Bits())
			if err != nil {
				d.fail(path, off, nil, "%s is not a whole number that fits %s", tok, v.Type())
				return nil
			}
			v.SetInt(n)
			return nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			n, err := strconv.ParseUint(string(tok), 10, v.Type().Bits())
			if err != nil {
				d.fail(path, off, nil, "%s is not a whole number that fits %s", tok, v.Type())
				return nil
			}
			v.SetUint(n)
			return nil
		case reflect.Float32, reflect.Float64:
			f, err := strconv.ParseFloat(string(tok), v.Type().Bits())
			if err != nil {
				d.fail(path, off, nil, "%s is not a number that fits %s", tok, v.Type())
				return nil
			}
			v.SetFloat(f)
			return nil
		}
	}
	d.fail(path, off, nil, "want %s, not %s", describeType(v.Type()), describeToken(tok))
	return nil
}

// object decodes the members of an object into the struct v; the opening
// brace is read.
func (d *decoder) object(v reflect.Value, path string) error {
	fields := fieldsOf(v.Type())
	seen := make(map[string]int, len(fields.byName)) // folded name -> offset of its first use
	for d.dec.More() {
		off := d.start()
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		name := tok.(string) // encoding/json only gives strings here
		child := path + "." + name
		folded := fold(name)
		if first, dup := seen[folded]; dup {
			d.fail(child, off, nil, "a field given twice (first at %v): each field may appear once, in any letter case", PosAt(d.data, first))
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		seen[folded] = off
		index, known := fields.byName[name]
		if !known {
			if want, ok := fields.byFold[folded]; ok {
				d.fail(child, off, nil, "unknown field %q: field names are case-sensitive; did you mean %q?", name, want)
			} else {
				d.fail(child, off, nil, "unknown field %q (known: %s)", name, strings.Join(fields.names, ", "))
			}
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		if err := d.value(v.Field(index), child); err != nil {
			return err
		}
	}
	_, err := d.dec.Token() // '}'
	return err
}

// mapObject decodes an object into a map with string keys.
func (d *decoder) mapObject(v reflect.Value, path string) error {
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := map[string]int{}
	for d.dec.More() {
		off := d.start()
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string)
		child := path + "." + key
		if first, dup := seen[fold(key)]; dup {
			d.fail(child, off, nil, "a key given twice (first at %v), in any letter case", PosAt(d.data, first))
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		seen[fold(key)] = off
		elem := reflect.New(v.Type().Elem()).Elem()
		if err := d.value(elem, child); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), elem)
	}
	_, err := d.dec.Token()
	return err
}

func (d *decoder) array(v reflect.Value, path string) error {
	v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	for i := 0; d.dec.More(); i++ {
		elem := reflect.New(v.Type().Elem()).Elem()
		if err := d.value(elem, path+"["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
		v.Set(reflect.Append(v, elem))
	}
	_, err := d.dec.Token()
	return err
}

// custom hands a value to the type's own UnmarshalJSON, after checking that
// no object inside it repeats a name (which the type's decoder, likely
// encoding/json, would let through).
func (d *decoder) custom(v reflect.Value, path string, off int) error {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return err
	}
	if name, at, dup := repeatedName(raw); dup {
		d.fail(path, off+at, nil, "%q given twice, in any letter case", name)
		return nil
	}
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		d.fail(path, off, err, "%v", err)
	}
	return nil
}

// skip reads and drops the next value.
func (d *decoder) skip() error {
	var raw json.RawMessage
	return d.dec.Decode(&raw)
}

// skipRest drops the rest of an object or array whose opening was read.
func (d *decoder) skipRest(open json.Delim) error {
	for d.dec.More() {
		if open == '{' {
			if _, err := d.dec.Token(); err != nil {
				return err
			}
		}
		if err := d.skip(); err != nil {
			return err
		}
	}
	_, err := d.dec.Token()
	return err
}

// repeatedName finds a name given twice (in any case) in any object within
// raw, with its offset in raw.
func repeatedName(raw []byte) (name string, at int, dup bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	type frame struct {
		seen     map[string]bool
		isObject bool
		wantKey  bool
	}
	var stack []frame
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false // valid JSON by now; EOF ends the walk
		}
		if n := len(stack); n > 0 && stack[n-1].isObject && stack[n-1].wantKey {
			if key, ok := tok.(string); ok {
				if stack[n-1].seen[fold(key)] {
					return key, tokenStart(raw, off), true
				}
				stack[n-1].seen[fold(key)] = true
				stack[n-1].wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{seen: map[string]bool{}, isObject: true, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if n := len(stack); n > 0 && stack[n-1].isObject {
			stack[n-1].wantKey = true
		}
	}
}

// fold maps a name to what encoding/json would take as the same name:
// Unicode simple case folding, so that "ſ" meets "s" and "K" (Kelvin)
// meets "k".
func fold(name string) string {
	return strings.ToLower(strings.ToUpper(name))
}

type structFields struct {
	byName map[string]int    // exact json name -> field index
	byFold map[string]string // folded name -> exact name, for hints
	names  []string          // in declaration order, for messages
}

var fieldCache sync.Map // reflect.Type -> *structFields

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{byName: map[string]int{}, byFold: map[string]string{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous {
			panic(fmt.Sprintf("strictjson: embedded field %s in %v is not supported", sf.Name, t))
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f.byName[name] = i
		f.byFold[fold(name)] = name
		f.names = append(f.names, name)
	}
	fieldCache.Store(t, f)
	return f
}

func describeType(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return "a " + t.Name()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	return t.String()
}

func describeDelim(d json.Delim) string {
	if d == '{' {
		return "an object"
	}
	return "an array"
}

func describeToken(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		return describeDelim(tok)
	case string:
		return "a string"
	case bool:
		return strconv.FormatBool(tok)
	case json.Number:
		return "the number " + string(tok)
	}
	return "null"
}

// PosAt returns the position of byte offset off in data.
func PosAt(data []byte, off int) Pos {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return Pos{Offset: off, Line: line, Column: col}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8,
// or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// Places returns where each value in data starts, by JSON path ("$",
// "$.contact", "$.contact.email", "$.exposed[0]"), for reporting problems
// found after decoding. data should be valid JSON; Places stops at the
// first syntax error with what it found so far.
func Places(data []byte) map[string]Pos {
	places := map[string]Pos{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(path string) error
	walk = func(path string) error {
		places[path] = PosAt(data, tokenStart(data, int(dec.InputOffset())))
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				if err := walk(path + "." + key.(string)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(path + "[" + strconv.Itoa(i) + "]"); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	_ = walk("$")
	return places
}
