package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"

	"github.com/breachkit/breachkit/notice"
)

// maxHeaderLine is the widest a header line may be (RFC 5322 s. 2.1.1
// recommends 78 characters), and maxBodyLine the longest a body line may be
// in 7bit transfer encoding (998 octets, s. 2.1.1 and RFC 2045 s. 2.7).
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
	from []byte // the From field, folded, with its CRLF
	date []byte // the Date field: mailer write's render time; send stamps its own
	// incident and domain name the notices: Message-IDs are
	// <person.incident.version@domain>, and Feedback-ID names both.
	incident, domain string
}

// dateWidth is the width of a Date value in RFC 1123 form with a numeric
// zone, "Mon, 02 Jan 2006 15:04:05 -0700": always 31 characters (the day
// has two digits), so that mailer send can restamp a rendered message
// in place.
const dateWidth = len(time.RFC1123Z)

// appendDate appends a Date field for t.
func appendDate(dst []byte, t time.Time) []byte {
	dst = append(dst, "Date: "...)
	dst = t.AppendFormat(dst, time.RFC1123Z)
	return append(dst, "\r\n"...)
}

// stampDate overwrites the Date value at msg[at:] with t, which must be
// in a zone with a numeric offset (UTC, as send stamps it).
func stampDate(msg []byte, at int, t time.Time) {
	var b [dateWidth + 8]byte
	v := t.AppendFormat(b[:0], time.RFC1123Z)
	if len(v) != dateWidth {
		panic("mailer: a Date of " + strconv.Itoa(len(v)) + " characters: " + string(v))
	}
	copy(msg[at:at+dateWidth], v)
}

// buffers are one worker's reusable scratch space.
type buffers struct {
	text, html, msg, boundary []byte
	crlf                      []byte            // a part with CRLF line ends, before base64
	date                      []byte            // send's Date field
	subjects                  map[string][]byte // folded Subject fields: one per language
	feedback                  map[string][]byte // Feedback-ID fields: one per language
	content                   hash.Hash         // the notice's digest, for the Message-ID
	sum                       [sha256.Size]byte

	// Of the last message appendMessage made: its Message-ID (without
	// the angle brackets) and where its Date value starts.
	messageID []byte
	dateAt    int
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

// feedbackID returns the Feedback-ID field of the run's messages in one
// language, made once. Gmail's feedback loop reports the complaints of a
// stream by these identifiers, "a:b:c:SenderId" read from the right: the
// sender (5 to 15 characters, the same for all its mail), the kind of
// mail, the language and the incident (the campaign). None names a
// person: Gmail drops identifiers that could point at one reader, and
// a complaint rate is about a stream. The relay's DKIM signature must
// cover the field, so it is among dkimFields.
func (b *buffers) feedbackID(env *envelope, lang string) []byte {
	if field, ok := b.feedback[lang]; ok {
		return field
	}
	v := env.incident + ":" + lang + ":breach-notice:" + feedbackSender(env.domain)
	field := "Feedback-ID: " + v + "\r\n"
	if len(field)-2 > maxHeaderLine {
		// A long incident id: the value cannot be folded inside (it has no
		// space), so it starts on a line of its own, within 998 octets.
		field = "Feedback-ID:\r\n " + v + "\r\n"
	}
	if b.feedback == nil {
		b.feedback = map[string][]byte{}
	}
	b.feedback[lang] = []byte(field)
	return b.feedback[lang]
}

// feedbackSender is the Feedback-ID's SenderId for a sending domain: the
// organisation's own label ("cathaypacific" of infosecurity.cathaypacific.com),
// cut to 15 characters; one shorter than 5 ("bk" of bk.io) takes its
// public suffix too ("bk-io"), and is padded with "-mail" if still short.
func feedbackSender(domain string) string {
	domain = strings.ToLower(domain)
	site, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		site = domain
	}
	id, _, _ := strings.Cut(site, ".")
	if len(id) < 5 {
		id = strings.ReplaceAll(site, ".", "-")
	}
	if len(id) < 5 {
		id += "-mail"
	}
	return strings.TrimRight(id[:min(len(id), 15)], "-")
}

