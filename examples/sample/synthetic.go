package sample

import (
	"strconv"

	"github.com/breachkit/breachkit/exposure"
)

// AppendSynthetic appends, as one JSON line without its newline, synthetic
// passenger i (from 0) of the seed incident, deterministically: passenger i
// is always the same, whatever else is generated. The passengers follow the
// seed incident's proportions as published (SEED-NOTICE, PCPD-2019): about
// half lost only a name with a phone number or email address; about 9% a
// passport number (860,000 of 9.4 million); about 2.6% an identity card
// number (245,000); exactly 403 expired card numbers and 27 card numbers
// without CVV per 9.4 million. Languages follow a Hong Kong airline's
// customers. Passenger i has id S<i+1>, membership number
// 1000000000+i+1 and the family name SyntheticFamilyName(i).
func AppendSynthetic(dst []byte, i int64) []byte { return appendSynthetic(dst, i) }

// SyntheticFamilyName is the family name of synthetic passenger i, as the
// portal is asked for it.
func SyntheticFamilyName(i int64) string { return syntheticLanguage(splitmix64(uint64(i))).family }

// SeedPassengers is the number of people the seed incident affected.
const SeedPassengers = 9_400_000

// A Hong Kong airline's customers' languages, per thousand, with the
// Accept-Language values their systems record.
// The family name is the Latin spelling a booking holds, which the portal
// asks for.
type syntheticKind struct {
	perMille     int
	value        string
	name, family string
}

var syntheticLanguages = []syntheticKind{
	{450, "zh-HK,zh;q=0.9,en;q=0.8", "Chan Tai Man", "Chan"},
	{250, "en-GB,en;q=0.9", "Sarah Thompson", "Thompson"},
	{80, "zh-TW,zh;q=0.9", "林美玲", "Lin"},
	{80, "zh-CN,zh;q=0.9", "陈伟", "Chen"},
	{60, "ja", "山田 花子", "Yamada"},
	{50, "ko-KR,ko;q=0.9", "김민준", "Kim"},
	{30, "fr-FR,fr;q=0.9,en;q=0.5", "Léa Dubois", "Dubois"},
}

// splitmix64 is a fixed, well-mixed function of i: the generator's only
// source of variety, so that passenger i never depends on the others.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// everyNth reports whether passenger i is one of count spread evenly over
// each SeedPassengers.
func everyNth(i int64, count int64) bool {
	return (i+1)*count/SeedPassengers != i*count/SeedPassengers
}

func syntheticExposure(i int64, h uint64) exposure.Set {
	roll := func(shift uint) uint64 { return (h >> shift) % 1000 }
	s := exposure.Of(exposure.Name)
	// Cards first, at their exact rates; a passenger with one did not lose
	// only contact details.
	if everyNth(i, 403) {
		s = s.With(exposure.CardExpired)
	}
	if everyNth(i+7, 27) {
		s = s.With(exposure.CardWithoutCVV)
	}
	if roll(0) < 500 && s.Len() == 1 { // contact only
		if h&(1<<40) != 0 {
			return s.With(exposure.Phone)
		}
		return s.With(exposure.Email)
	}
	s = s.With(exposure.Email)
	extras := []exposure.Category{exposure.Nationality, exposure.DateOfBirth, exposure.Phone, exposure.PostalAddress,
		exposure.FrequentFlyerNumber, exposure.CustomerServiceRemarks, exposure.TravelHistory}
	for k, c := range extras {
		if h&(1<<(44+k)) != 0 {
			s = s.With(c)
		}
	}
	// 90 and 26 per thousand of all passengers, drawn among the half that
	// lost more than contact details.
	if roll(10) < 180 {
		s = s.With(exposure.PassportNumber)
	}
	if roll(20) < 52 {
		s = s.With(exposure.IdentityCardNumber)
	}
	return s
}

// syntheticLanguage picks passenger h's language, name and family name.
func syntheticLanguage(h uint64) syntheticKind {
	pick := int(h>>52) % 1000
	for _, l := range syntheticLanguages {
		if pick < l.perMille {
			return l
		}
		pick -= l.perMille
	}
	return syntheticLanguages[len(syntheticLanguages)-1]
}

func appendSynthetic(dst []byte, i int64) []byte {
	h := splitmix64(uint64(i))
	lang := syntheticLanguage(h)
	id := i + 1
	dst = append(dst, `{"id":"S`...)
	dst = appendPadded(dst, id, 9)
	dst = append(dst, `","membership":"`...)
	dst = appendPadded(dst, 1_000_000_000+id, 10)
	dst = append(dst, `","name":"`...)
	dst = append(dst, lang.name...)
	dst = append(dst, `","family_name":"`...)
	dst = append(dst, lang.family...)
	dst = append(dst, `","email":"s`...)
	dst = appendPadded(dst, id, 9)
	dst = append(dst, `@example.com","language":"`...)
	dst = append(dst, lang.value...)
	dst = append(dst, `","exposed":`...)
	set := syntheticExposure(i, h)
	b, _ := set.MarshalJSON()
	dst = append(dst, b...)
	return append(dst, '}')
}

func appendPadded(dst []byte, v int64, width int) []byte {
	s := strconv.FormatInt(v, 10)
	for range width - len(s) {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
