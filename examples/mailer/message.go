package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachkit/breachkit/notice"
)

// maxHeaderLine is the widest a header line may be (RFC 5322 s. 2.1.1
// recommends 78 characters), and maxBodyLine the longest a body line may be
// in 8bit transfer encoding (998 octets, s. 2.1.1 and RFC 2045 s. 2.8).
const (
	maxHeaderLine = 78
	maxBodyLine   = 998
)

// header writes one header field, folding it at whitespace so that no line
// is wider than maxHeaderLine. Tokens never contain CR or LF: every value
// that reaches a header is checked or encoded first.
type header struct {
	buf   []byte
	col   int  // the current line's width
	fresh bool // no token on the current line yet
}

func (h *header) start(dst []byte, name string) {
	h.buf = append(append(dst, name...), ':')
	h.col, h.fresh = len(name)+1, true
}

// room is the width left for a token on the current line, after its space.
func (h *header) room() int { return maxHeaderLine - h.col - 1 }

// fold starts a continuation line.
func (h *header) fold() {
	h.buf = append(h.buf, "\r\n"...)
	h.col, h.fresh = 0, true
}

// token writes one unbreakable token, folding first if it does not fit.
func (h *header) token(tok string) {
	h.space(len(tok))
	h.buf = append(h.buf, tok...)
}

// space starts a token of the given width: it folds first if the token
// does not fit, then writes the space before it.
func (h *header) space(width int) {
	if width > h.room() && !h.fresh {
		h.fold()
	}
	h.buf = append(h.buf, ' ')
	h.col += 1 + width
	h.fresh = false
}

// text writes unstructured text (RFC 5322 s. 3.2.5): printable ASCII words
// fold at spaces; anything else is written as RFC 2047 encoded-words.
func (h *header) text(s string) {
	if plainWords(s) {
		for w := range strings.FieldsSeq(s) {
			h.token(w)
		}
		return
	}
	h.encoded(s)
}

// plainWords reports whether s can be written as it is: printable ASCII
// words, none wider than a continuation line, that do not look like
// encoded-words.
func plainWords(s string) bool {
	for w := range strings.FieldsSeq(s) {
		if len(w) > maxHeaderLine-1 || strings.HasPrefix(w, "=?") {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// encoded writes s as UTF-8 "B" encoded-words (RFC 2047), each at most 75
// characters and sized to the room on its line. Readers join adjacent
// encoded-words without the whitespace between them (s. 6.2), so s may be
// cut anywhere between runes.
func (h *header) encoded(s string) {
	const prefix, suffix = "=?UTF-8?B?", "?="
	for s != "" {
		room := min(h.room(), 75) - len(prefix) - len(suffix)
		if room < 8 { // not enough for the base64 of one 4-byte rune
			h.fold()
			continue
		}
		n := min(room/4*3, len(s)) // raw bytes whose base64 fits
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		width := len(prefix) + base64.StdEncoding.EncodedLen(n) + len(suffix)
		h.space(width)
		h.buf = append(h.buf, prefix...)
		h.buf = base64.StdEncoding.AppendEncode(h.buf, []byte(s[:n]))
		h.buf = append(h.buf, suffix...)
		s = s[n:]
	}
}

// mailbox writes a display name and an address: the name as atoms, a
// quoted-string or encoded-words, whichever it needs.
func (h *header) mailbox(name, addr string) {
	switch {
	case isAtoms(name):
		h.text(name)
	case isPrintableASCII(name) && len(name)+2 <= maxHeaderLine-1:
		h.token(quote(name))
	default:
		h.encoded(name)
	}
	h.space(len(addr) + 2)
	h.buf = append(append(append(h.buf, '<'), addr...), '>')
}

func (h *header) end() []byte { return append(h.buf, "\r\n"...) }

// isAtoms reports whether name is atext words separated by single spaces
// (RFC 5322 s. 3.2.3), which need no quoting.
func isAtoms(name string) bool {
	if name == "" || name[0] == ' ' || name[len(name)-1] == ' ' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case bytes.IndexByte([]byte("!#$%&'*+-/=?^_`{|}~"), c) >= 0:
		case c == ' ' && name[i-1] != ' ':
		default:
			return false
		}
	}
	return len(name) <= maxHeaderLine-1
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func quote(s string) string {
	b := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}

// errBadAddress is the reason for an email the mailer will not write to.
var errBadAddress = errors.New("not a plain email address")

// checkAddress accepts the plain form of an address, local@domain, with a
// dot-atom local part and a domain of letters, digits and hyphens with at
// least one dot, short enough to fit a header line (RFC 5321 limits the
// local part to 64 octets). Quoted local parts and address literals are
// refused on purpose: they are rare, and an address a mail system might
// read differently is a notice that goes astray.
func checkAddress(addr string) error {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at > 64 || len(addr) > maxHeaderLine-4 {
		return fmt.Errorf("%w: %q", errBadAddress, addr)
	}
	local, domain := addr[:at], addr[at+1:]
	i := 0
	for part := range strings.SplitSeq(local, ".") { // no allocation: this runs for every message
		i++
		if len(part) == 0 {
			return fmt.Errorf("%w: %q (empty part %d before the @)", errBadAddress, addr, i)
		}
		for _, c := range []byte(part) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
				strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0) {
				return fmt.Errorf("%w: %q", errBadAddress, addr)
			}
		}
	}
	if !strings.Contains(domain, ".") {
		return fmt.Errorf("%w: %q (no dot in the domain)", errBadAddress, addr)
	}
	for label := range strings.SplitSeq(domain, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("%w: %q", errBadAddress, addr)
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Errorf("%w: %q", errBadAddress, addr)
			}
		}
	}
	return nil
}

