package locale

import (
	"strings"
	"unicode/utf8"
)

// The en-XA pseudo-locale is English made strange in ways that keep it
// readable: every ASCII letter becomes an accented look-alike (a -> å,
// W -> Ŵ), the text is padded by about a third with "·" to make room for
// the longer languages, and the whole message is bracketed, so that
// "What happened" reads "[Ŵĥåţ ĥåþþéñéð ·····]". Text that shows up
// unbracketed or unaccented in an en-XA rendering was hard-coded or
// concatenated. Placeholders are kept, and the values filled into them are
// not transformed.

// pseudoMessage generates the en-XA message from an English one.
func pseudoMessage(m Message) Message {
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for _, p := range m.parts {
		if p.Placeholder != "" {
			b.WriteByte('{')
			b.WriteString(p.Placeholder)
			b.WriteByte('}')
			continue
		}
		for _, r := range p.Text {
			n++
			r = pseudoRune(r)
			if r == '{' || r == '}' {
				b.WriteRune(r)
			}
			b.WriteRune(r)
		}
	}
	if k := padLen(n); k > 0 {
		b.WriteByte(' ')
		b.WriteString(strings.Repeat("·", k))
	}
	b.WriteByte(']')
	pm, err := parseMessage(m.id, b.String())
	if err != nil {
		// Unreachable: the text was built from parsed parts.
		panic("locale: generating en-XA: " + err.Error())
	}
	return pm
}

// padLen is the number of "·" that pad a text of n runes: about 35%.
func padLen(n int) int { return (n*35 + 99) / 100 }

// appendPseudo appends s pseudo-localized and bracketed, as for a message
// without placeholders.
func appendPseudo(dst []byte, s []byte) []byte {
	dst = append(dst, '[')
	n := 0
	for _, r := range string(s) { // no copy: the compiler ranges over s
		n++
		dst = utf8.AppendRune(dst, pseudoRune(r))
	}
	if k := padLen(n); k > 0 {
		dst = append(dst, ' ')
		for range k {
			dst = append(dst, "·"...)
		}
	}
	return append(dst, ']')
}

// pseudoRune maps an ASCII letter to its accented look-alike.
func pseudoRune(r rune) rune {
	switch r {
	case 'a':
		return 'å'
	case 'b':
		return 'ƀ'
	case 'c':
		return 'ç'
	case 'd':
		return 'ð'
	case 'e':
		return 'é'
	case 'f':
		return 'ƒ'
	case 'g':
		return 'ĝ'
	case 'h':
		return 'ĥ'
	case 'i':
		return 'î'
	case 'j':
		return 'ĵ'
	case 'k':
		return 'ķ'
	case 'l':
		return 'ļ'
	case 'm':
		return 'ɱ'
	case 'n':
		return 'ñ'
	case 'o':
		return 'ö'
	case 'p':
		return 'þ'
	case 'q':
		return 'ǫ'
	case 'r':
		return 'ŕ'
	case 's':
		return 'š'
	case 't':
		return 'ţ'
	case 'u':
		return 'û'
	case 'v':
		return 'ṽ'
	case 'w':
		return 'ŵ'
	case 'x':
		return 'ẋ'
	case 'y':
		return 'ý'
	case 'z':
		return 'ž'
	case 'A':
		return 'Å'
	case 'B':
		return 'Ɓ'
	case 'C':
		return 'Ç'
	case 'D':
		return 'Ð'
	case 'E':
		return 'É'
	case 'F':
		return 'Ƒ'
	case 'G':
		return 'Ĝ'
	case 'H':
		return 'Ĥ'
	case 'I':
		return 'Î'
	case 'J':
		return 'Ĵ'
	case 'K':
		return 'Ķ'
	case 'L':
		return 'Ļ'
	case 'M':
		return 'Ṁ'
	case 'N':
		return 'Ñ'
	case 'O':
		return 'Ö'
	case 'P':
		return 'Þ'
	case 'Q':
		return 'Ǫ'
	case 'R':
		return 'Ŕ'
	case 'S':
		return 'Š'
	case 'T':
		return 'Ţ'
	case 'U':
		return 'Û'
	case 'V':
		return 'Ṽ'
	case 'W':
		return 'Ŵ'
	case 'X':
		return 'Ẋ'
	case 'Y':
		return 'Ý'
	case 'Z':
		return 'Ž'
	}
	return r
}

// Pseudolocalize returns English text as the en-XA pseudo-locale shows it:
// accented, padded and bracketed. Catalog messages get this at load time;
// Pseudolocalize is for English wording that is data rather than a message,
// such as an incident's narrative, so that an en-XA rendering can tell it
// from text that bypassed localization.
func Pseudolocalize(s string) string { return string(appendPseudo(nil, []byte(s))) }
