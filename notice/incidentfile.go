package notice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/strictjson"
	"github.com/breachkit/breachkit/locale"
)

// IncidentFormat is the value of "format" in an incident file: the version
// of the layout that [DecodeIncident] reads and [EncodeIncident] writes.
const IncidentFormat = "breachkit-incident/1"

// ErrIncidentFile is wrapped by every problem [DecodeIncident] reports.
var ErrIncidentFile = errors.New("notice: bad incident file")

// FileProblem is one problem with an incident file: where it is, as a JSON
// path and a line and column, and what is wrong.
type FileProblem struct {
	Path         string // "$.contact.email", "$.narrative.ja"
	Line, Column int    // from 1; 0 when the value is missing from the file
	Msg          string
}

func (p *FileProblem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.Path, p.Msg)
	}
	return fmt.Sprintf("%d:%d: %s: %s", p.Line, p.Column, p.Path, p.Msg)
}

// Unwrap returns ErrIncidentFile.
func (p *FileProblem) Unwrap() error { return ErrIncidentFile }

// incidentFile is the JSON layout of an incident; the starter file in
// examples/incident.json explains each field. Field names match exactly.
type incidentFile struct {
	Format                 string             `json:"format"`
	ID                     string             `json:"id"`
	Organisation           map[string]string  `json:"organisation"`
	Detected               string             `json:"detected"`
	AwareAt                string             `json:"aware_at"`
	Announced              string             `json:"announced"`
	NoticesFrom            string             `json:"notices_from"`
	NoticesUntil           string             `json:"notices_until"`
	Affected               int64              `json:"affected"`
	Contact                contactFile        `json:"contact"`
	Sender                 string             `json:"sender"`
	SeparateFromOperations bool               `json:"separate_from_operations"`
	Exposed                *exposure.Set      `json:"exposed"`
	NotExposed             *exposure.Set      `json:"not_exposed"`
	Circumstances          *circumstancesFile `json:"circumstances"`
	Narrative              map[string]string  `json:"narrative"`
	Response               map[string]string  `json:"response"`
	// Updates are optional: the incident's history as its public page
	// lists it, oldest first.
	Updates []updateFile `json:"updates,omitempty"`
	// Notes explain the fields to whoever fills the file in (the starter
	// file has one per field); they are documentation and not read.
	Notes map[string]string `json:"notes,omitempty"`
}

type updateFile struct {
	Date string            `json:"date"`
	Text map[string]string `json:"text"`
}

type contactFile struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Web   string `json:"web,omitempty"`
}

type circumstancesFile struct {
	Confidentiality string `json:"confidentiality"`
	Integrity       string `json:"integrity"`
	Availability    string `json:"availability"`
	Malicious       bool   `json:"malicious"`
}

// The wire names of the ENISA circumstance levels, indexed by level.
var (
	confidentialityNames = []string{"none", "known_recipients", "unknown_recipients"}
	integrityNames       = []string{"intact", "recoverable", "irrecoverable"}
	availabilityNames    = []string{"intact", "temporary", "permanent"}
)

// DecodeIncident reads an incident file (see examples/incident.json for a
// starter with every field explained). It is strict: field names match
// exactly, a field given twice in any letter case or an unknown field is an
// error, and the incident must pass [Incident.Validate]. It reports every
// problem it finds, each a [*FileProblem] with its JSON path and line:column,
// joined.
func DecodeIncident(data []byte) (Incident, error) {
	var f incidentFile
	var problems []error
	reported := map[string]bool{}
	if err := strictjson.Unmarshal(data, &f); err != nil {
		readable := true
		for _, e := range strictjson.Errors(err) {
			problems = append(problems, &FileProblem{Path: e.Path, Line: e.Pos.Line, Column: e.Pos.Column, Msg: e.Msg})
			reported[e.Path] = true
			// Past a syntax error or invalid UTF-8 nothing was read; past
			// a bad field the rest was, and is checked too.
			readable = readable && e.Path != "?" && e.Path != "$"
		}
		if !readable {
			return Incident{}, errors.Join(problems...)
		}
	}
	places := strictjson.Places(data)
	fail := func(path, format string, args ...any) {
		reported[path] = true
		p := &FileProblem{Path: path, Msg: fmt.Sprintf(format, args...)}
		if pos, ok := places[path]; ok {
			p.Line, p.Column = pos.Line, pos.Column
		}
		problems = append(problems, p)
	}
	inc := f.incident(fail)
	if err := inc.Validate(); err != nil {
		unreadable := maps.Clone(reported)
		for _, e := range validationErrors(err) {
			// A value that could not be read was reported already; that its
			// zero value is also invalid says nothing more.
			if path := e.jsonPath(); !unreadable[path] {
				fail(path, "%s", e.Problem)
			}
		}
	}
	if len(problems) > 0 {
		return Incident{}, errors.Join(problems...)
	}
	return inc, nil
}

