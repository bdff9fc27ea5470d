// Package sample holds the example programs' shared data: two incidents and
// their passengers. The seed incident is Cathay Pacific's 2018 data security
// event, with its own facts; the cards incident is fictional (an online shop
// whose payment page was compromised) and exposed every category, cards with
// security codes and passwords included.
//
// The incidents' texts, in every supported language, are JSON files under
// texts/, one per incident and language, embedded in the program.
package sample

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

//go:embed texts/*.json
var texts embed.FS

// Names returns the names of the sample incidents: "seed" and "cards".
func Names() []string { return []string{"seed", "cards"} }

// Incident returns the sample incident called name, or an error naming the
// names there are.
func Incident(name string) (notice.Incident, error) {
	var inc notice.Incident
	switch name {
	case "seed":
		inc = notice.Incident{
			// Facts: the seed notice; PCPD-2019; ICO-2020.
			Detected:               locale.Month(2018, time.March, locale.PeriodNone),
			Announced:              locale.Day(2018, time.October, 24),
			NoticesFrom:            locale.Day(2018, time.October, 25),
			NoticesUntil:           locale.Month(2018, time.November, locale.Early),
			Affected:               9_400_000,
			Contact:                notice.Contact{Email: "infosecurity@cathaypacific.com", Web: "https://infosecurity.cathaypacific.com"},
			SeparateFromOperations: true,
			Exposed: exposure.Of(exposure.Name, exposure.Nationality, exposure.DateOfBirth, exposure.Phone,
				exposure.Email, exposure.PostalAddress, exposure.PassportNumber, exposure.IdentityCardNumber,
				exposure.FrequentFlyerNumber, exposure.CustomerServiceRemarks, exposure.TravelHistory,
				exposure.CardExpired, exposure.CardWithoutCVV),
			// "no passwords were compromised"; the valid card numbers had no CVV.
			NotExposed: exposure.Of(exposure.CardWithCVV, exposure.Password),
		}
	case "cards":
		inc = notice.Incident{
			Detected:     locale.Day(2025, time.June, 2),
			Announced:    locale.Day(2025, time.June, 6),
			NoticesFrom:  locale.Day(2025, time.June, 9),
			NoticesUntil: locale.Month(2025, time.June, locale.Late),
			Affected:     48_200,
			// example addresses, and a number from the range Ofcom keeps for drama.
			Contact: notice.Contact{Email: "privacy@lanternbay.example", Phone: "+44 20 7946 0000", Web: "https://lanternbay.example/incident"},
			Exposed: exposure.AllCategories(),
		}
	default:
		return notice.Incident{}, fmt.Errorf("sample: no incident %q (there are %s)", name, strings.Join(Names(), ", "))
	}
	if err := loadTexts(name, &inc); err != nil {
		return notice.Incident{}, err
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

// incidentTexts is the content of texts/<incident>.<language>.json.
type incidentTexts struct {
	Organisation string `json:"organisation"`
	Narrative    string `json:"narrative"`
	Response     string `json:"response"`
}

func loadTexts(name string, inc *notice.Incident) error {
	files, err := fs.Glob(texts, "texts/"+name+".*.json")
	if err != nil {
		return err
	}
	inc.Organisation, inc.Narrative, inc.Response = notice.Localized{}, notice.Localized{}, notice.Localized{}
	for _, file := range files {
		lang := strings.TrimSuffix(strings.TrimPrefix(path.Base(file), name+"."), ".json")
		tag, err := locale.Exact(lang)
		if err != nil || tag.String() != lang {
			return fmt.Errorf("sample: %s: %q is not a supported language tag", file, lang)
		}
		data, err := texts.ReadFile(file)
		if err != nil {
			return err
		}
		var t incidentTexts
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return fmt.Errorf("sample: %s: %w", file, err)
		}
		inc.Organisation[tag], inc.Narrative[tag], inc.Response[tag] = t.Organisation, t.Narrative, t.Response
	}
	return nil
}

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
