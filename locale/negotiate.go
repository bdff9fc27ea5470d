package locale

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Limits that bound the work done for one Accept-Language header, whatever
// its size. Real browsers send a few dozen bytes and fewer than ten entries.
const (
	// maxHeader is where a header is cut. An entry that the cut splits is
	// dropped whole: its weight, possibly q=0, may lie past the cut.
	maxHeader = 4096
	// maxEntries is how many well-formed entries with q > 0 are
	// considered; later ones are ignored.
	maxEntries = 64
	// maxRange is the longest language range considered; a longer one is
	// malformed. No real tag comes close.
	maxRange = 128
)

// Negotiate picks the supported language that best serves an HTTP
// Accept-Language header (RFC 9110, section 12.5.4). It returns one of
// [English], [Japanese], [ChineseHK], [ChineseTraditional],
// [ChineseSimplified] or [Korean], exactly; English when nothing fits. It
// never returns [Pseudo]: an "en-XA" entry asks for English.
//
// The header is cut at 4 KiB, dropping an entry that the cut splits.
// Entries are read one by one; a malformed one (a bad language range, a
// weight that is not a valid qvalue such as "q=abc", "q=2" or "q=1.0000")
// is skipped and the rest still count. Entries with q=0 are dropped. Of the
// first 64 that remain, the ones with higher weights are tried first, in
// header order among equal weights. The first that names a supported
// language in the same script wins; see [NegotiatePreferences] for how one
// preference is matched. Tags may use '_' for '-' and any letter case.
func Negotiate(acceptLanguage string) language.Tag {
	h := cutHeader(acceptLanguage)
	var buf [maxEntries]pref
	prefs := buf[:0]
	for h != "" && len(prefs) < maxEntries {
		e := h
		if i := strings.IndexByte(h, ','); i >= 0 {
			e, h = h[:i], h[i+1:]
		} else {
			h = ""
		}
		if e == "" {
			continue
		}
		r, q, ok := parseEntry(e)
		if !ok || q == 0 {
			continue
		}
		// Insertion sort, stable and descending by weight: at most 64
		// entries, almost always already in order.
		i := len(prefs)
		prefs = append(prefs, pref{})
		for i > 0 && prefs[i-1].q < q {
			prefs[i] = prefs[i-1]
			i--
		}
		prefs[i] = pref{r, q}
	}
	for _, p := range prefs {
		if l, ok := match(p.rng); ok {
			return l.tag()
		}
	}
	return English
}

// NegotiatePreferences picks the supported language that best serves a
// list of preferences, most preferred first, as users and services write
// them: "ja", "zh_HK", "ZH-hk", "en-GB". Each is one language tag; '_' may
// stand for '-', letter case does not matter and surrounding spaces are
// ignored. Malformed entries, and "*", are skipped; of the well-formed ones,
// the first 64 are considered. The result is as for [Negotiate]: one of the
// supported tags exactly, never [Pseudo], English when nothing fits.
//
// A preference matches a supported language of the same language and
// script, never Traditional Chinese for Simplified or the reverse:
//   - en-* (en-GB, en-US, en-XA) gives [English]; ja-* [Japanese]; ko-* [Korean].
//   - zh-Hant, and zh in Taiwan (zh-TW), give [ChineseTraditional].
//   - zh-Hant-HK, and zh in Hong Kong or Macau (zh-HK, zh-MO, zh-Hant-MO),
//     give [ChineseHK].
//   - zh, zh-Hans, and zh in mainland China, Singapore or Malaysia (zh-CN,
//     zh-SG, zh-MY) give [ChineseSimplified].
//   - Cantonese (yue, yue-HK, yue-Hant) gives [ChineseHK]; written in
//     Simplified (yue-Hans, yue-CN) it gives [ChineseSimplified].
//   - Mandarin (cmn) is read as zh.
//   - zh in another region takes the script that x/text's likely-subtags
//     data infers for it; a Chinese tag in another script (zh-Latn) matches
//     nothing.
//
// A language we lack falls through to the next preference.
func NegotiatePreferences(prefs ...string) language.Tag {
	n := 0
	for _, p := range prefs {
		if n == maxEntries {
			break
		}
		p = trimOWS(p)
		if !validRange(p) {
			continue
		}
		n++
		if l, ok := match(p); ok {
			return l.tag()
		}
	}
	return English
}

// pref is one entry of a header: its language range and weight.
type pref struct {
	rng string
	q   uint16 // in thousandths: 0 to 1000
}

// cutHeader cuts h at maxHeader bytes, dropping the entry the cut splits.
func cutHeader(h string) string {
	if len(h) <= maxHeader {
		return h
	}
	if h[maxHeader] == ',' {
		return h[:maxHeader]
	}
	i := strings.LastIndexByte(h[:maxHeader], ',')
	if i < 0 {
		return ""
	}
	return h[:i]
}

// parseEntry parses one list element: language-range [ OWS ";" OWS "q=" qvalue ].
// ok is false for an empty or malformed element.
func parseEntry(e string) (rng string, q uint16, ok bool) {
	rng, params, hasParams := strings.Cut(e, ";")
	rng = trimOWS(rng)
	if !validRange(rng) {
		return "", 0, false
	}
	if !hasParams {
		return rng, 1000, true
	}
	params = trimOWS(params)
	if len(params) < 2 || lower(params[0]) != 'q' || params[1] != '=' {
		return "", 0, false
	}
	q, ok = parseQ(params[2:])
	return rng, q, ok
}