// incident converts the file's values, reporting those it cannot read.
func (f *incidentFile) incident(fail func(path, format string, args ...any)) Incident {
	if f.Format != IncidentFormat {
		fail("$.format", "%q; want %q (this version reads that layout)", f.Format, IncidentFormat)
	}
	if !validIncidentID(f.ID) {
		fail("$.id", "%q; want 1 to 64 lower-case letters, digits and '-', such as \"lanternbay-2025-06\"", f.ID)
	}
	inc := Incident{
		ID:                     f.ID,
		Affected:               f.Affected,
		Contact:                Contact{Email: f.Contact.Email, Phone: f.Contact.Phone, Web: f.Contact.Web},
		Sender:                 f.Sender,
		SeparateFromOperations: f.SeparateFromOperations,
	}
	inc.Organisation = localizedOf(f.Organisation, "$.organisation", fail)
	inc.Narrative = localizedOf(f.Narrative, "$.narrative", fail)
	inc.Response = localizedOf(f.Response, "$.response", fail)
	for i, u := range f.Updates {
		path := fmt.Sprintf("$.updates[%d]", i)
		date, err := ParseDate(u.Date)
		if err != nil {
			fail(path+".date", "%v", err)
		}
		if u.Text == nil {
			fail(path+".text", "missing: the update's text, in English at least")
		}
		inc.Updates = append(inc.Updates, Update{Date: date, Text: localizedOf(u.Text, path+".text", fail)})
	}
	for _, d := range []struct {
		path string
		text string
		into *locale.Date
	}{
		{"$.detected", f.Detected, &inc.Detected}, {"$.announced", f.Announced, &inc.Announced},
		{"$.notices_from", f.NoticesFrom, &inc.NoticesFrom}, {"$.notices_until", f.NoticesUntil, &inc.NoticesUntil},
	} {
		date, err := ParseDate(d.text)
		if err != nil {
			fail(d.path, "%v", err)
		}
		*d.into = date
	}
	if f.AwareAt == "" {
		fail("$.aware_at", "missing: when the organisation became aware of the breach, with its zone (2018-05-13T09:00:00+08:00)")
	} else if t, err := time.Parse(time.RFC3339, f.AwareAt); err != nil {
		fail("$.aware_at", "%q is not a time with its zone, such as 2018-05-13T09:00:00+08:00", f.AwareAt)
	} else {
		inc.AwareAt = t
	}
	if f.Exposed == nil {
		fail("$.exposed", "missing: the categories the incident exposed")
	} else {
		inc.Exposed = *f.Exposed
	}
	if f.NotExposed != nil {
		inc.NotExposed = *f.NotExposed
	}
	if f.Circumstances == nil {
		fail("$.circumstances", `missing: how the breach happened, for the ENISA score (see the starter file)`)
	} else {
		c := f.Circumstances
		inc.Circumstances.Malicious = c.Malicious
		for _, part := range []struct {
			path, value string
			names       []string
			set         func(uint8)
		}{
			{"$.circumstances.confidentiality", c.Confidentiality, confidentialityNames, func(l uint8) { inc.Circumstances.Confidentiality = exposure.Confidentiality(l) }},
			{"$.circumstances.integrity", c.Integrity, integrityNames, func(l uint8) { inc.Circumstances.Integrity = exposure.Integrity(l) }},
			{"$.circumstances.availability", c.Availability, availabilityNames, func(l uint8) { inc.Circumstances.Availability = exposure.Availability(l) }},
		} {
			level := slices.Index(part.names, part.value)
			if level < 0 {
				fail(part.path, "%q; want one of %s", part.value, strings.Join(part.names, ", "))
				continue
			}
			part.set(uint8(level))
		}
	}
	return inc
}

func localizedOf(m map[string]string, path string, fail func(path, format string, args ...any)) Localized {
	if m == nil {
		return nil
	}
	l := make(Localized, len(m))
	for lang, text := range m {
		tag, err := language.Parse(lang)
		if err != nil || tag.String() != lang {
			fail(path+"."+lang, "%q is not a language tag as we write them (en, ja, ko, zh-Hans, zh-Hant, zh-Hant-HK)", lang)
			continue
		}
		l[tag] = text
	}
	return l
}

func validIncidentID(id string) bool {
	if id == "" || len(id) > 64 || id[0] == '-' {
		return false
	}
	return strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) < 0
}

