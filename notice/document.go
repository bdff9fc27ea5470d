package notice

import (
	"errors"
	"io"
	"sync"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/textwrap"
)

// Document is one person's notice in one language, ready to be written as
// plain text or HTML. It is a small value that refers to its [Composer]'s
// prepared layout; writing it parses nothing and looks nothing up.
//
// The zero Document writes nothing and reports an error.
type Document struct {
	page       *page
	name       string
	assessment exposure.Assessment
	code       VerificationCode
}

// errZeroDocument is returned by the writers of a Document that Compose did
// not make.
var errZeroDocument = errors.New("notice: zero Document (use Compose)")

// Language returns the notice's language: always one of the supported tags
// exactly ([locale.Supported]). The zero Document's language is [language.Und].
func (d Document) Language() language.Tag {
	if d.page == nil {
		return language.Und
	}
	return d.page.tag
}

// Subject returns the subject line, for an email's Subject header or a page title.
func (d Document) Subject() string {
	if d.page == nil {
		return ""
	}
	return d.page.subject
}

// Title returns the notice's title, for the heading of a page and its
// <title>: what the subject says, without the conventions of an email
// subject line (Japanese 【】, Korean []).
func (d Document) Title() string {
	if d.page == nil {
		return ""
	}
	return d.page.title
}

// Code returns the notice's verification code: the zero code when the
// [Recipient] had none.
func (d Document) Code() VerificationCode { return d.code }

// Assessment returns the assessment the notice was written from.
func (d Document) Assessment() exposure.Assessment { return d.assessment }

// FellBack lists the messages of this notice that its language lacked, and
// the language used instead, in the order the notice uses them. It is empty
// when the notice is wholly in its own language.
func (d Document) FellBack() []Fallback {
	if d.page == nil {
		return nil
	}
	var out []Fallback
	for _, u := range d.page.fallbacks {
		if (u.category == 0 || d.assessment.Exposed().Has(u.category)) &&
			(u.action == 0 || d.assessment.HasAction(u.action)) {
			out = append(out, u.Fallback)
		}
	}
	return out
}

// AppendText appends the notice as plain text: lines of at most 76 columns
// (East Asian Width), ending in "\n".
func (d Document) AppendText(dst []byte) []byte {
	if d.page == nil {
		return dst
	}
	l := &d.page.text
	dst = d.appendGreetingText(dst)
	return d.appendBody(dst, l)
}

// AppendHTMLFragment appends the notice as an HTML fragment for embedding in
// a page: one <article> with class names and no style attributes (see
// [Stylesheet]), its lang attribute our tag verbatim. Text that fell back
// to another language ([Document.FellBack]) is in an element with its own
// lang attribute.
func (d Document) AppendHTMLFragment(dst []byte) []byte {
	if d.page == nil {
		return dst
	}
	return d.appendHTMLBody(dst, &d.page.html)
}

// AppendHTML appends the notice as a complete HTML document, made to be
// sent as an e-mail: its root lang attribute is our tag verbatim; the
// notice is in <main>, in a <div> (mail clients strip <article> and
// <section>); the styles that carry meaning are inline as well as in one
// <style> element in its head, sized in px; it has no links, no scripts
// and no external resources. Text that fell back to another language
// carries its own lang attribute, as in the fragment.
func (d Document) AppendHTML(dst []byte) []byte {
	if d.page == nil {
		return dst
	}
	dst = append(dst, d.page.htmlOpen...)
	dst = d.appendHTMLBody(dst, &d.page.mail)
	return append(dst, d.page.htmlClose...)
}

// appendHTMLBody appends the notice laid out as l, the fragment's or the
// mail's.
func (d Document) appendHTMLBody(dst []byte, l *layout) []byte {
	dst = append(dst, l.start...)
	dst = append(dst, d.page.greetingOpen...)
	dst = d.fillGreeting(dst, true)
	dst = append(dst, "</p>\n"...)
	return d.appendBody(dst, l)
}

