package notice

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
)

// Errors of [Compose] and [NewComposer]; test with [errors.Is].
var (
	// ErrInvalidIncident: the incident lacks something every notice needs, or
	// holds a value that cannot be right. No half notice is ever written.
	ErrInvalidIncident = errors.New("notice: invalid incident")
	// ErrInvalidRecipient: the recipient's name is empty, too long or holds
	// control characters.
	ErrInvalidRecipient = errors.New("notice: invalid recipient")
	// ErrNothingExposed: the assessment exposed nothing, so no notice is owed.
	ErrNothingExposed = errors.New("notice: nothing exposed, no notice is owed")
	// ErrContradiction: the assessment names categories the incident did not
	// expose, or ones it assures people were not exposed.
	ErrContradiction = errors.New("notice: assessment contradicts the incident")
)

// Localized is a text in English with translations, keyed by the supported
// languages of [locale.Supported] (not [locale.Pseudo], which is generated
// from English). English is required. A language without its own text falls
// back along [locale.Fallback] (zh-Hant-HK to zh-Hant to English), and the
// [Document] reports that it did.
//
// In a narrative, "\n" separates paragraphs.
type Localized map[language.Tag]string

// Incident is what happened, told the same way to everyone it affected.
type Incident struct {
	// Organisation is the name of the organisation that writes the notice,
	// in each language ("Cathay Pacific", "キャセイパシフィック航空").
	Organisation Localized

	// Detected is when the unauthorised access was detected, Announced when
	// the incident was made public, and NoticesFrom and NoticesUntil the
	// period in which individual notices such as this one are sent. Each is
	// exact or to the month ([locale.Day], [locale.Month]).
	Detected, Announced, NoticesFrom, NoticesUntil locale.Date

	// Affected is the number of people affected.
	Affected int64

	// Contact is how people reach the organisation about the incident.
	Contact Contact

	// SeparateFromOperations says the affected systems are separate from
	// the systems that run the organisation's operations (for an airline,
	// its flight operations), which were not affected.
	SeparateFromOperations bool

	// Exposed is every category the incident exposed for anyone. An
	// assessment naming a category outside it is a contradiction.
	Exposed exposure.Set
	// NotExposed is what the organisation can assure people was not exposed
	// (the seed incident: passwords). It must not overlap Exposed. Notices
	// say so explicitly.
	NotExposed exposure.Set

	// Narrative says what happened; Response what the organisation is doing
	// about it. Paragraphs are separated by "\n".
	Narrative, Response Localized
}

// Contact holds the organisation's channels for questions about the
// incident. At least an email address or a web address is required. These
// are the only links a notice carries.
type Contact struct {
	Email string // a bare address: help@example.com
	Phone string // as people dial it: +852 2747 3333
	Web   string // an https URL
}

// maxTextLen bounds each text of an incident, generously: a notice is read
// by people, and a megabyte narrative is a mistake.
const maxTextLen = 16 << 10

// Validate reports everything that keeps the incident from making a
// complete notice, joined, each wrapping [ErrInvalidIncident] and naming the
// field.
func (inc *Incident) Validate() error {
	var problems []error
	fail := func(field, format string, args ...any) {
		problems = append(problems, fmt.Errorf("%w: %s: %s", ErrInvalidIncident, field, fmt.Sprintf(format, args...)))
	}
	checkLocalized(fail, "Organisation", inc.Organisation, false)
	checkLocalized(fail, "Narrative", inc.Narrative, true)
	checkLocalized(fail, "Response", inc.Response, true)
	for _, d := range []struct {
		field string
		date  locale.Date
	}{{"Detected", inc.Detected}, {"Announced", inc.Announced}, {"NoticesFrom", inc.NoticesFrom}, {"NoticesUntil", inc.NoticesUntil}} {
		if err := d.date.Validate(); err != nil {
			fail(d.field, "%v", err)
		}
	}
	if after(inc.Detected, inc.Announced) {
		fail("Announced", "announced before it was detected")
	}
	if after(inc.NoticesFrom, inc.NoticesUntil) {
		fail("NoticesUntil", "notices end before they start")
	}
	if inc.Affected <= 0 {
		fail("Affected", "%d people; want at least 1", inc.Affected)
	}
	inc.Contact.validate(fail)
	if inc.Exposed.IsEmpty() {
		fail("Exposed", "the incident exposed no category")
	}
	if both := inc.Exposed.Intersect(inc.NotExposed); !both.IsEmpty() {
		fail("NotExposed", "%v also in Exposed", both)
	}
	return errors.Join(problems...)
}

func checkLocalized(fail func(string, string, ...any), field string, l Localized, paragraphs bool) {
	if strings.TrimSpace(l[locale.English]) == "" {
		fail(field, "no English text")
	}
	for tag, text := range l {
		if exact, err := locale.Exact(tag.String()); err != nil || exact != tag || tag == locale.Pseudo {
			fail(field, "language %v is not one of ours (en-XA is generated)", tag)
			continue
		}
		if strings.TrimSpace(text) == "" {
			fail(field, "empty %v text", tag)
		}
		if !utf8.ValidString(text) {
			fail(field, "%v text is not valid UTF-8", tag)
			continue
		}
		if len(text) > maxTextLen {
			fail(field, "%v text of %d bytes, at most %d", tag, len(text), maxTextLen)
		}
		if i := strings.IndexFunc(text, func(r rune) bool { return isControl(r) && !(paragraphs && r == '\n') }); i >= 0 {
			fail(field, "%v text has a control character at byte %d", tag, i)
		}
	}
}

func (c Contact) validate(fail func(string, string, ...any)) {
	if c.Email == "" && c.Web == "" {
		fail("Contact", "neither an email nor a web address")
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || a.Name != "" {
			fail("Contact.Email", "%q is not a bare email address", c.Email)
		}
	}
	if c.Web != "" {
		u, err := url.Parse(c.Web)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || strings.ContainsAny(c.Web, " \"'<>") {
			fail("Contact.Web", "%q is not an https address", c.Web)
		}
	}
	if c.Phone != "" && strings.IndexFunc(c.Phone, func(r rune) bool {
		return !(r >= '0' && r <= '9') && !strings.ContainsRune("+-() ", r)
	}) >= 0 {
		fail("Contact.Phone", "%q has characters other than digits, spaces and +-()", c.Phone)
	}
}

// after reports whether a is certainly later than b. A date known to the
// month is compared at month precision.
func after(a, b locale.Date) bool {
	if a.Year != b.Year {
		return a.Year > b.Year
	}
	if a.Month != b.Month {
		return a.Month > b.Month
	}
	return a.Day != 0 && b.Day != 0 && a.Day > b.Day
}

func isControl(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// localizedText returns the text of l for tag along the fallback chain, and
// the language it came from. For en-XA it is the English text, which the
// caller pseudo-localizes (per paragraph, so each is bracketed).
func localizedText(l Localized, tag language.Tag) (text string, from language.Tag) {
	if tag == locale.Pseudo {
		return l[locale.English], tag
	}
	for t, ok := tag, true; ok; t, ok = locale.Fallback(t) {
		if text, found := l[t]; found {
			return text, t
		}
	}
	return l[locale.English], locale.English
}