// EncodeIncident writes inc as an incident file that [DecodeIncident] reads
// back to the same incident: languages in the order of [locale.Supported],
// categories in canonical order, two-space indentation.
func EncodeIncident(inc Incident) ([]byte, error) {
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	str := func(s string) string { return string(jsonText(s)) }
	set := func(s exposure.Set) string { return string(jsonText(s)) }
	localized := func(name string, l Localized) {
		w("  %q: {", name)
		first := true
		for _, tag := range locale.Supported() {
			text, ok := l[tag]
			if !ok {
				continue
			}
			if !first {
				w(",")
			}
			first = false
			w("\n    %q: %s", tag.String(), str(text))
		}
		w("\n  }")
	}
	w("{\n  \"format\": %s,\n  \"id\": %s,\n", str(IncidentFormat), str(inc.ID))
	localized("organisation", inc.Organisation)
	w(",\n  \"detected\": %s,\n  \"aware_at\": %s,\n  \"announced\": %s,\n  \"notices_from\": %s,\n  \"notices_until\": %s,\n",
		str(FormatDate(inc.Detected)), str(inc.AwareAt.Format(time.RFC3339)), str(FormatDate(inc.Announced)),
		str(FormatDate(inc.NoticesFrom)), str(FormatDate(inc.NoticesUntil)))
	w("  \"affected\": %d,\n", inc.Affected)
	contact := jsonText(contactFile{Email: inc.Contact.Email, Phone: inc.Contact.Phone, Web: inc.Contact.Web})
	w("  \"contact\": %s,\n  \"sender\": %s,\n  \"separate_from_operations\": %t,\n", contact, str(inc.Sender), inc.SeparateFromOperations)
	w("  \"exposed\": %s,\n  \"not_exposed\": %s,\n", set(inc.Exposed), set(inc.NotExposed))
	c := inc.Circumstances
	w("  \"circumstances\": {\"confidentiality\": %s, \"integrity\": %s, \"availability\": %s, \"malicious\": %t},\n",
		str(confidentialityNames[c.Confidentiality]), str(integrityNames[c.Integrity]), str(availabilityNames[c.Availability]), c.Malicious)
	localized("narrative", inc.Narrative)
	w(",\n")
	localized("response", inc.Response)
	if len(inc.Updates) > 0 {
		w(",\n  \"updates\": [")
		for i, u := range inc.Updates {
			if i > 0 {
				w(",")
			}
			w("\n    {\n      \"date\": %s,\n      \"text\": {", str(FormatDate(u.Date)))
			first := true
			for _, tag := range locale.Supported() {
				text, ok := u.Text[tag]
				if !ok {
					continue
				}
				if !first {
					w(",")
				}
				first = false
				w("\n        %q: %s", tag.String(), str(text))
			}
			w("\n      }\n    }")
		}
		w("\n  ]")
	}
	w("\n}\n")
	return b.Bytes(), nil
}

// jsonText is v as compact JSON, with <, > and & as themselves: the file is
// read by people and by DecodeIncident, never embedded in HTML.
func jsonText(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, sets and a struct of strings always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// ParseDate reads a date as incident files write it: exact ("2018-10-24"),
// to the month ("2018-03"), or to the month with a period ("early 2018-11",
// "mid 2018-11", "late 2018-11").
func ParseDate(s string) (locale.Date, error) {
	period := locale.PeriodNone
	rest := s
	for _, p := range []locale.Period{locale.Early, locale.Mid, locale.Late} {
		if after, ok := strings.CutPrefix(s, p.String()+" "); ok {
			period, rest = p, after
		}
	}
	bad := fmt.Errorf("%q is not a date such as 2018-10-24, 2018-03 or early 2018-11", s)
	parts := strings.Split(rest, "-")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || (len(parts) == 3 && (len(parts[2]) != 2 || period != locale.PeriodNone)) {
		return locale.Date{}, bad
	}
	var n [3]int
	for i, part := range parts {
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 || strings.IndexFunc(part, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return locale.Date{}, bad
		}
		n[i] = v
	}
	d := locale.Date{Year: n[0], Month: time.Month(n[1]), Day: n[2], Period: period}
	if len(parts) == 3 && n[2] == 0 {
		return locale.Date{}, bad
	}
	if err := d.Validate(); err != nil {
		return locale.Date{}, fmt.Errorf("%q: %v", s, err)
	}
	return d, nil
}

// FormatDate writes d as [ParseDate] reads it.
func FormatDate(d locale.Date) string {
	if d.Day != 0 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	s := fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	if d.Period != locale.PeriodNone {
		s = d.Period.String() + " " + s
	}
	return s
}

// validationErrors returns the problems of a failed [Incident.Validate].
func validationErrors(err error) []*IncidentError {
	var out []*IncidentError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if ie, ok := e.(*IncidentError); ok {
			out = append(out, ie)
		}
	}
	return out
}

// fileFields maps the fields of [Incident] to their names in the file.
var fileFields = map[string]string{
	"ID": "id", "Organisation": "organisation", "Narrative": "narrative", "Response": "response",
	"Detected": "detected", "AwareAt": "aware_at", "Announced": "announced",
	"NoticesFrom": "notices_from", "NoticesUntil": "notices_until", "Affected": "affected",
	"Contact": "contact", "Contact.Email": "contact.email", "Contact.Phone": "contact.phone",
	"Contact.Web": "contact.web", "Sender": "sender", "Exposed": "exposed",
	"NotExposed": "not_exposed", "Circumstances": "circumstances", "Updates": "updates",
}

// jsonPath is where the problem lies in an incident file.
func (e *IncidentError) jsonPath() string {
	path := "$." + fileFields[e.Field]
	if rest, ok := strings.CutPrefix(e.Field, "Updates["); ok {
		// "Updates[2].Text" is "$.updates[2].text".
		path = "$.updates[" + strings.ToLower(rest)
	}
	if e.Lang != (language.Tag{}) {
		path += "." + e.Lang.String()
	}
	return path
}
