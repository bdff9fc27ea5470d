// Package textwrap lays plain text out in lines of a fixed number of columns,
// counting columns by Unicode East Asian Width: wide and fullwidth characters
// take 2, combining marks 0, everything else 1 (ambiguous characters are
// narrow, as in a Latin-script terminal).
//
// Lines break at spaces, and between Chinese and Japanese characters, which
// are written without spaces. Latin words (and Korean words, which are spaced)
// are never split unless a single word is wider than a line; then it is broken
// hard. Chinese and Japanese closing punctuation (、。」) and small kana never
// start a line, and opening brackets never end one (the basic kinsoku rules
// of JIS X 4051 and their Chinese equivalents).
//
// Thai, also written without spaces between words, breaks only between
// words, which a dictionary finds (see thai.go); never inside a word, nor
// before a combining vowel or tone mark. Vietnamese and other Latin text
// with combining marks keeps each mark with its base and counts the pair
// as one column.
package textwrap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// RuneWidth returns the number of columns r takes.
func RuneWidth(r rune) int {
	if r < 0x300 {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return 0 // control characters take no column (and are refused upstream)
		}
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0 // combining marks and format characters such as ZWJ
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width returns the number of columns s takes on one line.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}

// Append appends s to dst laid out in lines of at most width columns, each
// ending in "\n". The first line starts with first and the others with rest
// (for a list item: "- " and "  "), and the prefixes count towards the width.
// Spaces at the ends of lines are dropped. An empty s appends nothing.
func Append(dst []byte, s string, width int, first, rest string) []byte {
	prefix := first
	thai := thaiBreaks(s) // nil without Thai
	whole := len(s)
	for {
		s = trimSpaces(s)
		if s == "" {
			return dst
		}
		var marks []uint8
		if thai != nil {
			marks = thai[whole-len(s):]
		}
		end, next := fitLine(s, max(width-Width(prefix), 2), marks)
		dst = append(dst, prefix...)
		dst = append(dst, s[:end]...)
		dst = append(dst, '\n')
		s = s[next:]
		prefix = rest
	}
}

// fitLine finds where the first line of s ends (end) and where the next line
// starts (next), for a line of avail columns. marks, when s has Thai, says
// where a line may break inside a run of Thai letters (thaiBreaks).
//
// Among the places a line may break, it takes the last that fits, with one
// preference: a break after a CJK comma or full stop (、。，) is taken
// instead when it is at most phraseSlack columns earlier, so that Japanese
// and Chinese lines end at the end of a phrase where that costs little.
func fitLine(s string, avail int, marks []uint8) (end, next int) {
	cols := 0
	breakEnd, breakNext, breakCols := -1, -1, 0
	punctEnd, punctNext, punctCols := -1, -1, 0
	anyEnd, anyNext := -1, -1 // the last break inside a phrase
	prev := rune(-1)
	for i, r := range s {
		if prev >= 0 && isThai(prev) && isThai(r) {
			switch marks[i] {
			case thaiWord:
				breakEnd, breakNext, breakCols = i, i, cols
			case thaiCluster:
				anyEnd, anyNext = i, i
			}
		} else if prev >= 0 && canBreak(prev, r) {
			if inPhrase(s, prev, i) {
				anyEnd, anyNext = trimRight(s, i), i
			} else {
				breakEnd, breakNext, breakCols = trimRight(s, i), i, cols
				if endsPhrase(prev) {
					punctEnd, punctNext, punctCols = breakEnd, breakNext, cols
				}
			}
		}
		w := RuneWidth(r)
		if r != ' ' && cols+w > avail {
			if punctEnd > 0 && breakCols-punctCols <= phraseSlack {
				return punctEnd, punctNext
			}
			if breakEnd > 0 {
				return breakEnd, breakNext
			}
			if anyEnd > 0 {
				return anyEnd, anyNext
			}
			cut := hardBreak(s, i)
			return trimRight(s, cut), cut
		}
		cols += w
		prev = r
	}
	return trimRight(s, len(s)), len(s)
}

// phraseSlack is how many columns fitLine gives up to end a line at a CJK
// comma or full stop: five wide characters.
const phraseSlack = 10

// endsPhrase reports the CJK commas and full stops after which a line
// preferably breaks.
func endsPhrase(r rune) bool { return r == '、' || r == '。' || r == '，' }

// inPhrase reports whether breaking s before byte i (after prev) would
// split what a Japanese writer keeps on one line: a run of katakana (a
// loanword such as セキュリティ), or a polite verb ending such as ください
// or ました, or one of a few short words (よう, こと). It knows no more
// of Japanese words than that: a kanji compound may still be split, as
// JIS X 4051 allows. When a line has no other place to break, it breaks
// there all the same.
func inPhrase(s string, prev rune, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	if isKatakana(prev) && isKatakana(r) {
		return true
	}
	if !isHiragana(r) {
		return false
	}
	for _, e := range verbEndings {
		// Every ending is hiragana, three bytes a character.
		for k := 3; k < len(e) && k <= i; k += 3 {
			if strings.HasPrefix(s[i-k:], e) {
				return true
			}
		}
	}
	return false
}

