package notice

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
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
	// ID names the incident in files, stores and message ids: lower-case
	// letters, digits and '-' ("lanternbay-2025-06"). Optional for a notice;
	// an incident file must have one.
	ID string

	// Organisation is the name of the organisation that writes the notice,
	// in each language ("Cathay Pacific", "キャセイパシフィック航空").
	Organisation Localized

	// Detected is when the unauthorised access was detected, Announced when
	// the incident was made public, and NoticesFrom and NoticesUntil the
	// period in which individual notices such as this one are sent. Each is
	// exact or to the month ([locale.Day], [locale.Month]).
	Detected, Announced, NoticesFrom, NoticesUntil locale.Date

	// AwareAt is the moment the organisation became aware of the breach,
	// with its zone: the deadlines of the notification laws run from it.
	// Optional for a notice (the zero time); an incident file must have it.
	AwareAt time.Time

	// Affected is the number of people affected.
	Affected int64

	// Contact is how people reach the organisation about the incident.
	Contact Contact

	// Sender is the address notices are sent from, with or without a
	// display name ("Lantern Bay Travel <privacy@lanternbay.example>").
	// Optional.
	Sender string

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

	// Circumstances are how the breach happened, the CB term of the ENISA
	// score (an attacker: malicious; data seen by unknown recipients), the
	// same for everyone in the incident. The zero value has no aggravating
	// circumstance.
	Circumstances exposure.Circumstances

	// Narrative says what happened; Response what the organisation is doing
	// about it. Paragraphs are separated by "\n".
	Narrative, Response Localized

	// Updates are what the organisation has said since, oldest first, as the
	// public page lists them ([NewPublicPage]). Optional.
	Updates []Update
}

// Update is one dated entry in the incident's history: "we finished writing
// to everyone affected". Its text is one paragraph, in English with
// translations as the incident's other texts.
type Update struct {
	Date locale.Date
	Text Localized
}

// maxUpdates bounds the updates of an incident: a page lists every one.
const maxUpdates = 100

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

// IncidentError is one problem [Incident.Validate] found: the field, the
// language for a text, and what is wrong. It wraps [ErrInvalidIncident].
type IncidentError struct {
	Field   string       // the Go field: "Contact.Email", "Narrative"
	Lang    language.Tag // for a text in one language; else the zero Tag
	Problem string
}

func (e *IncidentError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrInvalidIncident, e.Field, e.Problem)
}

// Unwrap returns ErrInvalidIncident.
func (e *IncidentError) Unwrap() error { return ErrInvalidIncident }