// appendMessage appends one complete MIME message for the document d to
// dst: headers folded to 78 columns, multipart/alternative with the text
// part and then the HTML part, both UTF-8, each in a 7-bit transfer
// encoding (see appendPart) so that no relay has to re-encode it and a
// DKIM signature over it survives. It leaves in b the Message-ID and where
// the Date value is, so that mailer send can stamp the moment it hands the
// message to the relay.
//
// The Message-ID is <person.incident.version@domain>: version is a digest
// of what the person reads (the subject and the text), so that a retry of
// the same notice keeps its Message-ID (receivers tell the copies apart)
// and a corrected notice gets a new one (RFC 5322 s. 3.6.4: a Message-ID
// names one version of one message).
//
// There is no List-Unsubscribe (RFC 2369, RFC 8058) on purpose: this is a
// one-off transactional notice the law requires the organisation to
// send, not a list; offering to unsubscribe from it would be untrue (a
// person cannot opt out of being told their data was exposed) and would
// make it look like marketing. Gmail's and Yahoo's bulk-sender rules ask
// for one-click unsubscribe only of marketing and subscribed mail.
func appendMessage(dst []byte, env *envelope, id, name, addr string, d notice.Document, b *buffers) []byte {
	b.text = d.AppendText(b.text[:0])
	b.html = d.AppendHTML(b.html[:0])
	b.boundary = appendBoundary(b.boundary[:0], id, b.text, b.html)
	boundary := b.boundary
	subject := d.Subject()
	lang := d.Language().String()

	if b.content == nil {
		b.content = sha256.New()
	}
	// The version is a digest of the notice's words: its subject and its
	// text part. The HTML part says the same words from the same
	// document, so they are not hashed again (this runs for every
	// message; a change of the HTML's presentation alone keeps the
	// Message-ID).
	b.content.Reset()
	b.crlf = append(b.crlf[:0], subject...) // scratch: appendPart reuses it
	for _, part := range [...][]byte{b.crlf, b.text} {
		// Each part's length first, so that no two splits of the same
		// bytes give the same digest.
		binary.BigEndian.PutUint64(b.sum[:8], uint64(len(part)))
		b.content.Write(b.sum[:8])
		b.content.Write(part)
	}
	version := b.content.Sum(b.sum[:0])[:8]
	b.messageID = append(append(append(b.messageID[:0], id...), '.'), env.incident...)
	b.messageID = hex.AppendEncode(append(b.messageID, '.'), version)
	b.messageID = append(append(b.messageID, '@'), env.domain...)

	dst = append(dst, env.from...)
	var h header
	h.start(dst, "To")
	h.mailbox(name, addr)
	dst = h.end()
	dst = append(dst, b.subject(subject)...)
	b.dateAt = len(dst) + len("Date: ")
	dst = append(dst, env.date...)
	if len("Message-ID: <")+len(b.messageID)+1 > maxHeaderLine {
		dst = append(dst, "Message-ID:\r\n <"...) // long ids: its own line, within 998 octets
	} else {
		dst = append(dst, "Message-ID: <"...)
	}
	dst = append(append(dst, b.messageID...), ">\r\n"...)
	dst = append(dst, "MIME-Version: 1.0\r\nContent-Language: "...)
	dst = append(dst, lang...)
	// RFC 3834: made by a program, so that vacation and other automatic
	// responders do not answer it.
	dst = append(dst, "\r\nAuto-Submitted: auto-generated\r\n"...)
	dst = append(dst, b.feedbackID(env, lang)...)
	dst = append(dst, "Content-Type: multipart/alternative;\r\n boundary=\""...)
	dst = append(dst, boundary...)
	dst = append(dst, "\"\r\n\r\n"...)
	dst = appendPart(dst, boundary, "text/plain", b.text, &b.crlf)
	dst = appendPart(dst, boundary, "text/html", b.html, &b.crlf)
	return append(append(append(dst, "--"...), boundary...), "--\r\n"...)
}

