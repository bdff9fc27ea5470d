package notice

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// A VerificationCode is the short code a notice carries so that its reader
// can check, on the organisation's own website, that the notice is really
// from the organisation. It is a small, immutable, comparable value.
//
// A code is 12 characters from a 31-character alphabet without look-alikes
// (the digits 2-9 and the capital letters except I, L and O), written in
// three groups of four: "7KQD-M3XH-2RWA". The first 11 characters are
// taken from HMAC-SHA-256, under a secret key the organisation holds, of the
// incident, the person and the channel ([DeriveCode]); the last is a check
// character, so that any one mistyped character and any two swapped
// neighbours are caught before anything is looked up. Without the key a
// code can be neither guessed nor derived, and it says nothing about the
// person.
//
// The zero VerificationCode is "no code": a notice composed for a
// [Recipient] without one has no code paragraph.
type VerificationCode struct {
	c [codeLen]byte // the characters, from codeAlphabet; all zero for the zero code
}

const (
	codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	codeBase     = len(codeAlphabet) // 31: prime, so the weighted check catches every single change
	codeLen      = 12                // 11 from the MAC, 1 check character
	codeGroup    = 4
	// codeTextLen is the length of a code as written, with its hyphens.
	codeTextLen = codeLen + codeLen/codeGroup - 1
	// MinCodeKeyLen is the shortest key [DeriveCode] accepts, in bytes.
	MinCodeKeyLen = 16
)

// codeSpace is 31^11, the number of codes: about 2.5e16 (54.5 bits).
const codeSpace = 31 * 31 * 31 * 31 * 31 * 31 * 31 * 31 * 31 * 31 * 31

// Channel is how a notice reached its reader: it is part of what a
// [VerificationCode] is derived from, so that the same person's email and
// letter carry different codes. The zero Channel is not valid.
type Channel uint8

// The channels.
const (
	ChannelEmail Channel = iota + 1
	ChannelLetter
	numChannels
)

var channelNames = [numChannels]string{"", "email", "letter"}

// String returns the channel's wire name ("email", "letter"), or
// "Channel(n)" for a value that is not a channel.
func (c Channel) String() string {
	if c == 0 || c >= numChannels {
		return fmt.Sprintf("Channel(%d)", uint8(c))
	}
	return channelNames[c]
}

// MarshalText returns the channel's wire name; it refuses a value that is
// not a channel.
func (c Channel) MarshalText() ([]byte, error) {
	if c == 0 || c >= numChannels {
		return nil, fmt.Errorf("%w: %d", ErrInvalidChannel, uint8(c))
	}
	return []byte(channelNames[c]), nil
}