// Validate reports everything that keeps the incident from making a
// complete notice, joined, each an [*IncidentError] that wraps
// [ErrInvalidIncident] and names the field.
func (inc *Incident) Validate() error {
	var problems []error
	fail := func(field, format string, args ...any) {
		problems = append(problems, &IncidentError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	failLang := func(field string, tag language.Tag, format string, args ...any) {
		problems = append(problems, &IncidentError{Field: field, Lang: tag, Problem: fmt.Sprintf(format, args...)})
	}
	checkLocalized(failLang, "Organisation", inc.Organisation, false)
	checkLocalized(failLang, "Narrative", inc.Narrative, true)
	checkLocalized(failLang, "Response", inc.Response, true)
	validateUpdates(inc.Updates, fail, failLang)
	if inc.ID != "" && !validIncidentID(inc.ID) {
		fail("ID", "%q; want 1 to 64 lower-case letters, digits and '-', not starting with '-'", inc.ID)
	}
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
	if !inc.AwareAt.IsZero() {
		aware := locale.Day(inc.AwareAt.Year(), inc.AwareAt.Month(), inc.AwareAt.Day())
		if after(inc.Detected, aware) {
			fail("AwareAt", "aware of the breach before it was detected")
		}
	}
	if inc.Affected <= 0 {
		fail("Affected", "%d people; want at least 1", inc.Affected)
	}
	inc.Contact.validate(fail)
	if inc.Sender != "" {
		if a, err := mail.ParseAddress(inc.Sender); err != nil || strings.ContainsAny(inc.Sender, "\r\n") || strings.ContainsFunc(a.Name, isControl) {
			fail("Sender", "%q is not an email address (with or without a display name)", inc.Sender)
		}
	}
	if inc.Exposed.IsEmpty() {
		fail("Exposed", "the incident exposed no category")
	}
	if both := inc.Exposed.Intersect(inc.NotExposed); !both.IsEmpty() {
		fail("NotExposed", "%v also in Exposed", both)
	}
	if c := inc.Circumstances; c.Confidentiality > exposure.ConfidentialityUnknownRecipients ||
		c.Integrity > exposure.IntegrityIrrecoverable || c.Availability > exposure.AvailabilityPermanent {
		fail("Circumstances", "a level out of range: %+v", c)
	}
	return errors.Join(problems...)
}

func checkLocalized(failLang func(string, language.Tag, string, ...any), field string, l Localized, paragraphs bool) {
	if strings.TrimSpace(l[locale.English]) == "" {
		failLang(field, locale.English, "no English text")
	}
	for tag, text := range l {
		if exact, err := locale.Exact(tag.String()); err != nil || exact != tag || tag == locale.Pseudo {
			failLang(field, tag, "language %v is not one of ours (en-XA is generated)", tag)
			continue
		}
		if strings.TrimSpace(text) == "" {
			failLang(field, tag, "empty %v text", tag)
		}
		if !utf8.ValidString(text) {
			failLang(field, tag, "%v text is not valid UTF-8", tag)
			continue
		}
		if len(text) > maxTextLen {
			failLang(field, tag, "%v text of %d bytes, at most %d", tag, len(text), maxTextLen)
		}
		if i := strings.IndexFunc(text, func(r rune) bool { return isControl(r) && !(paragraphs && r == '\n') }); i >= 0 {
			failLang(field, tag, "%v text has a control character at byte %d", tag, i)
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

// TextFallback is a text an incident lacks in one language, and the text
// its readers get instead.
type TextFallback struct {
	Field string       // "Organisation", "Narrative", "Response" or "Updates[i]"
	Lang  language.Tag // the language without its own text
	From  language.Tag // the language whose text stands in for it
}

func (f TextFallback) String() string {
	s := fmt.Sprintf("%s: no %v text; readers of %v get the %v text", f.Field, f.Lang, f.Lang, f.From)
	if f.Lang == locale.ChineseHK && f.From != locale.English {
		s += " (Taiwan's wording standing in for Hong Kong's)"
	}
	return s
}

// Fallbacks lists every text the incident lacks in a supported language
// (en-XA, generated from English, aside), with the language whose text
// readers get instead along [locale.Fallback]. A program that sends notices
// reports them before it sends anything: a reader may get a notice whose
// narrative is in another language than the rest.
func (inc *Incident) Fallbacks() []TextFallback {
	var out []TextFallback
	for _, f := range []struct {
		name string
		l    Localized
	}{{"Organisation", inc.Organisation}, {"Narrative", inc.Narrative}, {"Response", inc.Response}} {
		out = appendFallbacks(out, f.name, f.l)
	}
	for i, u := range inc.Updates {
		out = appendFallbacks(out, updateField(i), u.Text)
	}
	return out
}

// appendFallbacks appends the fallbacks of one text of the incident.
func appendFallbacks(out []TextFallback, name string, l Localized) []TextFallback {
	for _, tag := range locale.Supported() {
		if tag == locale.Pseudo {
			continue
		}
		if _, ok := l[tag]; ok {
			continue
		}
		_, from := localizedText(l, tag)
		out = append(out, TextFallback{Field: name, Lang: tag, From: from})
	}
	return out
}

// updateField names update i as IncidentError.Field and TextFallback.Field
// do: "Updates[0]".
func updateField(i int) string { return "Updates[" + strconv.Itoa(i) + "]" }

// validateUpdates checks the incident's updates: a date each, in order
// (a date known to the month may share its month with an exact one), and
// a text as the incident's other texts, in one paragraph.
func validateUpdates(updates []Update, fail func(string, string, ...any), failLang func(string, language.Tag, string, ...any)) {
	if len(updates) > maxUpdates {
		fail("Updates", "%d updates, at most %d", len(updates), maxUpdates)
		return
	}
	for i, u := range updates {
		field := updateField(i)
		if err := u.Date.Validate(); err != nil {
			fail(field+".Date", "%v", err)
		} else if i > 0 && after(updates[i-1].Date, u.Date) {
			fail(field+".Date", "%s is before the update above it (%s): list updates oldest first",
				FormatDate(u.Date), FormatDate(updates[i-1].Date))
		}
		checkLocalized(failLang, field+".Text", u.Text, false)
	}
}
