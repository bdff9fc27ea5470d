package locale

import (
	"errors"
	"fmt"

	"golang.org/x/text/language"
)

// A supported language is one row of this table; everything else that
// depends on the language (the exported tags, [Supported], file names,
// fallback, negotiation, how dates and counts are written, [Script])
// derives from it. A notice language is a row here plus its catalog files.
//
// Rows are in [Supported] order: English first, the pseudo-locale last.
var langs = [...]langRow{
	{
		name: "en", script: "Latn", dates: datesEnglish, counts: countsGrouped,
		bases: []string{"en", "eng"}, scripts: []string{"Latn"},
		aliases: []string{"en-us", "en-gb", "en-au", "en-ca", "en-hk", "en-sg", "en-in", "en-nz", "en-ie", "en-xa"},
	},
	{
		name: "ja", parent: "en", script: "Jpan", dates: datesHan, counts: myriad("万", "億", ""),
		bases: []string{"ja", "jpn"}, scripts: []string{"Jpan", "Hira", "Kana", "Hrkt", "Hani"},
		aliases: []string{"ja-jp"},
	},
	{
		name: "zh-Hant-HK", parent: "zh-Hant", script: "Hant", dates: datesHan, counts: myriad("萬", "億", ""),
		bases: []string{"zh", "zho", "chi", "cmn", "yue"}, regions: []string{"HK", "MO"}, cantonese: true,
		aliases: []string{"zh-hk", "zh-mo", "zh-hant-mo", "yue", "yue-hk", "yue-hant", "yue-hant-hk"},
	},
	{
		name: "zh-Hant", parent: "en", script: "Hant", dates: datesHan, counts: myriad("萬", "億", ""),
		bases: []string{"zh", "zho", "chi", "cmn", "yue"}, regions: []string{"TW"},
		aliases: []string{"zh-tw", "zh-hant-tw"},
	},
	{
		name: "zh-Hans", parent: "en", script: "Hans", dates: datesHan, counts: myriad("万", "亿", ""),
		bases: []string{"zh", "zho", "chi", "cmn", "yue"}, regions: []string{"CN", "SG", "MY"},
		aliases: []string{"zh", "zh-cn", "zh-sg", "zh-my", "zh-hans-cn", "zh-hans-sg", "zh-hans-hk"},
	},
	{
		name: "ko", parent: "en", script: "Kore", dates: datesKorean, counts: myriad("만", "억", " "),
		bases: []string{"ko", "kor"}, scripts: []string{"Kore", "Hang"},
		aliases: []string{"ko-kr"},
	},
	{
		name: "de", parent: "en", script: "Latn", dates: datesGerman, counts: countsDot,
		bases: []string{"de", "deu", "ger"}, scripts: []string{"Latn"},
		aliases: []string{"de-de", "de-at", "de-ch", "de-li", "de-lu", "de-be"},
	},
	{
		name: "fr", parent: "en", script: "Latn", dates: datesFrench, counts: countsFrench,
		bases: []string{"fr", "fra", "fre"}, scripts: []string{"Latn"},
		aliases: []string{"fr-fr", "fr-ca", "fr-be", "fr-ch", "fr-lu", "fr-mc"},
	},
	{
		name: "vi", parent: "en", script: "Latn", dates: datesVietnamese, counts: countsDot,
		bases: []string{"vi", "vie"}, scripts: []string{"Latn"},
		aliases: []string{"vi-vn"},
	},
	{
		name: "id", parent: "en", script: "Latn", dates: datesIndonesian, counts: countsDot,
		bases: []string{"id", "ind", "in"}, scripts: []string{"Latn"},
		aliases: []string{"id-id", "in", "in-id"},
	},
	{
		name: "th", parent: "en", script: "Thai", dates: datesThai, counts: countsGrouped,
		bases: []string{"th", "tha"}, scripts: []string{"Thai"},
		aliases: []string{"th-th"},
	},
	{
		name: "en-XA", parent: "en", script: "Latn", dates: datesPseudo, counts: countsGrouped,
		pseudo: true,
	},
}

// langRow describes one supported language.
type langRow struct {
	name   string // the tag as [Supported] spells it; also the catalog file name
	parent string // the next language in the fallback chain; "" for English
	script string // ISO 15924 code of the script it is written in ([Script])
	dates  dateStyle
	counts countStyle

	// Negotiation. A preference of one of bases (language subtags, with
	// their ISO 639-2 forms, which mayBeOurs reads unparsed) in
	// the row's script, or in one of scripts, selects the row. Chinese rows
	// share bases and are told apart by script and region: a preference
	// without a script takes it from its region, and within a script a row
	// with regions listing the preference's region wins (cantonese: the
	// row that Cantonese, yue, in this script selects).
	bases     []string
	scripts   []string
	regions   []string
	cantonese bool
	// aliases are lower-case ranges resolved to this row without parsing,
	// the ones real headers carry most (the row's own name is implied).
	aliases []string
	// pseudo marks the pseudo-locale, which negotiation never returns and
	// catalogs generate instead of loading.
	pseudo bool
}

// The supported languages. Every tag this package returns is == to one of
// these values.
var (
	// English is the default language and the end of every fallback chain.
	English = mustTag("en")
	// Japanese.
	Japanese = mustTag("ja")
	// ChineseHK is Traditional Chinese with Hong Kong vocabulary, the
	// primary Chinese audience.
	ChineseHK = mustTag("zh-Hant-HK")
	// ChineseTraditional is Traditional Chinese with Taiwan vocabulary.
	ChineseTraditional = mustTag("zh-Hant")
	// ChineseSimplified is Simplified Chinese with mainland vocabulary.
	ChineseSimplified = mustTag("zh-Hans")
	// Korean.
	Korean = mustTag("ko")
	// German.
	German = mustTag("de")
	// French.
	French = mustTag("fr")
	// Vietnamese.
	Vietnamese = mustTag("vi")
	// Indonesian.
	Indonesian = mustTag("id")
	// Thai.
	Thai = mustTag("th")
	// Pseudo is the pseudo-locale en-XA: English accented, padded and
	// bracketed, to expose hard-coded and concatenated text. [Negotiate]
	// never returns it; [Exact] resolves it.
	Pseudo = mustTag("en-XA")
)

