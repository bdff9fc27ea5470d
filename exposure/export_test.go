package exposure

// FiredBits exposes, to the tests, the bit set of the rules that fired (bit i
// for the policy's rule i), so that checking "adding a category never
// unfires a rule" over millions of pairs does not look IDs up.
func FiredBits(a Assessment) [2]uint64 { return a.fired }

// ActionBits exposes the bit set of the recommended actions (bit a for action a).
func ActionBits(a Assessment) uint64 { return a.actions }