// parseQ parses an RFC 9110 qvalue: ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func parseQ(s string) (uint16, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := uint16(s[0]-'0') * 1000
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' || len(s) > 5 {
		return 0, false
	}
	scale := uint16(100)
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' || (q == 1000 && c != '0') {
			return 0, false
		}
		q += uint16(c-'0') * scale
		scale /= 10
	}
	return q, true
}

// trimOWS trims the optional whitespace of RFC 9110: spaces and tabs.
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// validRange reports whether r is "*" or a language range of RFC 4647
// (1*8ALPHA *("-" 1*8alphanum)), allowing '_' for '-', at most maxRange
// bytes long.
func validRange(r string) bool {
	if r == "*" {
		return true
	}
	if r == "" || len(r) > maxRange {
		return false
	}
	n := 0 // length of the current subtag
	first := true
	for i := range len(r) {
		c := r[i]
		switch {
		case c == '-' || c == '_':
			if n == 0 {
				return false
			}
			n, first = 0, false
			continue
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9':
			if first {
				return false
			}
		default:
			return false
		}
		n++
		if n > 8 {
			return false
		}
	}
	return n > 0
}

// match finds the supported language for one well-formed language range.
func match(r string) (lang, bool) {
	if r == "*" {
		return 0, false
	}
	if l, ok := common(r); ok {
		return l, true
	}
	return parsed(r)
}

// common resolves, without parsing, the tags of our languages that real
// headers carry most: each row's name and aliases. x/text's parser
// allocates and takes most of the time of a negotiation; the mailer
// negotiates once per passenger. TestCommon holds the answers to those of
// the full path.
func common(r string) (lang, bool) {
	var buf [16]byte
	if len(r) > len(buf) {
		return 0, false
	}
	for i := range len(r) {
		c := lower(r[i])
		if c == '_' {
			c = '-'
		}
		buf[i] = c
	}
	l, ok := langAliases[string(buf[:len(r)])] // does not allocate
	return l, ok
}

// parsed finds the supported language for a well-formed language range
// with x/text's parser, the slow and complete path of match.
func parsed(r string) (lang, bool) {
	if !mayBeOurs(r) {
		return 0, false
	}
	if strings.IndexByte(r, '_') >= 0 {
		r = strings.ReplaceAll(r, "_", "-")
	}
	t, err := language.Parse(r)
	if err != nil {
		return 0, false
	}
	return supportedFor(t)
}

// mayBeOurs reports whether x/text could parse the well-formed range r as a
// language we support. It is false only when that is certain, which saves
// parsing the other languages of a header (German, French...) at all.
// TestMayBeOurs holds it to x/text's alias data.
func mayBeOurs(r string) bool {
	var p [8]byte
	n := 0
	for n < len(r) && r[n] != '-' && r[n] != '_' {
		if n == len(p) {
			return false // not a language subtag
		}
		p[n] = lower(r[n])
		n++
	}
	if n == 1 {
		return true // "i-default" is English; "x-..." is private use
	}
	if rest := r[n:]; len(rest) >= 4 && (len(rest) == 4 || rest[4] == '-' || rest[4] == '_') &&
		isAlpha(rest[1]) && isAlpha(rest[2]) && isAlpha(rest[3]) {
		return true // an extended language subtag: zh-yue is yue, and so is ar-yue
	}
	return langBases[string(p[:n])]
}

func isAlpha(c byte) bool {
	c = lower(c)
	return 'a' <= c && c <= 'z'
}

// supportedFor maps a parsed tag to the supported language of the same
// language and script, as the rows of langs describe them.
func supportedFor(t language.Tag) (lang, bool) {
	base, script, region := t.Raw()
	b, sc, rg := base.String(), script.String(), region.String()
	var rows []lang
	for l := range langPseudo {
		if slices.Contains(langs[l].bases, b) {
			rows = append(rows, l)
		}
	}
	if len(rows) == 0 {
		return 0, false
	}
	if len(langs[rows[0]].scripts) > 0 {
		// A language written in one script: any script it accepts.
		for _, l := range rows {
			if sc == "Zzzz" || slices.Contains(langs[l].scripts, sc) {
				return l, true
			}
		}
		return 0, false
	}
	// A language written in several scripts (Chinese): the rows are told
	// apart by script, which a tag without one (or with Han in general)
	// takes from its region, else from x/text's likely-subtags data.
	if sc == "Zzzz" || sc == "Hani" {
		found := false
		for _, l := range rows {
			if slices.Contains(langs[l].regions, rg) {
				sc, found = langs[l].script, true
				break
			}
		}
		if !found {
			if sc == "Hani" {
				// Infer as if no script were given.
				b, _, r := t.Raw()
				if c, err := language.Compose(b, r); err == nil {
					t = c
				}
			}
			s, _ := t.Script()
			sc = s.String()
		}
	}
	cantonese := b == "yue"
	def, ok := lang(0), false
	for _, l := range rows {
		row := &langs[l]
		if row.script != sc {
			continue
		}
		if cantonese && row.cantonese || slices.Contains(row.regions, rg) {
			return l, true
		}
		if _, _, r := langTags[l].Raw(); r.String() == "ZZ" && !ok {
			def, ok = l, true // the script's own row: zh-Hant, zh-Hans
		}
	}
	return def, ok
}
