package duty

// A jurisdiction is held as a slot: a country code "JP" is one of 26*26
// slots, a US subdivision "US-CA" one of the 26*26 after them. Slots make
// the per-person accumulation a table lookup, not a map's.
const numSlots = 2 * 26 * 26

var euMembers = []string{
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
	"LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}

var eeaOnly = []string{"IS", "LI", "NO"}

// usSubdivisions are the ISO 3166-2:US codes: the states, the District of
// Columbia and the outlying areas.
var usSubdivisions = []string{
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
	"KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
	"NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
	"WI", "WY", "DC", "AS", "GU", "MP", "PR", "UM", "VI",
}

func upper(b byte) bool { return 'A' <= b && b <= 'Z' }

// slotOf returns the slot of a person's jurisdiction, or -1. It does not allocate.
func slotOf(j string) int {
	switch {
	case len(j) == 2 && upper(j[0]) && upper(j[1]):
		return int(j[0]-'A')*26 + int(j[1]-'A')
	case len(j) == 5 && j[0] == 'U' && j[1] == 'S' && j[2] == '-' && upper(j[3]) && upper(j[4]):
		return 26*26 + int(j[3]-'A')*26 + int(j[4]-'A')
	}
	return -1
}

// slotName is the inverse of slotOf.
func slotName(s int) string {
	if s >= 26*26 {
		s -= 26 * 26
		return "US-" + string([]byte{byte('A' + s/26), byte('A' + s%26)})
	}
	return string([]byte{byte('A' + s/26), byte('A' + s%26)})
}

// expand returns the slots a rule's jurisdiction names, or false.
func expand(j string) ([]int, bool) {
	var codes []string
	switch j {
	case "EU":
		codes = euMembers
	case "EEA":
		codes = append(append(codes, euMembers...), eeaOnly...)
	case "US-*":
		for _, s := range usSubdivisions {
			codes = append(codes, "US-"+s)
		}
	default:
		if len(j) == 5 {
			known := false
			for _, s := range usSubdivisions {
				known = known || j[3:] == s
			}
			if !known {
				return nil, false
			}
		}
		codes = []string{j}
	}
	slots := make([]int, 0, len(codes))
	for _, c := range codes {
		s := slotOf(c)
		if s < 0 {
			return nil, false
		}
		slots = append(slots, s)
	}
	return slots, true
}
