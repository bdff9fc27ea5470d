package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The address block of a letter: what shows in the envelope's window.
//
// sample.Address keeps an address's lines as they are written on an
// envelope in its country, above the country; where the name goes, how the
// person is addressed and how the country is written depend on the
// country and on the script the address is written in:
//
//   - Japan, China, Taiwan, Korea, Hong Kong and Macao write an address in
//     their own script from the largest unit to the smallest (postcode,
//     prefecture or province, city, street, building, room) and the name
//     last, with a form of address: 様 in Japan (Japan Post, "宛名の書き
//     方"), 收 in Chinese (China Post and Chunghwa Post envelope samples;
//     Hongkong Post's Chinese addressing guide), 귀하 in Korea (Korea
//     Post, "우편물 주소 쓰는 법"). The same addresses written in Latin
//     letters go from the smallest unit to the largest, name first, as
//     the English guides of the same posts show.
//   - The United Kingdom (Royal Mail, "Addressing your mail": post town
//     in capitals, postcode on its own last line), the United States
//     (USPS Publication 28: name, delivery line, then city, state and ZIP
//     Code on the last line), Singapore (SingPost: "SINGAPORE" and the
//     postcode on the last line) and the default (UPU, "Postal addressing
//     systems in member countries", S42) write the name first and the
//     address from the smallest unit to the largest.
//   - A letter crosses a border as often as not (the organisation's print
//     house may be anywhere), so the country is the last line, in English
//     capitals, as the UPU asks of international mail; it is left out
//     when the address's last line already names the country (Singapore
//     and Hong Kong addresses end with it).

// addressBlock returns the lines of the address block of a letter to name
// at address lines in country (ISO 3166-1), and the language tag its text
// is in (for its font and line breaking: Han characters in a Japanese
// address take Japanese shapes).
func addressBlock(name string, lines []string, country string) (block []string, lang string) {
	native := nativeScript(lines)
	lang = addressLang(country, native)
	switch {
	case native && country == "JP":
		block = append(append(block, lines...), name+" 様")
	case native && country == "KR":
		block = append(append(block, lines...), name+" 귀하")
	case native && (country == "CN" || country == "TW" || country == "HK" || country == "MO"):
		block = append(append(block, lines...), name+" 收")
	default:
		block = append(append(block, name), lines...)
	}
	if c := countryLine(country); c != "" && !strings.HasPrefix(strings.ToUpper(lines[len(lines)-1]), c) {
		block = append(block, c)
	}
	return block, lang
}

// nativeScript reports whether an address is written in Han, kana or
// Hangul: the big-to-small order of East Asian addresses.
func nativeScript(lines []string) bool {
	for _, l := range lines {
		for _, r := range l {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				return true
			}
		}
	}
	return false
}

// addressLang is the language of an address's text: the country's when it
// is written in the country's own script, else "" (the letter's own).
func addressLang(country string, native bool) string {
	if !native {
		if country == "TH" {
			return "th"
		}
		return ""
	}
	switch country {
	case "JP":
		return "ja"
	case "KR":
		return "ko"
	case "CN", "SG":
		return "zh-Hans"
	case "HK", "MO":
		return "zh-Hant-HK"
	case "TW":
		return "zh-Hant"
	}
	return ""
}

// countryNames are the countries whose English short names the UPU's list
// writes otherwise than CLDR, or which people expect in another form.
var countryNames = map[string]string{
	"KR": "REPUBLIC OF KOREA",
	"US": "UNITED STATES OF AMERICA",
	"GB": "UNITED KINGDOM",
	"HK": "HONG KONG",
	"MO": "MACAO",
	"TW": "TAIWAN",
}

// countryLine is the country's name for the last line: English, capitals.
func countryLine(country string) string {
	if n, ok := countryNames[country]; ok {
		return n
	}
	r, err := language.ParseRegion(country)
	if err != nil {
		return ""
	}
	return strings.ToUpper(display.English.Regions().Name(r))
}
