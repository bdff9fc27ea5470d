package main

import (
	"fmt"
	"html"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// paper is a sheet and where a window envelope shows the address on it.
// All lengths are in millimetres from the sheet's top left corner.
type paper struct {
	name          string // in batch file names and the manifest: "a4", "letter"
	css           string // the @page size
	width, height float64
	// The page margins of the notice's text.
	top, right, bottom, left float64
	// The address field: what the envelope's window shows, whichever way
	// the folded sheet sits in the envelope.
	windowX, windowY, windowW, windowH float64
	// fold is where the sheet is first folded: the notice starts below it.
	fold float64
}

// paperA4 follows DIN 5008:2020 form B, the layout for window envelopes
// DL, C6/5 and C5 (DIN 680: a 90 x 45 mm window 20 mm from the left and
// 15 mm from the top): the address field is 85 x 45 mm, 20 mm from the
// left and 45 mm from the top edge; the text starts 25 mm from the left;
// the sheet is folded at 105 and 210 mm. The address is written from
// 25 mm, 5 mm inside the field, as the standard says.
var paperA4 = paper{
	name: "a4", css: "A4", width: 210, height: 297,
	top: 15, right: 20, bottom: 20, left: 25,
	windowX: 25, windowY: 45, windowW: 80, windowH: 45,
	fold: 105,
}

// paperLetter is US Letter for a #10 window envelope (4 1/8 x 9 1/2 in,
// window 4 1/2 x 1 1/8 in, 7/8 in from the left and 1/2 in from the
// bottom; the commercial standard sizes of the Envelope Manufacturers
// Association and USPS Publication 25). Folded in three (panels of
// 3 2/3 in), the top panel shows through the window from 2.04 to 3.17 in
// below the sheet's top when the sheet rests at the bottom of the
// envelope, as it does in an inserter and in the post; the address field
// keeps inside that, from 2 1/8 to 3 1/8 in, and from 1 in on the left.
var paperLetter = paper{
	name: "letter", css: "letter", width: 215.9, height: 279.4,
	top: 12.7, right: 19.05, bottom: 19.05, left: 25.4,
	windowX: 25.4, windowY: 53.975, windowW: 95.25, windowH: 25.4,
	fold: 93.13,
}

// paperFor is the paper of a letter to country: US Letter in the United
// States, A4 elsewhere.
func paperFor(country string) paper {
	if country == "US" {
		return paperLetter
	}
	return paperA4
}

// letterStyle is the CSS of a batch on p, after the notice's own
// Stylesheet: every letter starts a page; its head (reference, sender,
// address field, date) fills the first panel of the folded sheet and is
// never split; the notice follows. Fonts are named exactly (see
// letterFamilies) and set by class on every element of a letter, so that
// the notice's screen font stacks, which name fonts of other systems, do
// not apply.
func letterStyle(p paper) string {
	var b strings.Builder
	fmt.Fprintf(&b, `@page { size: %s; margin: %.2fmm %.2fmm %.2fmm %.2fmm; }
body { margin: 0; padding: 0; font-size: 10pt; line-height: 1.45; }
.letter { break-before: page; }
.letter:first-child { break-before: auto; }
.letter-head { position: relative; height: %.2fmm; break-inside: avoid; overflow: hidden; }
.letter-ref { position: absolute; top: 0; right: 0; font-size: 6pt; color: #555; text-decoration: none; }
.letter-from { position: absolute; top: 4mm; left: 0; width: 120mm; font-size: 9pt; line-height: 1.35; }
.letter-from .org { font-size: 12pt; font-weight: 700; }
.letter-window { position: absolute; top: %.2fmm; left: %.2fmm; width: %.2fmm; height: %.2fmm; break-inside: avoid; overflow: hidden; }
.letter-return { font-size: 6.5pt; line-height: 1.2; border-bottom: 0.2pt solid #555; margin-bottom: 1.5mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.letter-address { font-size: 10pt; line-height: 1.2; }
.letter-address div { overflow-wrap: anywhere; }
.letter-date { position: absolute; top: %.2fmm; right: 0; font-size: 10pt; }
.letter .breach-notice { max-width: none; margin: 0; }
.letter .breach-notice h1 { font-size: 14pt; }
.letter .breach-notice h2 { font-size: 11.5pt; margin-top: 5mm; break-after: avoid; }
.letter .breach-notice h3 { font-size: 10.5pt; break-after: avoid; }
.letter .breach-notice li, .letter .breach-notice p { orphans: 2; widows: 2; }
.letter .breach-notice .notice-summary { break-inside: avoid; }
.letter * { font-family: inherit !important; }
`, p.css, p.top, p.right, p.bottom, p.left,
		p.fold-p.top, p.windowY-p.top, p.windowX-p.left, p.windowW, p.windowH, p.windowY-p.top)
	for _, stack := range allStacks() {
		fmt.Fprintf(&b, ".fs-%s { font-family: %s !important; }\n", strings.Join(stack, "_"), cssFamilies(stack))
	}
	return b.String()
}

// allStacks lists every stack stackFor can return.
func allStacks() [][]string {
	seen := map[string]bool{}
	var out [][]string
	for _, lang := range []string{"", "th", "ja", "ko", "zh-Hans", "zh-Hant", "zh-Hant-HK"} {
		for _, country := range []string{"", "JP", "KR", "CN", "TW", "HK"} {
			s := stackFor(lang, country)
			if k := strings.Join(s, "_"); !seen[k] {
				seen[k] = true
				out = append(out, s)
			}
		}
	}
	return out
}

func cssFamilies(stack []string) string {
	f := make([]string, len(stack))
	for i, key := range stack {
		f[i] = `"` + letterFamilies[key] + `"`
	}
	return strings.Join(f, ", ")
}

func stackClass(stack []string) string { return "fs-" + strings.Join(stack, "_") }

// letterSender is the organisation as a letter's head and return line name it.
type letterSender struct {
	email, phone, web string
	names             notice.Localized
	english           string
}

func newLetterSender(inc notice.Incident) (letterSender, error) {
	_, addr, err := senderOf(inc)
	if err != nil {
		return letterSender{}, err
	}
	return letterSender{email: addr, phone: inc.Contact.Phone, web: inc.Contact.Web, names: inc.Organisation, english: inc.Organisation[locale.English]}, nil
}

// name is the organisation's name in a language, else in English.
func (s letterSender) name(tag language.Tag) string {
	for t := tag; ; t = t.Parent() {
		if n, ok := s.names[t]; ok && n != "" {
			return n
		}
		if t == language.Und {
			return s.english
		}
	}
}

// letterParts is everything a letter prints besides the notice, in the
// order of the page.
type letterParts struct {
	ref       string
	org       string
	contact   []string
	ret       string
	address   []string
	addrStack []string
	date      string
}

// makeLetterParts prepares the head of the letter of l in the notice's
// language.
func makeLetterParts(s letterSender, l *store.Letter, tag language.Tag, day time.Time) letterParts {
	p := &l.Person
	org := s.name(tag)
	lp := letterParts{ref: p.ID, org: org}
	for _, c := range []string{s.web, s.email, s.phone} {
		if c != "" {
			lp.contact = append(lp.contact, c)
		}
	}
	// The return line, small above the address as DIN 5008 has it: what
	// the post returns an undeliverable letter to. The incident has an
	// email and a web address, not a postal one; the organisation's print
	// house adds its own return address where the post needs one.
	lp.ret = org + " · " + s.email
	var lang string
	lp.address, lang = addressBlock(p.Name, p.AddressLines, p.Country)
	if lang == "" {
		lang = tag.String()
	}
	lp.addrStack = stackFor(lang, p.Country)
	lp.date = locale.FormatDate(tag, locale.Day(day.Year(), day.Month(), day.Day()))
	return lp
}

// appendLetter appends one letter: its head and the notice.
func appendLetter(dst []byte, lp *letterParts, d notice.Document, country string) []byte {
	tag := d.Language().String()
	stack := stackClass(stackFor(tag, country))
	dst = fmt.Appendf(dst, `<section class="letter %s" lang="%s" id="%s">`+"\n", stack, tag, html.EscapeString(letterAnchor(lp.ref)))
	dst = append(dst, `<div class="letter-head">`+"\n"...)
	// The reference links to the letter's start, so that the PDF names the
	// page each letter starts on (letterPages).
	dst = fmt.Appendf(dst, `<a class="letter-ref" lang="en" href="#%s">%s</a>`+"\n", html.EscapeString(letterAnchor(lp.ref)), html.EscapeString(lp.ref))
	dst = fmt.Appendf(dst, `<div class="letter-from"><div class="org">%s</div>`, html.EscapeString(lp.org))
	for _, c := range lp.contact {
		dst = fmt.Appendf(dst, "<div>%s</div>", html.EscapeString(c))
	}
	dst = append(dst, "</div>\n"...)
	dst = fmt.Appendf(dst, `<div class="letter-window" data-id="%s"><div class="letter-return">%s</div>`, html.EscapeString(lp.ref), html.EscapeString(lp.ret))
	addrLang := ""
	if l, _ := addressBlockLang(lp); l != "" {
		addrLang = ` lang="` + l + `"`
	}
	dst = fmt.Appendf(dst, `<div class="letter-address %s"%s>`, stackClass(lp.addrStack), addrLang)
	for _, line := range lp.address {
		dst = fmt.Appendf(dst, "<div>%s</div>", html.EscapeString(line))
	}
	dst = append(dst, "</div></div>\n"...)
	dst = fmt.Appendf(dst, `<div class="letter-date">%s</div>`+"\n", html.EscapeString(lp.date))
	dst = append(dst, "</div>\n"...)
	dst = d.AppendHTMLFragment(dst)
	return append(dst, "</section>\n"...)
}

// addressBlockLang is the lang attribute of the address block: the
// language its stack is for.
func addressBlockLang(lp *letterParts) (string, bool) {
	switch lp.addrStack[0] {
	case "cjk-jp":
		return "ja", true
	case "cjk-kr":
		return "ko", true
	case "cjk-sc":
		return "zh-Hans", true
	case "cjk-tc":
		return "zh-Hant", true
	case "cjk-hk":
		return "zh-Hant-HK", true
	case "thai":
		return "th", true
	}
	return "", false
}

// batchHead and batchTail wrap the letters of a batch into one document.
func batchHead(p paper) []byte {
	return []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>letters</title>\n<style>\n" +
		notice.Stylesheet + letterStyle(p) + "</style>\n</head>\n<body>\n")
}

const batchTail = "</body>\n</html>\n"
