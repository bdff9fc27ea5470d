package locale

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode/utf8"
)

// ErrMissingArg is wrapped by [Message.Append] when a placeholder of the
// message has no value among the arguments.
var ErrMissingArg = errors.New("locale: placeholder without a value")

// Message is one parsed catalog text: a sequence of literal parts and named
// placeholders. It is a small immutable value; copies share storage that
// no caller can reach. The zero Message is empty and formats as nothing.
type Message struct {
	id    string
	src   string
	parts []Part // never two Text parts in a row, never an empty one
}

// Part is one piece of a [Message]: either literal text or a placeholder
// name, exactly one of the two non-empty. Text has its "{{" and "}}"
// already unescaped to "{" and "}".
type Part struct {
	Text        string
	Placeholder string
}

// Arg is a value for the placeholder called Name.
type Arg struct {
	Name, Value string
}

// ID returns the message ID the text was looked up by.
func (m Message) ID() string { return m.id }

// String returns the text as written in the catalog, with its "{name}"
// placeholders and "{{" "}}" escapes; for en-XA, the generated text.
func (m Message) String() string { return m.src }

// Parts yields the parts of m in order, so that a caller can precompile
// the message.
func (m Message) Parts() iter.Seq[Part] {
	return func(yield func(Part) bool) {
		for _, p := range m.parts {
			if !yield(p) {
				return
			}
		}
	}
}

// Placeholders returns the names of m's placeholders, sorted, each once.
// The slice is new on each call.
func (m Message) Placeholders() []string {
	var names []string
	for _, p := range m.parts {
		if p.Placeholder != "" {
			names = append(names, p.Placeholder)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Append appends m to dst with each placeholder replaced by the Value of the
// first argument of the same Name, copied verbatim. Arguments that name no
// placeholder of m are ignored: a translation may leave one out. A
// placeholder without an argument is an error wrapping [ErrMissingArg] that
// names the placeholder and the message; dst is then returned as it was
// passed. Append allocates only to grow dst.
func (m Message) Append(dst []byte, args ...Arg) ([]byte, error) {
	n := len(dst)
	for _, p := range m.parts {
		if p.Placeholder == "" {
			dst = append(dst, p.Text...)
			continue
		}
		v, ok := argValue(args, p.Placeholder)
		if !ok {
			return dst[:n], missingArg(m.id, p.Placeholder)
		}
		dst = append(dst, v...)
	}
	return dst, nil
}

// Format is like [Message.Append] but returns a string.
func (m Message) Format(args ...Arg) (string, error) {
	b, err := m.Append(nil, args...)
	return string(b), err
}

func argValue(args []Arg, name string) (string, bool) {
	for _, a := range args {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// missingArg is kept out of line so that Append's arguments do not escape.
//
//go:noinline
func missingArg(id, name string) error {
	return fmt.Errorf("%w: {%s} in message %q", ErrMissingArg, name, id)
}

// syntaxError is a problem in a message text at a byte offset.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("%s at byte %d of the text", e.msg, e.offset)
}

// parseMessage parses src, a text with {name} placeholders and {{ }}
// escapes, into a Message.
func parseMessage(id, src string) (Message, error) {
	var parts []Part
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, Part{Text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '{' && strings.HasPrefix(src[i:], "{{"):
			lit.WriteByte('{')
			i += 2
		case c == '}' && strings.HasPrefix(src[i:], "}}"):
			lit.WriteByte('}')
			i += 2
		case c == '}':
			return Message{}, &syntaxError{i, `lone "}" (write "}}" for a literal brace)`}
		case c == '{':
			end := strings.IndexByte(src[i+1:], '}')
			if end < 0 || strings.IndexByte(src[i+1:i+1+end], '{') >= 0 {
				return Message{}, &syntaxError{i, `lone "{" (write "{{" for a literal brace)`}
			}
			name := src[i+1 : i+1+end]
			if !validName(name) {
				return Message{}, &syntaxError{i, fmt.Sprintf("invalid placeholder name %q (want [a-z_][a-z0-9_]*)", clip(name))}
			}
			flush()
			parts = append(parts, Part{Placeholder: name})
			i += end + 2
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return Message{id: id, src: src, parts: slices.Clip(parts)}, nil
}

// validName reports whether s is a placeholder name: [a-z_][a-z0-9_]*.
func validName(s string) bool {
	if s == "" || ('0' <= s[0] && s[0] <= '9') {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// validID reports whether s is a message ID: [a-z0-9_.]+.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
