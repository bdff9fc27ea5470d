package duty

import (
	"sync"
	"time"

	"github.com/breachkit/breachkit/exposure"
)

// DefaultRules returns the rules of the research table
// (research/jurisdictions.md, mid-2026 sources): the EU and UK GDPR, Hong
// Kong, Japan, South Korea, mainland China, Taiwan, Singapore, Australia,
// Canada, the US majority rule and California, New York, Texas and Florida.
// Each jurisdiction's rules are in a file of their own (rules_jp.go...).
// The slice is new on every call: change it freely and pass it to [NewRules].
func DefaultRules() []Rule {
	var rs []Rule
	for _, part := range [][]Rule{
		rulesEU(), rulesGB(), rulesHK(), rulesJP(), rulesKR(), rulesCN(), rulesTW(),
		rulesSG(), rulesAU(), rulesCA(), rulesUS(), rulesUSCA(), rulesUSNY(), rulesUSTX(), rulesUSFL(),
	} {
		rs = append(rs, part...)
	}
	return rs
}

// Default returns [DefaultRules], compiled once: every call returns the
// same immutable table, so counters from different calls merge. It panics
// if the rules are invalid, which a test rules out.
func Default() *Rules { return defaultRules() }

var defaultRules = sync.OnceValue(func() *Rules {
	rs, err := NewRules(DefaultRules())
	if err != nil {
		panic(err)
	}
	return rs
})

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func cats(cs ...exposure.Category) []exposure.Category { return cs }

// anyBreach holds for everyone in the incident.
var anyBreach = []Condition{{}}

// Categories the laws group, used by several jurisdictions' files.
var (
	// specialCategories are GDPR Art. 9 and 10 data and their analogues
	// (Japan's 要配慮, Korea's 민감정보, Taiwan's Art. 6 data).
	specialCategories = cats(exposure.Health, exposure.Genetic, exposure.Biometric, exposure.RacialOrEthnicOrigin,
		exposure.ReligiousOrPhilosophical, exposure.PoliticalOpinions, exposure.TradeUnionMembership,
		exposure.SexLifeOrOrientation, exposure.CriminalRecord)
	// loginNames are what an account signs in with.
	loginNames = cats(exposure.Email, exposure.Username)
	// secrets open an account.
	secrets = cats(exposure.Password, exposure.SecurityAnswers)
)
