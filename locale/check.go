package locale

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// ProblemKind is the kind of a [Problem] that [Catalog.Check] finds. The
// zero value is invalid.
type ProblemKind uint8

// The kinds of problem.
const (
	// Missing: the language's chain, short of English, lacks a message
	// that English has, so readers of the language get English.
	Missing ProblemKind = iota + 1
	// NotInEnglish: the language has a message English lacks (a removed
	// or misspelt ID).
	NotInEnglish
	// PlaceholdersDiffer: a translation's placeholders are not those of
	// the English text.
	PlaceholdersDiffer
	// Empty: a text is empty or only white space.
	Empty
)

// String returns "missing", "not_in_english", "placeholders_differ" or
// "empty"; "ProblemKind(N)" for any other value.
func (k ProblemKind) String() string {
	switch k {
	case Missing:
		return "missing"
	case NotInEnglish:
		return "not_in_english"
	case PlaceholdersDiffer:
		return "placeholders_differ"
	case Empty:
		return "empty"
	}
	return fmt.Sprintf("ProblemKind(%d)", uint8(k))
}

// Problem is one problem that [Catalog.Check] finds with a message of a
// language.
type Problem struct {
	Language language.Tag
	ID       string
	Kind     ProblemKind
	// For PlaceholdersDiffer: the placeholder names of the English text and
	// of the translation, each sorted, each name once.
	English, Translation []string
}

// String describes p for a person, for example:
//
//	ja: "greeting": missing
//	zh-Hans: "greeting": placeholders {name} differ from English {name} {org}
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q: ", p.Language, p.ID)
	switch p.Kind {
	case Missing:
		b.WriteString("missing")
		if parent, ok := Fallback(p.Language); ok && parent != English {
			fmt.Fprintf(&b, " (also from %s)", parent)
		}
	case NotInEnglish:
		b.WriteString("not in English")
	case PlaceholdersDiffer:
		b.WriteString("placeholders ")
		writeNames(&b, p.Translation)
		b.WriteString(" differ from English ")
		writeNames(&b, p.English)
	case Empty:
		b.WriteString("empty text")
	default:
		b.WriteString(p.Kind.String())
	}
	return b.String()
}

func writeNames(b *strings.Builder, names []string) {
	if len(names) == 0 {
		b.WriteString("(none)")
		return
	}
	for i, n := range names {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("{" + n + "}")
	}
}

// Check reports the catalog's problems, ordered by language (in
// [Supported] order), then message ID, then kind; nil for a clean catalog.
//
// Check looks at every supported language but en-XA, which is generated,
// whether or not it has a file:
//   - Missing: for each language but English, each English message that
//     the language's fallback chain does not provide short of English. A
//     zh-Hant-HK file may thus hold only what differs from zh-Hant; a
//     language without a file misses every message its chain does not
//     provide.
//   - NotInEnglish: each message of a language's file that English lacks.
//   - PlaceholdersDiffer: each translation whose set of placeholders is not
//     that of the English text (English and Translation list both).
//   - Empty: each empty or white-space text, English included; an empty
//     translation is not also reported for its placeholders.
func (c *Catalog) Check() []Problem {
	var probs []Problem
	for l := range langPseudo {
		own := c.msgs[l] // nil without a file
		for slot, m := range own {
			if m.id == "" {
				continue
			}
			en := c.msgs[langEN][slot]
			switch {
			case strings.TrimSpace(m.src) == "":
				probs = append(probs, Problem{Language: l.tag(), ID: m.id, Kind: Empty})
			case l == langEN:
			case en.id == "":
				probs = append(probs, Problem{Language: l.tag(), ID: m.id, Kind: NotInEnglish})
			default:
				if want, got := en.Placeholders(), m.Placeholders(); !slices.Equal(want, got) {
					probs = append(probs, Problem{Language: l.tag(), ID: m.id, Kind: PlaceholdersDiffer, English: want, Translation: got})
				}
			}
		}
		if l == langEN {
			continue
		}
		for slot, en := range c.msgs[langEN] {
			if en.id != "" && !c.providesShortOfEnglish(l, slot) {
				probs = append(probs, Problem{Language: l.tag(), ID: en.id, Kind: Missing})
			}
		}
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		la, _ := langOf(a.Language)
		lb, _ := langOf(b.Language)
		return cmp.Or(cmp.Compare(la, lb), strings.Compare(a.ID, b.ID), cmp.Compare(a.Kind, b.Kind))
	})
	return probs
}

// providesShortOfEnglish reports whether l's chain has the message at slot
// before it reaches English.
func (c *Catalog) providesShortOfEnglish(l lang, slot int) bool {
	for l != langEN {
		if own := c.msgs[l]; own != nil && own[slot].id != "" {
			return true
		}
		var ok bool
		if l, ok = l.parent(); !ok {
			return false
		}
	}
	return false
}
