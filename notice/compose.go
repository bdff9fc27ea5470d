package notice

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
)

// Recipient is the person a notice is written to.
type Recipient struct {
	// Name is the full name, as the greeting uses it.
	Name string
	// Language is the preferred language: exactly one of the supported tags
	// (letter case and "_" aside), which selects it, en-XA included, or an
	// Accept-Language value, which is negotiated ([locale.Negotiate]).
	// Empty means English.
	Language string
	// Code is the notice's verification code ([DeriveCode]), which the
	// section on recognising our messages gives with how to check it. The
	// zero code leaves that paragraph out.
	Code VerificationCode
}

// maxNameLen bounds a recipient's name in bytes.
const maxNameLen = 512

func (r Recipient) validate() error {
	switch {
	case strings.TrimSpace(r.Name) == "":
		return fmt.Errorf("%w: empty name", ErrInvalidRecipient)
	case len(r.Name) > maxNameLen:
		return fmt.Errorf("%w: name of %d bytes, at most %d", ErrInvalidRecipient, len(r.Name), maxNameLen)
	}
	for i, c := range r.Name {
		// Bidirectional controls could make the greeting read as something
		// else; a name needs none.
		if isControl(c) || unicode.Is(unicode.Bidi_Control, c) || c == unicode.ReplacementChar {
			return fmt.Errorf("%w: name has character %U at byte %d", ErrInvalidRecipient, c, i)
		}
	}
	return nil
}

func (r Recipient) language() language.Tag {
	if tag, err := locale.Exact(r.Language); err == nil {
		return tag
	}
	return locale.Negotiate(r.Language)
}

// Fallback reports a message that a language lacked: ID names it (catalog
// message IDs, or "incident.narrative" and the like for the incident's
// texts), and Language is the language whose text was used instead.
type Fallback struct {
	ID       string
	Language language.Tag
}

// Composer writes the notices of one incident. [NewComposer] validates the
// incident and lays out everything that is the same for every recipient,
// in every language, once; [Composer.Compose] then only picks the pieces
// for one person. A Composer is immutable and safe for concurrent use.
type Composer struct {
	exposed exposure.Set
	pages   []*page // in locale.Supported order
	tags    []language.Tag
}

// An Option changes how a [Composer] writes.
type Option func(*options)

type options struct {
	catalog *locale.Catalog
}

// WithCatalog makes the composer use wording of its own instead of
// [Catalog]: for an organisation that words its notices differently. The
// catalog must have every message [Catalog] has in English, with
// placeholders among the English ones; a language that lacks a message
// falls back, and [Document.FellBack] reports it.
func WithCatalog(c *locale.Catalog) Option { return func(o *options) { o.catalog = c } }

// ErrInvalidCatalog is wrapped by the error for a catalog given with
// [WithCatalog] that lacks a message or uses a placeholder the notice does
// not fill.
var ErrInvalidCatalog = errors.New("notice: catalog cannot word a notice")

// NewComposer validates inc (see [Incident.Validate]) and prepares its
// notices in every supported language.
func NewComposer(inc Incident, opts ...Option) (*Composer, error) {
	o := options{catalog: Catalog()}
	for _, opt := range opts {
		opt(&o)
	}
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	if o.catalog != Catalog() {
		if err := checkCatalog(o.catalog); err != nil {
			return nil, err
		}
	}
	c := &Composer{exposed: inc.Exposed, tags: locale.Supported()}
	for _, tag := range c.tags {
		c.pages = append(c.pages, buildPage(o.catalog, &inc, tag))
	}
	return c, nil
}

// checkCatalog makes sure that a catalog of the caller's can word every
// notice: English has every message, and no text in any language uses a
// placeholder the notice does not fill. (The embedded catalog is held to
// more by TestCatalogCheck.)
func checkCatalog(c *locale.Catalog) error {
	var problems []error
	for _, id := range Catalog().IDs() {
		want, _, _ := Catalog().Lookup(locale.English, id)
		allowed := want.Placeholders()
		for _, tag := range c.Languages() {
			m, from, ok := c.Lookup(tag, id)
			if !ok {
				problems = append(problems, fmt.Errorf("%w: no English text for %q", ErrInvalidCatalog, id))
				break
			}
			if from != tag {
				continue
			}
			for _, name := range m.Placeholders() {
				if !slices.Contains(allowed, name) {
					problems = append(problems, fmt.Errorf("%w: %v %q uses {%s}, which the notice does not fill (it fills %v)",
						ErrInvalidCatalog, tag, id, name, allowed))
				}
			}
		}
	}
	return errors.Join(problems...)
}

// Compose writes the notice for r about the exposure assessed in a. It
// refuses an assessment with nothing exposed ([ErrNothingExposed]: no notice
// is owed) and one naming a category the incident did not expose
// ([ErrContradiction]), and a recipient without a usable name
// ([ErrInvalidRecipient]).
func (c *Composer) Compose(r Recipient, a exposure.Assessment) (Document, error) {
	exposed := a.Exposed()
	if exposed.IsEmpty() {
		return Document{}, ErrNothingExposed
	}
	if extra := exposed.Difference(c.exposed); !extra.IsEmpty() {
		return Document{}, fmt.Errorf("%w: the incident did not expose %v", ErrContradiction, extra)
	}
	if err := r.validate(); err != nil {
		return Document{}, err
	}
	// Spaces around a name are a typing accident; the greeting should not
	// show them (and a line must not start or end with one).
	name := strings.TrimSpace(r.Name)
	// QuickSpan finds the end of the NFC prefix without allocating, so the
	// common name (already NFC) costs a scan; a decomposed one (Vietnamese
	// with combining marks, Hangul as jamo) is composed as the rest of the
	// notice is.
	if norm.NFC.QuickSpanString(name) < len(name) {
		name = norm.NFC.String(name)
	}
	tag := r.language()
	for i, t := range c.tags {
		if t == tag {
			return Document{page: c.pages[i], name: name, assessment: a, code: r.Code}, nil
		}
	}
	return Document{page: c.pages[0], name: name, assessment: a, code: r.Code}, nil // unreachable: locale returns supported tags
}

// Compose writes one notice: [NewComposer] then [Composer.Compose]. To write
// many notices of one incident, make a Composer once and reuse it.
func Compose(inc Incident, r Recipient, a exposure.Assessment) (Document, error) {
	c, err := NewComposer(inc)
	if err != nil {
		return Document{}, err
	}
	return c.Compose(r, a)
}