// verbEndings are the polite endings, and a few short words, that a line
// does not split.
var verbEndings = []string{
	"てください", "でください", "ください", "ございます", "ございません", "いたします", "いたしました",
	"あります", "ありません", "おります", "おりません", "ました", "ません", "ます", "です", "でした",
	"ない", "よう", "こと", "うえ", "とおり", "ため",
}

func isKatakana(r rune) bool { return r >= 0x30a1 && r <= 0x30fa || r == 0x30fc }

func isHiragana(r rune) bool { return r >= 0x3041 && r <= 0x309f }

// hardBreak returns where to cut a run that has no break opportunity and does
// not fit (spaces before a closing mark are not one): at i, moved back so that the next line does not start with a
// combining mark or closing punctuation (nor a space before one), but never to 0 (a line holds at least
// one character, so layout always advances).
func hardBreak(s string, i int) int {
	for i > 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if RuneWidth(r) != 0 && !noBreakBefore(r) && !thaiNoBreakBefore(r) && r != ' ' {
			break
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		if i-size == 0 {
			break
		}
		i -= size
	}
	if i == 0 {
		_, size := utf8.DecodeRuneInString(s)
		i = size
	}
	return i
}

// canBreak reports whether a line may break between a and b.
func canBreak(a, b rune) bool {
	if noBreakBefore(b) || b == ' ' {
		return false
	}
	if a == ' ' {
		return true
	}
	if noBreakAfter(a) || RuneWidth(b) == 0 {
		return false
	}
	if isCJK(b) {
		// Keep a number with the counter after it ("2018年", "403件"),
		// and a myriad unit with it too ("240万名").
		if isDigit(a) || isMyriad(a) {
			return false
		}
		return true
	}
	if isDigit(b) && isCJK(a) && !isCJKPunct(a) {
		// Keep a number with the word before it ("約400名", "第3条"): a
		// count read across two lines is easily misread. After
		// punctuation ("、2018年") a line may break as anywhere.
		return false
	}
	return isCJK(a)
}

// isCJKPunct reports CJK and fullwidth punctuation and symbols: the
// characters of isCJK that are not letters.
func isCJKPunct(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303f,
		r >= 0xff01 && r <= 0xff0f, r >= 0xff1a && r <= 0xff20,
		r >= 0xff3b && r <= 0xff40, r >= 0xff5b && r <= 0xff65:
		return true
	}
	return false
}

// isMyriad reports the CJK units of ten thousand and a hundred million,
// which counts in Japanese and Chinese are written with ("940万名").
func isMyriad(r rune) bool { return r == '万' || r == '萬' || r == '億' || r == '亿' }

// isCJK reports whether r belongs to a script written without spaces between
// words: Han ideographs, kana, and CJK and fullwidth punctuation. Hangul is
// not among them: Korean separates words with spaces.
func isCJK(r rune) bool {
	switch {
	case r < 0x2e80:
		return false
	case r >= 0x3000 && r <= 0x30ff, // CJK punctuation, hiragana, katakana
		r >= 0x3400 && r <= 0x4dbf,   // CJK extension A
		r >= 0x4e00 && r <= 0x9fff,   // CJK unified ideographs
		r >= 0xf900 && r <= 0xfaff,   // CJK compatibility ideographs
		r >= 0xff00 && r <= 0xffef,   // fullwidth and halfwidth forms
		r >= 0x20000 && r <= 0x3ffff, // supplementary ideographs
		r >= 0x2e80 && r <= 0x2fdf:   // radicals
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// noBreakBefore reports characters that must not start a line: closing
// brackets and quotes, CJK full stops and commas, middle dots, iteration marks,
// the prolonged sound mark and small kana.
func noBreakBefore(r rune) bool {
	switch r {
	case '、', '。', '，', '．', '・', '：', '；', '？', '！', '）', '」', '』', '】', '〕', '〉', '》', '〙', '〗', '｝', '］',
		'ー', 'ゝ', 'ゞ', '々', '〻', 'ヽ', 'ヾ', '‐', '゠', '〜', '～', '％', '｡', '｣', '､', '･',
		'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ',
		'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ',
		')', ']', '}', ',', '.', ':', ';', '!', '?', '”', '’':
		return true
	}
	return false
}

// noBreakAfter reports characters that must not end a line: opening brackets
// and quotes.
func noBreakAfter(r rune) bool {
	switch r {
	case '（', '「', '『', '【', '〔', '〈', '《', '〘', '〖', '｛', '［', '｢', '(', '[', '{', '“', '‘':
		return true
	}
	return false
}

// trimRight returns the end of s[:i] without trailing spaces.
func trimRight(s string, i int) int {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return i
}

func trimSpaces(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}
