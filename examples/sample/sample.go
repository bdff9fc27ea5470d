// Package sample holds the example programs' shared data: two incidents and
// their passengers. The seed incident is Cathay Pacific's 2018 data security
// event, with its own facts; the cards incident is fictional (an online shop
// whose payment page was compromised) and exposed every category, cards with
// security codes and passwords included.
//
// The incidents are incident files (see [notice.DecodeIncident]) under
// incidents/, embedded in the program and read with the same code that reads
// an organisation's own file.
package sample

import (
	"embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

//go:embed incidents/*.json
var incidentFiles embed.FS

// Names returns the names of the sample incidents: "seed" and "cards".
func Names() []string { return []string{"seed", "cards"} }

// IsSample reports whether name is a sample incident's name rather than an
// incident file (the published sample code key serves only the samples).
func IsSample(name string) bool { return slices.Contains(Names(), name) }

// Incident returns the sample incident called name, or an error naming the
// names there are.
func Incident(name string) (notice.Incident, error) {
	data, err := incidentFiles.ReadFile("incidents/" + name + ".json")
	if err != nil {
		return notice.Incident{}, fmt.Errorf("sample: no incident %q (there are %s)", name, strings.Join(Names(), ", "))
	}
	inc, err := notice.DecodeIncident(data)
	if err != nil {
		return notice.Incident{}, fmt.Errorf("sample: incidents/%s.json: %w", name, err)
	}
	return inc, nil
}

// MustIncident is Incident for names known to be right, in tests and examples.
func MustIncident(name string) notice.Incident {
	inc, err := Incident(name)
	if err != nil {
		panic(err)
	}
	return inc
}

// LoadIncident returns the incident that the programs' -incident flag names:
// a sample's name ("seed", "cards") or the path of an incident file. The
// error names every problem of a file with its JSON path and line:column.
func LoadIncident(nameOrFile string) (notice.Incident, error) {
	if IsSample(nameOrFile) {
		return Incident(nameOrFile)
	}
	data, err := os.ReadFile(nameOrFile)
	if err != nil {
		return notice.Incident{}, fmt.Errorf("-incident %s: neither a sample (%s) nor a file we can read: %w", nameOrFile, strings.Join(Names(), ", "), err)
	}
	inc, err := notice.DecodeIncident(data)
	if err != nil {
		return notice.Incident{}, &FileError{File: nameOrFile, Err: err}
	}
	return inc, nil
}

// FileError is an incident file that could not be read: each problem is
// on its own line under the file's name.
type FileError struct {
	File string
	Err  error // the problems, joined; each a *notice.FileProblem
}

func (e *FileError) Error() string {
	return e.File + ":\n  " + strings.ReplaceAll(e.Err.Error(), "\n", "\n  ")
}

func (e *FileError) Unwrap() error { return e.Err }

// Passenger is one person of an incident, as the passenger file gives them.
type Passenger struct {
	ID           string       `json:"id"` // a safe file name; see CheckID
	Membership   string       `json:"membership"`
	Name         string       `json:"name"`        // full name: the greeting and the To header
	FamilyName   string       `json:"family_name"` // for the portal's lookup only
	Email        string       `json:"email"`
	Language     string       `json:"language"`               // a tag or an Accept-Language value
	Jurisdiction string       `json:"jurisdiction,omitempty"` // where the person lives: "HK", "US-CA"
	Address      Address      `json:"address,omitzero"`       // for letters; zero when not known
	Exposed      exposure.Set `json:"exposed"`                // see PassengerDecoder: required, [] for nothing
}

// SamplePassenger returns the built-in sample passenger of the incident
// called name (the notify example's default).
func SamplePassenger(name string) (Passenger, error) {
	switch name {
	case "seed":
		return Passenger{ID: "P000001", Membership: "1234567890", Name: "Chan Tai Man", FamilyName: "Chan",
			Email: "chan.taiman@example.com", Language: "en",
			Exposed: exposure.Of(exposure.Name, exposure.DateOfBirth, exposure.Email, exposure.PassportNumber, exposure.FrequentFlyerNumber)}, nil
	case "cards":
		return Passenger{ID: "C000001", Membership: "LB-204518", Name: "Alex Morgan", FamilyName: "Morgan",
			Email: "alex.morgan@example.com", Language: "en",
			Exposed: exposure.Of(exposure.Name, exposure.Phone, exposure.Email, exposure.PostalAddress, exposure.CardWithCVV, exposure.Password)}, nil
	}
	return Passenger{}, fmt.Errorf("sample: no incident %q (there are %s)", name, strings.Join(Names(), ", "))
}

// Policy returns the default rules scoring with the incident's own
// circumstances (how the breach happened is the CB term of every person's
// score). The error is a bad incident's.
func Policy(inc notice.Incident) (*exposure.Policy, error) {
	return exposure.NewPolicy(exposure.DefaultRules(), exposure.DefaultBands(), inc.Circumstances)
}

// ReportFallbacks writes to w each text the incident lacks in a language
// notices are written in, and what readers get instead, and returns how
// many there are.
func ReportFallbacks(w io.Writer, inc notice.Incident) int {
	fallbacks := inc.Fallbacks()
	for _, f := range fallbacks {
		fmt.Fprintf(w, "translation missing: %v\n", f)
	}
	return len(fallbacks)
}

// NoticeLanguage is the language a passenger's notice is written in: their
// preference as locale.Choose reads it, except that en-XA, the
// pseudo-language for testing, gives English unless the run is a test.
func (p *Passenger) NoticeLanguage(testLanguages bool) language.Tag {
	tag := locale.Choose(p.Language)
	if tag == locale.Pseudo && !testLanguages {
		return locale.English
	}
	return tag
}

// SyntheticExposed is what synthetic passenger i (from 0) of the seed
// incident lost: the categories of AppendSynthetic's line, without writing
// or parsing it, for a program that only counts (notify -page -synthetic).
func SyntheticExposed(i int64) exposure.Set { return syntheticExposure(i, splitmix64(uint64(i))) }
