package locale

import (
	"errors"
	"fmt"

	"golang.org/x/text/language"
)

// The supported languages. Every tag this package returns is == to one of
// these values.
var (
	// English is the default language and the end of every fallback chain.
	English = language.MustParse("en")
	// Japanese.
	Japanese = language.MustParse("ja")
	// ChineseHK is Traditional Chinese with Hong Kong vocabulary, the
	// primary Chinese audience.
	ChineseHK = language.MustParse("zh-Hant-HK")
	// ChineseTraditional is Traditional Chinese with Taiwan vocabulary.
	ChineseTraditional = language.MustParse("zh-Hant")
	// ChineseSimplified is Simplified Chinese with mainland vocabulary.
	ChineseSimplified = language.MustParse("zh-Hans")
	// Korean.
	Korean = language.MustParse("ko")
	// Pseudo is the pseudo-locale en-XA: English accented, padded and
	// bracketed, to expose hard-coded and concatenated text. [Negotiate]
	// never returns it; [Exact] resolves it.
	Pseudo = language.MustParse("en-XA")
)

// ErrUnsupported is wrapped by [Exact] when its input is not exactly one of
// the supported tags.
var ErrUnsupported = errors.New("locale: unsupported language")

// lang indexes the supported languages in [Supported] order.
type lang uint8

const (
	langEN lang = iota
	langJA
	langZhHantHK
	langZhHant
	langZhHans
	langKO
	langPseudo
	numLangs
)

// tag returns the exported variable for l.
func (l lang) tag() language.Tag {
	switch l {
	case langEN:
		return English
	case langJA:
		return Japanese
	case langZhHantHK:
		return ChineseHK
	case langZhHant:
		return ChineseTraditional
	case langZhHans:
		return ChineseSimplified
	case langKO:
		return Korean
	case langPseudo:
		return Pseudo
	}
	return language.Und
}

// name is the canonical spelling of l's tag, as used for catalog file names.
func (l lang) name() string {
	switch l {
	case langEN:
		return "en"
	case langJA:
		return "ja"
	case langZhHantHK:
		return "zh-Hant-HK"
	case langZhHant:
		return "zh-Hant"
	case langZhHans:
		return "zh-Hans"
	case langKO:
		return "ko"
	case langPseudo:
		return "en-XA"
	}
	return "und"
}

// parent is the next language in l's fallback chain.
func (l lang) parent() (lang, bool) {
	switch l {
	case langZhHantHK:
		return langZhHant, true
	case langJA, langZhHant, langZhHans, langKO, langPseudo:
		return langEN, true
	}
	return 0, false
}

// langOf finds the supported language whose tag is exactly t.
func langOf(t language.Tag) (lang, bool) {
	for l := range numLangs {
		if l.tag() == t {
			return l, true
		}
	}
	return 0, false
}

// Supported returns the supported tags, English first and [Pseudo] last:
// en, ja, zh-Hant-HK, zh-Hant, zh-Hans, ko, en-XA. The slice is new on each
// call; the caller may keep or change it.
func Supported() []language.Tag {
	tags := make([]language.Tag, 0, numLangs)
	for l := range numLangs {
		tags = append(tags, l.tag())
	}
	return tags
}

// Exact resolves s when it names exactly one of the supported tags,
// [Pseudo] included. Letter case does not matter and '_' may stand for '-'
// ("zh_hant_hk" is [ChineseHK]), but nothing else is inferred: "zh-HK",
// "en-GB" and "ja-JP" are errors, as is anything with extensions. Use
// [Negotiate] or [NegotiatePreferences] to find the best supported tag for
// a preference. The error wraps [ErrUnsupported] and quotes s.
func Exact(s string) (language.Tag, error) {
	if len(s) <= len("zh-Hant-HK") {
		for l := range numLangs {
			if equalFoldTag(s, l.name()) {
				return l.tag(), nil
			}
		}
	}
	return language.Und, fmt.Errorf("%w: %q is not one of %s", ErrUnsupported, s, supportedList)
}

const supportedList = "en, ja, zh-Hant-HK, zh-Hant, zh-Hans, ko, en-XA"

// Choose reads a language preference as people and systems store it: a
// value that is exactly one of the supported tags (as [Exact] reads it)
// selects that language, Pseudo included; any other value is negotiated as
// an Accept-Language header ([Negotiate]). It never fails: English is the
// answer when nothing fits. It allocates nothing for an exact tag.
func Choose(s string) language.Tag {
	if len(s) <= len("zh-Hant-HK") {
		for l := range numLangs {
			if equalFoldTag(s, l.name()) {
				return l.tag()
			}
		}
	}
	return Negotiate(s)
}

// equalFoldTag reports whether s equals the canonical tag name ignoring ASCII
// case and reading '_' as '-'.
func equalFoldTag(s, name string) bool {
	if len(s) != len(name) {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if c == '_' {
			c = '-'
		}
		if lower(c) != lower(name[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Fallback returns the next language in t's fallback chain:
// zh-Hant-HK falls back to zh-Hant; zh-Hant, zh-Hans, ja, ko and en-XA fall
// back to English. Chains never cross scripts: Traditional never falls back
// to Simplified or the reverse. English, and any tag that is not exactly a
// supported one, has no parent: Fallback returns [language.Und] and false.
func Fallback(t language.Tag) (parent language.Tag, ok bool) {
	l, ok := langOf(t)
	if !ok {
		return language.Und, false
	}
	p, ok := l.parent()
	if !ok {
		return language.Und, false
	}
	return p.tag(), true
}
