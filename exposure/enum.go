package exposure

import (
	"fmt"
	"strconv"
)

// enumName returns names[v], or "Type(v)" when v is out of range or unnamed,
// so that String methods never panic on a converted value.
func enumName(names []string, v uint8, typ string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return typ + "(" + strconv.Itoa(int(v)) + ")"
}

// parseEnum finds the value whose name is exactly s.
func parseEnum(names []string, s string) (uint8, bool) {
	for v, name := range names {
		if name != "" && name == s {
			return uint8(v), true
		}
	}
	return 0, false
}

// appendEnum appends the wire name of v, or fails for a value with no name.
func appendEnum(b []byte, names []string, v uint8, typ string) ([]byte, error) {
	if int(v) >= len(names) || names[v] == "" {
		return b, fmt.Errorf("exposure: cannot marshal invalid %s", enumName(names, v, typ))
	}
	return append(b, names[v]...), nil
}
