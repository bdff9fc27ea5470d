package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// A letter names its fonts exactly (letterFamilies), so that what Chromium
// draws with is what the glyph check reads: every character of a letter
// must be in one of the fonts of its stack, or the letter is refused with
// the person and the character named. Without the check Chromium would
// fall back to whatever fontconfig offers, or draw an empty box, and the
// printed letter would have a gap where a name or a word should be.
//
// The fonts are Debian's, which .ci/run installs: Noto Sans (Latin, Greek,
// Cyrillic, Vietnamese; fonts-noto-core), Noto Sans Thai (fonts-noto-core)
// and Noto Sans CJK (fonts-noto-cjk, one TTC with a face per region, so
// that a Japanese letter gets Japanese glyph forms and a Hong Kong letter
// Hong Kong ones).

// Font families a letter may use, by the key a stack names them with.
var letterFamilies = map[string]string{
	"latin":  "Noto Sans",
	"thai":   "Noto Sans Thai",
	"cjk-jp": "Noto Sans CJK JP",
	"cjk-kr": "Noto Sans CJK KR",
	"cjk-sc": "Noto Sans CJK SC",
	"cjk-tc": "Noto Sans CJK TC",
	"cjk-hk": "Noto Sans CJK HK",
}

// cjkOf is the CJK face for text in a language or of a country: the Han
// characters of Japanese, Korean, Simplified, Traditional and Hong Kong
// Chinese differ in shape, and each reader expects their own.
func cjkOf(lang, country string) string {
	switch {
	case lang == "ja" || (lang == "" && country == "JP"):
		return "cjk-jp"
	case lang == "ko" || (lang == "" && country == "KR"):
		return "cjk-kr"
	case lang == "zh-Hans" || (lang == "" && (country == "CN" || country == "SG")):
		return "cjk-sc"
	case lang == "zh-Hant-HK" || (lang == "" && (country == "HK" || country == "MO")):
		return "cjk-hk"
	case lang == "zh-Hant" || (lang == "" && country == "TW"):
		return "cjk-tc"
	}
	return "cjk-jp"
}

// stackFor is the font stack of text in lang (a supported tag) for a
// reader in country: the language's own font first, which sets the look of
// its Latin letters and punctuation too, then the others for names and
// addresses in another script.
func stackFor(lang, country string) []string {
	switch {
	case strings.HasPrefix(lang, "zh") || lang == "ja" || lang == "ko":
		return []string{cjkOf(lang, country), "latin", "thai"}
	case lang == "th":
		return []string{"thai", "latin", cjkOf("", country)}
	}
	return []string{"latin", cjkOf("", country), "thai"}
}

// fontFace is one installed face and the characters it has been asked
// about.
type fontFace struct {
	family string
	font   *sfnt.Font

	mu    sync.Mutex
	buf   sfnt.Buffer
	known map[rune]bool
}

// has reports whether the face has a glyph for r.
func (f *fontFace) has(r rune) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ok, seen := f.known[r]; seen {
		return ok
	}
	g, err := f.font.GlyphIndex(&f.buf, r)
	ok := err == nil && g != 0
	f.known[r] = ok
	return ok
}

// fontSet is the faces of letterFamilies, loaded once per run.
type fontSet struct {
	faces map[string]*fontFace
}

// errNoFont is wrapped by the error for a font that is not installed.
var errNoFont = errors.New("a font the letters need is not installed")

// loadFonts finds each family with fontconfig (as Chromium does) and
// parses it. A collection (.ttc) is read once for all its faces.
func loadFonts() (*fontSet, error) {
	fs := &fontSet{faces: map[string]*fontFace{}}
	files := map[string][]byte{}
	for key, family := range letterFamilies {
		if family == "" {
			continue
		}
		out, err := exec.Command("fc-match", "-f", "%{file}|%{index}|%{family}", family+":style=Regular").Output()
		if err != nil {
			return nil, fmt.Errorf("%w: fc-match %q: %v (install fontconfig: apt-get install fontconfig)", errNoFont, family, err)
		}
		file, rest, _ := strings.Cut(string(out), "|")
		index, names, _ := strings.Cut(rest, "|")
		// fc-match always answers, with its nearest font when the family
		// is missing: the family it found must be the one asked for.
		if !containsFold(strings.Split(names, ","), family) {
			return nil, fmt.Errorf("%w: %q (fontconfig offers %q instead; apt-get install fonts-noto-core fonts-noto-cjk)", errNoFont, family, names)
		}
		i, err := strconv.Atoi(index)
		if err != nil {
			return nil, fmt.Errorf("fc-match %q: index %q", family, index)
		}
		data, ok := files[file]
		if !ok {
			if data, err = os.ReadFile(file); err != nil {
				return nil, fmt.Errorf("font %q: %w", family, err)
			}
			files[file] = data
		}
		f, err := parseFace(data, i)
		if err != nil {
			return nil, fmt.Errorf("font %q in %s: %w", family, file, err)
		}
		fs.faces[key] = &fontFace{family: family, font: f, known: map[rune]bool{}}
	}
	return fs, nil
}

// parseFace parses face i of a font file or collection.
func parseFace(data []byte, i int) (*sfnt.Font, error) {
	if bytes.HasPrefix(data, []byte("ttcf")) {
		c, err := sfnt.ParseCollection(data)
		if err != nil {
			return nil, err
		}
		return c.Font(i)
	}
	return sfnt.Parse(data)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// missingGlyphError is a character no font of a letter's stack can draw.
type missingGlyphError struct {
	Rune  rune
	Where string // "the name", "the address", "the notice"
	Fonts []string
}

func (e *missingGlyphError) Error() string {
	return fmt.Sprintf("%s has the character %q (%U), which none of the letter's fonts (%s) can draw; the letter would print a gap",
		e.Where, e.Rune, e.Rune, strings.Join(e.Fonts, ", "))
}

// check returns an error for the first character of text that no face of
// stack has. Spaces and line ends need no glyph; a variation selector or a
// joiner changes the glyph before it and is drawn with it.
func (fs *fontSet) check(stack []string, where, text string) error {
	for _, r := range text {
		if r < 0x80 && r >= 0x20 {
			// ASCII is in every face of the stacks; a look-up per
			// character of every letter would be most of the check's time.
			continue
		}
		if unicode.IsSpace(r) || unicode.Is(unicode.Variation_Selector, r) || r == '\u200d' || r == '\u200c' {
			continue
		}
		found := false
		for _, key := range stack {
			if fs.faces[key].has(r) {
				found = true
				break
			}
		}
		if !found {
			names := make([]string, len(stack))
			for i, key := range stack {
				names[i] = fs.faces[key].family
			}
			return &missingGlyphError{Rune: r, Where: where, Fonts: names}
		}
	}
	return nil
}