// UnmarshalText sets c from a wire name.
func (c *Channel) UnmarshalText(b []byte) error {
	for i := ChannelEmail; i < numChannels; i++ {
		if string(b) == channelNames[i] {
			*c = i
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrInvalidChannel, b)
}

var (
	// ErrInvalidChannel is wrapped by the error for a value that is not a [Channel].
	ErrInvalidChannel = errors.New("notice: not a channel")
	// ErrShortCodeKey is returned by [DeriveCode] for a key shorter than
	// [MinCodeKeyLen] bytes.
	ErrShortCodeKey = errors.New("notice: verification code key too short")
	// ErrMalformedCode is wrapped by the error of [ParseVerificationCode]
	// for text that is not a code, or whose check character does not match.
	ErrMalformedCode = errors.New("notice: not a verification code")
)

// DeriveCode returns the verification code of the notice of incident (its
// ID) sent to person (a stable identifier, such as the store's ID) by
// channel, under key. The same arguments always give the same code. The key
// is the organisation's secret: it belongs in neither the code nor the
// store.
func DeriveCode(key []byte, incident, person string, channel Channel) (VerificationCode, error) {
	if len(key) < MinCodeKeyLen {
		return VerificationCode{}, fmt.Errorf("%w: %d bytes, at least %d", ErrShortCodeKey, len(key), MinCodeKeyLen)
	}
	if channel == 0 || channel >= numChannels {
		return VerificationCode{}, fmt.Errorf("%w: %d", ErrInvalidChannel, uint8(channel))
	}
	m := hmac.New(sha256.New, key)
	// Length-prefixed fields: no two different triples write the same bytes.
	var buf []byte
	buf = append(buf, "breachkit verification code v1\x00"...)
	for _, f := range []string{incident, person, channelNames[channel]} {
		buf = binary.AppendUvarint(buf, uint64(len(f)))
		buf = append(buf, f...)
	}
	m.Write(buf)
	sum := m.Sum(nil)
	// 64 bits reduced modulo 31^11 (< 2^55): the bias is below 2^-9 per
	// value, which changes no bound that matters here.
	n := binary.BigEndian.Uint64(sum[:8]) % codeSpace
	var v [codeLen]int
	for i := codeLen - 2; i >= 0; i-- {
		v[i] = int(n % uint64(codeBase))
		n /= uint64(codeBase)
	}
	v[codeLen-1] = checkValue(v[:codeLen-1])
	var c VerificationCode
	for i, d := range v {
		c.c[i] = codeAlphabet[d]
	}
	return c, nil
}

// checkValue returns the check character's value for the first 11 values:
// the one that makes the sum of (position+1)·value over all 12 positions a
// multiple of 31. As 31 is prime and every weight is below it, changing one
// character changes the sum by a non-multiple of 31, and so does swapping
// two different neighbours (their weights differ by 1).
func checkValue(v []int) int {
	s := 0
	for i, d := range v {
		s += (i + 1) * d
	}
	// 12·x ≡ -s (mod 31), and 13 is the inverse of 12 modulo 31.
	return ((codeBase - s%codeBase) % codeBase * 13) % codeBase
}

// ParseVerificationCode reads a code as a person types it: letter case,
// spaces and hyphens do not matter. It refuses anything else, and a code
// whose check character does not match (a typo), with an error wrapping
// [ErrMalformedCode].
func ParseVerificationCode(s string) (VerificationCode, error) {
	var c VerificationCode
	var v [codeLen]int
	n := 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b == ' ' || b == '-' || b == '\t':
			continue
		case 'a' <= b && b <= 'z':
			b -= 'a' - 'A'
		}
		d := indexAlphabet(b)
		if d < 0 {
			return VerificationCode{}, fmt.Errorf("%w: character %q at byte %d", ErrMalformedCode, s[i], i)
		}
		if n == codeLen {
			return VerificationCode{}, fmt.Errorf("%w: more than %d characters", ErrMalformedCode, codeLen)
		}
		v[n] = d
		c.c[n] = codeAlphabet[d]
		n++
	}
	if n != codeLen {
		return VerificationCode{}, fmt.Errorf("%w: %d characters, want %d", ErrMalformedCode, n, codeLen)
	}
	if checkValue(v[:codeLen-1]) != v[codeLen-1] {
		return VerificationCode{}, fmt.Errorf("%w: check character does not match (a typo?)", ErrMalformedCode)
	}
	return c, nil
}

func indexAlphabet(b byte) int {
	for i := 0; i < codeBase; i++ {
		if codeAlphabet[i] == b {
			return i
		}
	}
	return -1
}

// IsZero reports whether c is the zero code, "no code".
func (c VerificationCode) IsZero() bool { return c == VerificationCode{} }

// AppendText appends the code as written, in groups of four joined by
// hyphens; the zero code appends nothing.
func (c VerificationCode) AppendText(dst []byte) ([]byte, error) {
	return c.appendTo(dst), nil
}

func (c VerificationCode) appendTo(dst []byte) []byte {
	if c.IsZero() {
		return dst
	}
	for i, b := range c.c {
		if i > 0 && i%codeGroup == 0 {
			dst = append(dst, '-')
		}
		dst = append(dst, b)
	}
	return dst
}

// MarshalText returns the code as written (see [VerificationCode.AppendText]).
func (c VerificationCode) MarshalText() ([]byte, error) {
	return c.appendTo(make([]byte, 0, codeTextLen)), nil
}

// UnmarshalText sets c from text, as [ParseVerificationCode] reads it.
func (c *VerificationCode) UnmarshalText(b []byte) error {
	v, err := ParseVerificationCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// String returns the code as written: "7KQD-M3XH-2RWA"; "" for the zero code.
func (c VerificationCode) String() string { return string(c.appendTo(nil)) }

// Digest returns a keyed digest of the code, under the same key as it was
// derived with: what a ledger records of a code's issue, and what a lookup
// of a typed code searches for, so that no store holds a code in clear and
// nobody without the key can tell which code a digest stands for. The
// zero code's digest is all zeros.
func (c VerificationCode) Digest(key []byte) [16]byte {
	var d [16]byte
	if c.IsZero() {
		return d
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("breachkit verification code digest v1\x00"))
	m.Write(c.c[:])
	copy(d[:], m.Sum(nil))
	return d
}