// Transfer encodings of a part.
const (
	cte7bit   = "7bit"
	cteQP     = "quoted-printable"
	cteBase64 = "base64"
)

// maxQPShare is the share of octets that must be escaped (non-ASCII and
// controls) at and above which a part goes base64 rather than
// quoted-printable. Quoted-printable writes such an octet in 3
// characters and others in 1; base64 writes every octet in 4/3. Latin
// text with accents is mostly ASCII (the sample notices: de 1-3 %, fr
// 4-8 %, vi 22-35 %): quoted-printable keeps it readable in the raw
// message at a modest cost. CJK and Thai text is mostly multi-byte (ja,
// ko, zh, th: 43-95 %, markup included), where quoted-printable would
// be up to twice the size of base64.
const maxQPShare = 0.40

// chooseEncoding picks a part's transfer encoding from its bytes: 7bit
// when every octet is ASCII text (no control but tab) and every line
// fits 998 octets (RFC 5322 s. 2.1.1); otherwise quoted-printable for a
// text that is mostly ASCII, base64 for one that is not (maxQPShare).
func chooseEncoding(body []byte) string {
	escaped, longest := scanPart(body)
	switch {
	case escaped == 0 && longest <= maxBodyLine:
		return cte7bit
	case float64(escaped) < maxQPShare*float64(len(body)):
		return cteQP
	}
	return cteBase64
}

// scanPart counts the octets of body that 7bit cannot carry (non-ASCII,
// and controls but tab and LF) and measures its longest line, in one
// pass over eight octets at a time, since it reads every octet of every
// message: the high bits count the non-ASCII octets, and a word with an
// ASCII control or DEL in it (an LF, a tab) is read octet by octet. Each
// octet's high bit is set before the subtractions, so that no octet
// borrows from the next one and the tests are exact.
func scanPart(body []byte) (escaped, longest int) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	line := 0
	slow := func(b []byte) {
		for _, c := range b {
			switch {
			case c == '\n':
				longest, line = max(longest, line), 0
				continue
			case c >= 0x7f || c < 0x20 && c != '\t':
				escaped++
			}
			line++
		}
	}
	for ; len(body) >= 8; body = body[8:] {
		w := binary.LittleEndian.Uint64(body)
		h := w & high
		t := w &^ high                                 // each octet's low seven bits
		below := ^((t | high) - 0x20*ones) & high &^ h // an ASCII octet under 0x20
		d := t ^ 0x7f*ones
		del := ^((d | high) - ones) & high &^ h // an ASCII DEL
		if below|del != 0 {
			slow(body[:8])
			continue
		}
		escaped += bits.OnesCount64(h)
		line += 8
	}
	slow(body)
	return escaped, max(longest, line)
}

// appendPart appends one part of the multipart, its body in the encoding
// chooseEncoding picks. Every line is CRLF-terminated: 7bit lines are the
// text's own (at most 998 octets), quoted-printable and base64 lines are
// at most 76 characters (RFC 2045 s. 6.7 and 6.8). Before base64, line
// ends become CRLF in *scratch, the canonical form of text (RFC 2046 s.
// 4.1.1), so that the decoded part is the same text in every encoding.
func appendPart(dst, boundary []byte, contentType string, body []byte, scratch *[]byte) []byte {
	// The CRLF before a delimiter belongs to the delimiter (RFC 2046 s.
	// 5.1.1), so each part is followed by one more, to keep its last line end.
	dst = append(append(append(dst, "--"...), boundary...), "\r\nContent-Type: "...)
	dst = append(append(dst, contentType...), "; charset=utf-8\r\nContent-Transfer-Encoding: "...)
	cte := chooseEncoding(body)
	dst = append(append(dst, cte...), "\r\n\r\n"...)
	switch cte {
	case cte7bit:
		dst, _ = appendCRLF(dst, body)
	case cteQP:
		dst = appendQP(dst, body)
	default:
		*scratch, _ = appendCRLF((*scratch)[:0], body)
		dst = appendBase64Lines(dst, *scratch)
	}
	return append(dst, "\r\n"...)
}