// ErrUnsupported is wrapped by [Exact] when its input is not exactly one of
// the supported tags.
var ErrUnsupported = errors.New("locale: unsupported language")

// lang indexes the supported languages: a row of langs.
type lang uint8

const (
	langEN     lang = 0 // English is the first row
	numLangs        = lang(len(langs))
	langPseudo      = numLangs - 1 // the pseudo-locale is the last row
)

// What derives from the table, computed once.
var (
	langTags    [numLangs]language.Tag
	langParents [numLangs]lang
	// langAliases resolves a lower-case range without parsing: every row's
	// name (the pseudo-locale's aside) and aliases.
	langAliases = map[string]lang{}
	// langBases are the language subtags of every row, for mayBeOurs.
	langBases = map[string]bool{}
	// supportedList and fileList name the supported tags and catalog files
	// in messages.
	supportedList, fileList string
)

func init() {
	for l := range numLangs {
		r := &langs[l]
		langTags[l] = language.MustParse(r.name)
		if r.counts.sep == "" {
			panic("locale: " + r.name + ": no count style")
		}
		if r.pseudo != (l == langPseudo) {
			panic("locale: the pseudo-locale must be the last row")
		}
		if l > 0 {
			supportedList += ", "
		}
		supportedList += r.name
		if !r.pseudo {
			if l > 0 {
				fileList += ", "
			}
			fileList += r.name + ".json"
			langAliases[lowerASCII(r.name)] = l
		}
		for _, a := range r.aliases {
			if _, dup := langAliases[a]; dup || a != lowerASCII(a) {
				panic("locale: alias " + a + " is repeated or not lower case")
			}
			langAliases[a] = l
		}
		for _, b := range r.bases {
			langBases[b] = true
		}
	}
	for l := range numLangs {
		p := langs[l].parent
		if (p == "") != (l == langEN) {
			panic("locale: English, and only English, ends the fallback chains")
		}
		if p == "" {
			continue
		}
		pl, ok := langNamed(p)
		if !ok || langs[pl].pseudo {
			panic("locale: " + langs[l].name + ": parent " + p + " is not a row")
		}
		langParents[l] = pl
	}
	for l := range numLangs {
		// Every chain reaches English: no cycles.
		n := 0
		for p, ok := l, true; p != langEN; p, ok = langParents[p], true {
			if n++; n > int(numLangs) || !ok {
				panic("locale: " + langs[l].name + ": the fallback chain does not reach English")
			}
		}
	}
}

// mustTag returns the tag of the row named name, for the exported
// variables (which initialise before init runs).
func mustTag(name string) language.Tag {
	if _, ok := langNamed(name); !ok {
		panic("locale: no row " + name)
	}
	return language.MustParse(name)
}

func langNamed(name string) (lang, bool) {
	for l := range numLangs {
		if langs[l].name == name {
			return l, true
		}
	}
	return 0, false
}

// tag returns the exported variable for l.
func (l lang) tag() language.Tag {
	if l < numLangs {
		return langTags[l]
	}
	return language.Und
}

// name is the canonical spelling of l's tag, as used for catalog file names.
func (l lang) name() string {
	if l < numLangs {
		return langs[l].name
	}
	return "und"
}

// parent is the next language in l's fallback chain.
func (l lang) parent() (lang, bool) {
	if l == langEN || l >= numLangs {
		return 0, false
	}
	return langParents[l], true
}

// lowerASCII returns s in ASCII lower case.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lower(c)
	}
	return string(b)
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
// en, ja, zh-Hant-HK, zh-Hant, zh-Hans, ko, de, fr, vi, id, th, en-XA. The
// slice is new on each call; the caller may keep or change it.
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
	for l := range numLangs {
		if equalFoldTag(s, l.name()) {
			return l.tag(), nil
		}
	}
	return language.Und, fmt.Errorf("%w: %q is not one of %s", ErrUnsupported, s, supportedList)
}

// Script returns the ISO 15924 code of the script a supported language is
// written in: "Latn" for en and en-XA, "Jpan" for ja, "Hant" for
// zh-Hant-HK and zh-Hant, "Hans" for zh-Hans, "Kore" for ko, "Latn" for
// de, fr, vi and id, "Thai" for th. A renderer
// picks fonts by it (with the tag's region, which tells Hong Kong from
// Taiwan forms). For a tag that is not exactly a supported one it returns
// "" and false.
func Script(t language.Tag) (string, bool) {
	l, ok := langOf(t)
	if !ok {
		return "", false
	}
	return langs[l].script, true
}

// Choose reads a language preference as people and systems store it: a
// value that is exactly one of the supported tags (as [Exact] reads it)
// selects that language, Pseudo included; any other value is negotiated as
// an Accept-Language header ([Negotiate]). It never fails: English is the
// answer when nothing fits. It allocates nothing for an exact tag.
func Choose(s string) language.Tag {
	for l := range numLangs {
		if equalFoldTag(s, l.name()) {
			return l.tag()
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
// zh-Hant-HK falls back to zh-Hant; every other language (ja, zh-Hant,
// zh-Hans, ko, de, fr, vi, id, th, en-XA) falls back to English. Chains
// never cross scripts: Traditional never falls back to Simplified or the
// reverse. English, and any tag that is not exactly a
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