// WriteText writes the notice as plain text (see [Document.AppendText]).
func (d Document) WriteText(w io.Writer) error { return d.write(w, Document.AppendText) }

// WriteHTML writes the notice as a complete HTML document (see [Document.AppendHTML]).
func (d Document) WriteHTML(w io.Writer) error { return d.write(w, Document.AppendHTML) }

// WriteHTMLFragment writes the notice as an HTML fragment (see [Document.AppendHTMLFragment]).
func (d Document) WriteHTMLFragment(w io.Writer) error {
	return d.write(w, Document.AppendHTMLFragment)
}

// buffers recycles the buffers the Write methods lay a notice out in, so
// that writing a notice costs one Write call and no allocation.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

func (d Document) write(w io.Writer, appendTo func(Document, []byte) []byte) error {
	if d.page == nil {
		return errZeroDocument
	}
	buf := buffers.Get().(*[]byte)
	*buf = appendTo(d, (*buf)[:0])
	_, err := w.Write(*buf)
	if cap(*buf) <= 64<<10 { // do not keep a buffer a pathological notice grew
		buffers.Put(buf)
	}
	return err
}

// appendBody appends everything after the greeting: the pieces shared by all
// recipients, with this recipient's categories and actions between them.
func (d Document) appendBody(dst []byte, l *layout) []byte {
	exposed := d.assessment.Exposed()
	dst = append(dst, l.head...)
	for c := range exposed.All() {
		dst = append(dst, l.category[c]...)
	}
	dst = append(dst, l.groupClose...)
	// The summary's "now" actions: Actions lists them first.
	now := false
	for a := range d.assessment.Actions() {
		if a.Urgency() != exposure.UrgencyNow {
			break
		}
		if !now {
			dst = append(dst, l.nowOpen...)
			now = true
		}
		dst = append(dst, l.nowAction[a]...)
	}
	if now {
		dst = append(dst, l.nowClose...)
	} else {
		dst = append(dst, l.nothingNow...)
	}
	dst = append(dst, l.info...)
	for c := range exposed.All() {
		dst = append(dst, l.category[c]...)
	}
	dst = append(dst, l.middle...)
	open := exposure.Urgency(0)
	for a := range d.assessment.Actions() {
		if u := a.Urgency(); u != open {
			if open != 0 {
				dst = append(dst, l.groupClose...)
			}
			dst = append(dst, l.groupOpen[u]...)
			open = u
		}
		dst = append(dst, l.action[a]...)
	}
	if open != 0 {
		dst = append(dst, l.groupClose...)
	}
	dst = append(dst, l.tail...)
	if !d.code.IsZero() {
		dst = append(dst, l.codeOpen...)
		dst = d.code.appendTo(dst)
		dst = append(dst, l.codeClose...)
	}
	return append(dst, l.end...)
}

// appendGreetingText appends the greeting line and a blank line. A greeting
// that fits on a line, as nearly all do, is written without layout work.
func (d Document) appendGreetingText(dst []byte) []byte {
	start := len(dst)
	dst = d.fillGreeting(dst, false)
	if textwrap.Width(string(dst[start:])) > lineWidth {
		line := string(dst[start:])
		dst = textwrap.Append(dst[:start], line, lineWidth, "", "")
	} else {
		dst = append(dst, '\n')
	}
	return append(dst, '\n')
}

// fillGreeting appends the greeting with the recipient's name, escaped for
// HTML if asHTML.
func (d Document) fillGreeting(dst []byte, asHTML bool) []byte {
	for p := range d.page.greeting.Parts() {
		switch {
		case p.Placeholder == "":
			if asHTML {
				dst = appendEscaped(dst, p.Text)
			} else {
				dst = append(dst, p.Text...)
			}
		case asHTML:
			dst = appendEscaped(dst, d.name)
		default:
			dst = append(dst, d.name...)
		}
	}
	return dst
}

// appendEscaped appends s escaped for HTML text and attribute values, as
// html.EscapeString does, without allocating.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}
