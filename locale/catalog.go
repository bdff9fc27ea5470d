package locale

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// ErrMalformed is wrapped by every error [Load] returns for a catalog whose
// files are wrong: a file that is not JSON, not a flat object of strings, or
// not named for a supported language; a duplicate or invalid message ID; a
// malformed placeholder; a missing en.json.
var ErrMalformed = errors.New("locale: malformed catalog")

// Catalog holds the messages of every supported language, loaded by [Load].
// It is immutable and safe for concurrent use.
type Catalog struct {
	index   map[string]int      // every message ID of any file -> slot
	msgs    [numLangs][]Message // by slot; a zero Message is absent
	files   [numLangs]bool      // which languages have a file; en-XA is generated
	english []string            // English IDs, sorted
}

// Load reads a catalog from the root of fsys: one file per language, named
// for its tag exactly as [Supported] spells it (en.json, ja.json,
// zh-Hant-HK.json, zh-Hant.json, zh-Hans.json, ko.json, de.json, fr.json,
// vi.json, id.json, th.json), each a flat JSON object of message ID to
// text:
//
//	{
//	  "greeting": "Dear {name},",
//	  "braces": "Use {{ and }} for literal braces."
//	}
//
// en.json is required; the other files are optional, and a file may hold
// only some messages (see [Catalog.Lookup]). There is no en-XA.json: en-XA
// is generated from English (see [Pseudo]).
//
// Message IDs match [a-z0-9_.]+. A text may hold placeholders "{name}",
// with names matching [a-z_][a-z0-9_]*; "{{" and "}}" stand for literal
// braces. Files must be UTF-8; a leading byte order mark is ignored.
//
// Load is strict, so that a translator's slip fails loudly instead of
// losing text: anything else in the root (another file, a directory, a file
// for an unsupported language), a JSON syntax error, a value that is not a
// string, a duplicate or invalid message ID, and a lone brace or invalid
// placeholder name are errors. They wrap [ErrMalformed], name the file and,
// where they apply, the line, the message ID and the byte offset in the
// text; every problem found is reported, joined with [errors.Join]. Errors
// reading fsys are returned as they are, wrapped with the file name.
func Load(fsys fs.FS) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("locale: reading catalog: %w", err)
	}
	var (
		errs  []error
		files [numLangs][]Message
		has   [numLangs]bool
	)
	for _, e := range entries {
		name := e.Name()
		l, err := fileLang(e)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("locale: reading catalog: %w", err))
			continue
		}
		msgs, ferrs := parseFile(data)
		for _, err := range ferrs {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrMalformed, name, err))
		}
		files[l], has[l] = msgs, true
	}
	if !has[langEN] {
		errs = append(errs, fmt.Errorf("%w: en.json is missing: English is required", ErrMalformed))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	c := &Catalog{index: make(map[string]int)}
	var ids []string
	for _, msgs := range files {
		for _, m := range msgs {
			if _, ok := c.index[m.id]; !ok {
				c.index[m.id] = 0
				ids = append(ids, m.id)
			}
		}
	}
	slices.Sort(ids)
	for i, id := range ids {
		c.index[id] = i
	}
	for l, msgs := range files {
		if !has[l] {
			continue
		}
		c.files[l] = true
		c.msgs[l] = make([]Message, len(ids))
		for _, m := range msgs {
			c.msgs[l][c.index[m.id]] = m
		}
	}
	c.files[langPseudo] = true
	c.msgs[langPseudo] = make([]Message, len(ids))
	for i, m := range c.msgs[langEN] {
		if m.id != "" {
			c.msgs[langPseudo][i] = pseudoMessage(m)
			c.english = append(c.english, m.id)
		}
	}
	return c, nil
}

// fileLang finds the language of a catalog file.
func fileLang(e fs.DirEntry) (lang, error) {
	name := e.Name()
	if e.IsDir() {
		return 0, fmt.Errorf("%w: %s is a directory; a catalog holds only files named <tag>.json (%s)", ErrMalformed, name, fileList)
	}
	base, ok := strings.CutSuffix(name, ".json")
	if !ok {
		return 0, fmt.Errorf("%w: %s: unexpected file; a catalog holds only files named <tag>.json (%s)", ErrMalformed, name, fileList)
	}
	for l := range numLangs {
		if base == l.name() {
			if l == langPseudo {
				return 0, fmt.Errorf("%w: %s: en-XA is generated from en.json; remove this file", ErrMalformed, name)
			}
			return l, nil
		}
	}
	if t, err := Exact(base); err == nil && t != Pseudo {
		l, _ := langOf(t)
		return 0, fmt.Errorf("%w: %s: name the file %s.json", ErrMalformed, name, l.name())
	}
	return 0, fmt.Errorf("%w: %s: %q is not a supported language; want one of %s", ErrMalformed, name, base, fileList)
}

