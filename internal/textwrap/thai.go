package textwrap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sync"
	"unicode/utf8"
)

// Thai is written without spaces between words (spaces end phrases and
// sentences), and a line may break only between words. x/text has no Thai
// dictionary, so the package carries one: thai_words.txt.gz, the 25,110
// words of the dictionary that libthai (the Thai line breaker of GNOME,
// LibreOffice and Debian) ships, read out of its trie by
// internal/thaigen. That list is LGPL-2.1-or-later; see THAI-WORDS.md.
//
// A run of Thai letters is cut into words by maximal matching: of all the
// ways to write the run as dictionary words and unknown clusters, the one
// with the fewest unknown clusters, then the fewest words. A cluster is a
// consonant with the marks and vowels that cannot be parted from it: no
// break comes before a combining vowel or tone mark (ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎),
// before a following vowel or sign (ะ า ำ ๅ ๆ ฯ), or after a leading vowel
// (เ แ โ ใ ไ). A line breaks between words; inside an unknown word it
// breaks between clusters only when nothing else fits, as for a Japanese
// phrase.

//go:embed thai_words.txt.gz
var thaiWordsGz []byte

var thaiDict struct {
	once     sync.Once
	words    map[string]struct{}
	maxRunes int // the longest word, in runes
}

func loadThaiDict() {
	d := &thaiDict
	d.words = make(map[string]struct{}, 25200)
	zr, err := gzip.NewReader(bytes.NewReader(thaiWordsGz))
	if err != nil {
		panic("textwrap: thai_words.txt.gz: " + err.Error())
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w := sc.Text()
		if w == "" {
			continue
		}
		d.words[w] = struct{}{}
		d.maxRunes = max(d.maxRunes, utf8.RuneCountInString(w))
	}
	if err := sc.Err(); err != nil {
		panic("textwrap: thai_words.txt.gz: " + err.Error())
	}
}

// IsThaiWord reports whether w is a word of the embedded Thai dictionary.
func IsThaiWord(w string) bool {
	thaiDict.once.Do(loadThaiDict)
	_, ok := thaiDict.words[w]
	return ok
}

func isThai(r rune) bool { return r >= 0x0e01 && r <= 0x0e5b }

// thaiNoBreakBefore reports the Thai characters that never start a
// cluster: combining vowels and marks, and following vowels and signs.
func thaiNoBreakBefore(r rune) bool {
	switch {
	case r == 0x0e31, r >= 0x0e34 && r <= 0x0e3a, r >= 0x0e47 && r <= 0x0e4e: // combining
		return true
	case r == 0x0e30, r == 0x0e32, r == 0x0e33, r == 0x0e45, r == 0x0e46, r == 0x0e2f: // ะ า ำ ๅ ๆ ฯ
		return true
	}
	return false
}

// silenced reports whether s starts with a consonant that the thanthakhat
// (์) silences, after a vowel mark or not (ย์, ทร์, ติ์): it ends the syllable
// before it and never starts a cluster.
func silenced(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	for k := 0; k < 2 && size < len(s); k++ {
		r, n := utf8.DecodeRuneInString(s[size:])
		if r == 0x0e4c {
			return true
		}
		if !thaiNoBreakBefore(r) {
			return false
		}
		size += n
	}
	return false
}

// thaiNoBreakAfter reports the leading vowels, written before the
// consonant they follow in speech.
func thaiNoBreakAfter(r rune) bool { return r >= 0x0e40 && r <= 0x0e44 }

// Kinds of break inside a Thai run.
const (
	thaiNone    = 0
	thaiWord    = 1 // between two words
	thaiCluster = 2 // between clusters of an unknown word
)

// thaiBreaks returns, for each byte offset of s, whether a line may break
// there inside a run of Thai letters, and how; nil if s has no Thai.
func thaiBreaks(s string) []uint8 {
	var marks []uint8
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isThai(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isThai(r) {
				break
			}
			j += size
		}
		if marks == nil {
			marks = make([]uint8, len(s)+1)
		}
		segmentThai(s[i:j], marks[i:j+1])
		i = j
	}
	return marks
}

// ThaiWords splits a run of Thai letters into the words that segmentation
// finds (unknown words as their clusters), for tests and tools.
func ThaiWords(run string) []string {
	marks := make([]uint8, len(run)+1)
	segmentThai(run, marks)
	var words []string
	last := 0
	for i := 1; i < len(run); i++ {
		if marks[i] != thaiNone {
			words = append(words, run[last:i])
			last = i
		}
	}
	return append(words, run[last:])
}

// segmentThai marks the breaks inside run, a run of Thai letters, in
// marks (indexed by byte offset in run; the ends are not marked).
func segmentThai(run string, marks []uint8) {
	thaiDict.once.Do(loadThaiDict)
	// The cluster boundaries: byte offsets where a word may start.
	bounds := []int{0}
	prev := rune(-1)
	for i, r := range run {
		if i > 0 && !thaiNoBreakBefore(r) && !thaiNoBreakAfter(prev) && !silenced(run[i:]) {
			bounds = append(bounds, i)
		}
		prev = r
	}
	bounds = append(bounds, len(run))
	n := len(bounds)
	type cost struct{ unknown, words int }
	less := func(a, b cost) bool {
		return a.unknown < b.unknown || a.unknown == b.unknown && a.words < b.words
	}
	const inf = 1 << 30
	best := make([]cost, n)
	from := make([]int, n)   // the boundary the last piece starts at
	known := make([]bool, n) // whether that piece is a dictionary word
	for k := 1; k < n; k++ {
		best[k] = cost{inf, inf}
	}
	for j := 0; j < n-1; j++ {
		if best[j].unknown == inf {
			continue
		}
		// An unknown cluster.
		if c := (cost{best[j].unknown + 1, best[j].words + 1}); less(c, best[j+1]) {
			best[j+1], from[j+1], known[j+1] = c, j, false
		}
		// Dictionary words starting here.
		runes := 0
		for k := j + 1; k < n; k++ {
			runes += utf8.RuneCountInString(run[bounds[k-1]:bounds[k]])
			if runes > thaiDict.maxRunes {
				break
			}
			if _, ok := thaiDict.words[run[bounds[j]:bounds[k]]]; !ok {
				continue
			}
			if c := (cost{best[j].unknown, best[j].words + 1}); less(c, best[k]) || !less(best[k], c) && !known[k] {
				best[k], from[k], known[k] = c, j, true
			}
		}
	}
	// Walk back from the end, marking where each piece starts.
	for k := n - 1; k > 0; {
		j := from[k]
		if j > 0 {
			kind := uint8(thaiWord)
			if !known[k] && !known[j] {
				kind = thaiCluster // between two clusters of one unknown stretch
			}
			marks[bounds[j]] = kind
		}
		k = j
	}
}