// appendBase64Lines appends b base64 in lines of 76 characters (57
// octets each), each ending with CRLF, growing dst once. It encodes 12
// bits at a time through b64Pairs, about twice as fast as
// encoding/base64, which matters as CJK and Thai notices are all base64.
func appendBase64Lines(dst, b []byte) []byte {
	lines := (len(b) + 56) / 57
	dst = slices.Grow(dst, base64.StdEncoding.EncodedLen(len(b))+2*lines)
	for len(b) >= 57 {
		at := len(dst)
		dst = dst[:at+76]
		out := dst[at:]
		for i := 0; i < 57; i += 3 {
			v := uint(b[i])<<16 | uint(b[i+1])<<8 | uint(b[i+2])
			o := out[i/3*4 : i/3*4+4]
			binary.LittleEndian.PutUint16(o, b64Pairs[v>>12])
			binary.LittleEndian.PutUint16(o[2:], b64Pairs[v&0xfff])
		}
		dst = append(dst, "\r\n"...)
		b = b[57:]
	}
	if len(b) > 0 {
		dst = base64.StdEncoding.AppendEncode(dst, b)
		dst = append(dst, "\r\n"...)
	}
	return dst
}

// b64Pairs holds, for each 12-bit value, its two base64 characters as
// they are stored little-endian.
var b64Pairs = func() (t [4096]uint16) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for v := range t {
		t[v] = uint16(alphabet[v>>6]) | uint16(alphabet[v&63])<<8
	}
	return t
}()

// maxQPLine is the longest line quoted-printable may write, its soft
// line break's "=" included (RFC 2045 s. 6.7, rule 5).
const maxQPLine = 76

// qpLiteral says which octets quoted-printable writes as they are:
// printable ASCII but "=", and space and tab (but at the end of a line).
var qpLiteral = func() (t [256]bool) {
	for c := '!'; c <= '~'; c++ {
		t[c] = c != '='
	}
	t[' '], t['\t'] = true, true
	return t
}()

// appendQP appends body quoted-printable (RFC 2045 s. 6.7): each LF a
// hard line break (CRLF), ending with one; printable ASCII but "=" as it
// is; space and tab as they are but at the end of a line; every other
// octet as =XX; lines longer than 76 characters broken with a soft
// break ("=" CRLF) that never splits an =XX.
func appendQP(dst, body []byte) []byte {
	if len(body) == 0 {
		return append(dst, "\r\n"...)
	}
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		dst = append(appendQPLine(dst, line), "\r\n"...)
	}
	return dst
}

// appendQPLine appends one line (no LF in it) quoted-printable, with its
// soft breaks but not its hard one. Runs of octets written as they are
// are copied at once: this runs over every octet of the Latin notices.
func appendQPLine(dst, line []byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	col := 0
	for i := 0; i < len(line); {
		// As many literal octets as fit before a soft break would be due.
		j, stop := i, i+maxQPLine-1-col
		for j < len(line) && j < stop && qpLiteral[line[j]] {
			j++
		}
		if j == len(line) && j > i && (line[j-1] == ' ' || line[j-1] == '\t') {
			j-- // whitespace that ends a line is escaped, since relays may strip it
		}
		dst = append(dst, line[i:j]...)
		col += j - i
		if i = j; i == len(line) {
			break
		}
		// One octet: escaped, or literal at the edge of the line.
		c := line[i]
		last := i+1 == len(line) // the line's last octet needs no room for a soft break
		literal := qpLiteral[c] && !(last && (c == ' ' || c == '\t'))
		width, room := 1, maxQPLine-1
		if !literal {
			width = 3
		}
		if last {
			room = maxQPLine
		}
		if col+width > room {
			dst = append(dst, "=\r\n"...)
			col = 0
		}
		if literal {
			dst = append(dst, c)
		} else {
			dst = append(dst, '=', hexDigits[c>>4], hexDigits[c&15])
		}
		col += width
		i++
	}
	return dst
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