// parseFile parses one catalog file, returning its messages in file order
// and every problem found.
func parseFile(data []byte) ([]Message, []error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return nil, []error{fmt.Errorf("invalid UTF-8 at line %d (byte %d)", lineOf(data, off), off)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(data))
	jsonErr := func(err error) []error {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return []error{fmt.Errorf("unexpected end of file; want a JSON object of message ID to text")}
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return []error{fmt.Errorf("line %d (byte %d): %v", lineOf(data, int(se.Offset)), se.Offset, se)}
		}
		return []error{fmt.Errorf("line %d: %v", lineOf(data, int(dec.InputOffset())), err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(err)
	}
	if tok != json.Delim('{') {
		return nil, []error{fmt.Errorf("want a JSON object of message ID to text, got %s", describe(tok))}
	}
	var (
		msgs []Message
		errs []error
		seen = make(map[string]int) // ID -> line
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, append(errs, jsonErr(err)...)
		}
		id, _ := tok.(string) // object keys are always strings
		line := lineOf(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, append(errs, jsonErr(err)...)
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil || raw[0] != '"' {
			errs = append(errs, fmt.Errorf("line %d: message %q: want a string, got %s", line, id, describeRaw(raw)))
			continue
		}
		if first, dup := seen[id]; dup {
			errs = append(errs, fmt.Errorf("line %d: duplicate message ID %q (first at line %d)", line, id, first))
			continue
		}
		seen[id] = line
		if !validID(id) {
			errs = append(errs, fmt.Errorf("line %d: invalid message ID %q (want [a-z0-9_.]+)", line, clip(id)))
			continue
		}
		m, err := parseMessage(id, text)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: message %q: %w", line, id, err))
			continue
		}
		msgs = append(msgs, m)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, append(errs, jsonErr(err)...)
	}
	if _, err := dec.Token(); err != io.EOF {
		errs = append(errs, fmt.Errorf("line %d: unexpected data after the JSON object", lineOf(data, int(dec.InputOffset()))))
	}
	return msgs, errs
}

func lineOf(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

func describe(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return "an array"
		}
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

func describeRaw(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// Lookup finds the text of message id for tag. If tag's own file lacks it,
// Lookup follows the fallback chain, which never crosses scripts:
// zh-Hant-HK -> zh-Hant -> en; zh-Hans -> en; ja -> en; ko -> en (see
// [Fallback]). from is the language whose file provided the text; it
// differs from tag when Lookup fell back. For [Pseudo], the text generated
// from English is en-XA's own, so from is Pseudo whenever English has the
// message.
//
// ok is false when no language in the chain has the message. A tag that is
// not exactly a supported one is first matched as by
// [NegotiatePreferences] (ja-JP reads Japanese), or else read as English;
// from then always differs from tag.
func (c *Catalog) Lookup(tag language.Tag, id string) (m Message, from language.Tag, ok bool) {
	l, ok := langOf(tag)
	if !ok {
		if l, ok = supportedFor(tag); !ok {
			l = langEN
		}
	}
	slot, ok := c.index[id]
	if !ok {
		return Message{}, language.Und, false
	}
	for {
		if own := c.msgs[l]; own != nil && own[slot].id != "" {
			return own[slot], l.tag(), true
		}
		if l, ok = l.parent(); !ok {
			return Message{}, language.Und, false
		}
	}
}

// IDs returns the IDs of the English messages, sorted. The slice is new on
// each call.
func (c *Catalog) IDs() []string {
	return slices.Clone(c.english)
}

// Languages returns the languages that have a file, in [Supported] order,
// and [Pseudo] last. The slice is new on each call.
func (c *Catalog) Languages() []language.Tag {
	var tags []language.Tag
	for l := range numLangs {
		if c.files[l] {
			tags = append(tags, l.tag())
		}
	}
	return tags
}