// envelope holds what every message of a run shares.
type envelope struct {
	from     []byte // the From field, folded, with its CRLF
	date     []byte // the Date field
	idSuffix string // "." + incident + "@" + the sender's domain, for Message-IDs
}

// buffers are one worker's reusable scratch space.
type buffers struct {
	text, html, msg, boundary []byte
	subjects                  map[string][]byte // folded Subject fields: one per language
}

// subject returns the Subject field for s, folded and encoded once.
func (b *buffers) subject(s string) []byte {
	if field, ok := b.subjects[s]; ok {
		return field
	}
	var h header
	h.start(nil, "Subject")
	h.text(s)
	if b.subjects == nil {
		b.subjects = map[string][]byte{}
	}
	b.subjects[s] = h.end()
	return b.subjects[s]
}

// appendMessage appends one complete MIME message for the document d to
// dst: headers folded to 78 columns, multipart/alternative with the text
// part and then the HTML part, both UTF-8. Each part is sent 8bit with CRLF
// line ends when every line fits 998 octets, as notices do; a part with a
// longer line is sent base64.
func appendMessage(dst []byte, env *envelope, id, name, addr string, d notice.Document, b *buffers) []byte {
	b.text = d.AppendText(b.text[:0])
	b.html = d.AppendHTML(b.html[:0])
	b.boundary = appendBoundary(b.boundary[:0], id, b.text, b.html)
	boundary := b.boundary

	dst = append(dst, env.from...)
	var h header
	h.start(dst, "To")
	h.mailbox(name, addr)
	dst = h.end()
	dst = append(dst, b.subject(d.Subject())...)
	dst = append(dst, env.date...)
	dst = append(dst, "Message-ID: <"...)
	dst = append(append(append(dst, id...), env.idSuffix...), ">\r\n"...)
	dst = append(dst, "MIME-Version: 1.0\r\nContent-Language: "...)
	dst = append(dst, d.Language().String()...)
	dst = append(dst, "\r\nContent-Type: multipart/alternative;\r\n boundary=\""...)
	dst = append(dst, boundary...)
	dst = append(dst, "\"\r\n\r\n"...)
	dst = appendPart(dst, boundary, "text/plain", b.text)
	dst = appendPart(dst, boundary, "text/html", b.html)
	return append(append(append(dst, "--"...), boundary...), "--\r\n"...)
}

func appendPart(dst, boundary []byte, contentType string, body []byte) []byte {
	// The CRLF before a delimiter belongs to the delimiter (RFC 2046 s.
	// 5.1.1), so each part is followed by one more, to keep its last line end.
	dst = append(append(append(dst, "--"...), boundary...), "\r\nContent-Type: "...)
	dst = append(append(dst, contentType...), "; charset=utf-8\r\n"...)
	start := len(dst)
	dst = append(dst, "Content-Transfer-Encoding: 8bit\r\n\r\n"...)
	dst, longest := appendCRLF(dst, body)
	if longest <= maxBodyLine {
		return append(dst, "\r\n"...)
	}
	dst = append(dst[:start], "Content-Transfer-Encoding: base64\r\n\r\n"...)
	for len(body) > 0 {
		n := min(57, len(body)) // 57 bytes encode to a 76-character line
		dst = base64.StdEncoding.AppendEncode(dst, body[:n])
		dst = append(dst, "\r\n"...)
		body = body[n:]
	}
	return append(dst, "\r\n"...)
}

// appendCRLF appends b with each LF as CRLF, ending with a line end, and
// returns the length in octets of the longest line: one pass, since this
// runs over every byte of millions of messages.
func appendCRLF(dst, b []byte) ([]byte, int) {
	longest := 0
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		longest = max(longest, i)
		dst = append(append(dst, b[:i]...), "\r\n"...)
		b = b[min(i+1, len(b)):]
	}
	return dst, longest
}

// appendBoundary appends a multipart boundary derived from the id (so that
// a rerun writes the same bytes) that occurs in none of the parts.
func appendBoundary(dst []byte, id string, parts ...[]byte) []byte {
	h := uint64(14695981039346656037) // FNV-1a, written out to avoid allocating a hash.Hash
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	dst = strconv.AppendUint(append(dst, "=_bk_"...), h, 36)
	for collides := true; collides; {
		collides = false
		for _, p := range parts {
			if bytes.Contains(p, dst) {
				collides = true
				dst = append(dst, '_')
			}
		}
	}
	return dst
}
