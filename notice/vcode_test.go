package notice_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var testCodeKey = []byte("breachkit test key, not a secret")

const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func mustCode(t testing.TB, incident, person string, ch notice.Channel) notice.VerificationCode {
	t.Helper()
	c, err := notice.DeriveCode(testCodeKey, incident, person, ch)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCodeStable(t *testing.T) {
	// A fixed value: a change to the derivation would change every code
	// already printed on paper.
	got := mustCode(t, "seed-2025", "P0001", notice.ChannelEmail).String()
	if diff := cmp.Diff("JMMP-F7C8-7TS4", got); diff != "" {
		t.Fatalf("mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 14 || got[4] != '-' || got[9] != '-' {
		t.Fatalf("code %q is not three groups of four", got)
	}
	for _, r := range strings.ReplaceAll(got, "-", "") {
		if !strings.ContainsRune(codeAlphabet, r) {
			t.Fatalf("code %q has %q, outside the alphabet", got, r)
		}
	}
}

func TestCodeDiffers(t *testing.T) {
	base := mustCode(t, "inc", "P1", notice.ChannelEmail)
	for name, other := range map[string]notice.VerificationCode{
		"channel":  mustCode(t, "inc", "P1", notice.ChannelLetter),
		"person":   mustCode(t, "inc", "P2", notice.ChannelEmail),
		"incident": mustCode(t, "inc2", "P1", notice.ChannelEmail),
		// Fields are length-prefixed: moving a byte between them is another input.
		"boundary": mustCode(t, "in", "cP1", notice.ChannelEmail),
	} {
		if other == base {
			t.Errorf("%s: the same code %v", name, base)
		}
	}
	k2 := append([]byte(nil), testCodeKey...)
	k2[0] ^= 1
	if c, _ := notice.DeriveCode(k2, "inc", "P1", notice.ChannelEmail); c == base {
		t.Errorf("another key gives the same code %v", c)
	}
}

func TestCodeRefusesBadInput(t *testing.T) {
	if _, err := notice.DeriveCode([]byte("short"), "i", "p", notice.ChannelEmail); !errors.Is(err, notice.ErrShortCodeKey) {
		t.Errorf("short key: error %v, want ErrShortCodeKey", err)
	}
	if _, err := notice.DeriveCode(testCodeKey, "i", "p", 0); !errors.Is(err, notice.ErrInvalidChannel) {
		t.Errorf("zero channel: error %v, want ErrInvalidChannel", err)
	}
}

// TestCodeCatchesEveryTypo changes each character of many codes to every
// other character of the alphabet, and swaps every pair of different
// neighbours: the check character refuses them all.
func TestCodeCatchesEveryTypo(t *testing.T) {
	for i := range 300 {
		code := mustCode(t, "inc", fmt.Sprint("P", i), notice.ChannelLetter)
		s := []byte(code.String())
		for pos := range s {
			if s[pos] == '-' {
				continue
			}
			orig := s[pos]
			for _, r := range []byte(codeAlphabet) {
				if r == orig {
					continue
				}
				s[pos] = r
				if _, err := notice.ParseVerificationCode(string(s)); !errors.Is(err, notice.ErrMalformedCode) {
					t.Fatalf("%s with %q at %d: error %v, want ErrMalformedCode", code, r, pos, err)
				}
			}
			s[pos] = orig
		}
		plain := []byte(strings.ReplaceAll(code.String(), "-", ""))
		for pos := 0; pos+1 < len(plain); pos++ {
			if plain[pos] == plain[pos+1] {
				continue
			}
			plain[pos], plain[pos+1] = plain[pos+1], plain[pos]
			if _, err := notice.ParseVerificationCode(string(plain)); !errors.Is(err, notice.ErrMalformedCode) {
				t.Fatalf("%s with %d and %d swapped: error %v, want ErrMalformedCode", code, pos, pos+1, err)
			}
			plain[pos], plain[pos+1] = plain[pos+1], plain[pos]
		}
	}
}

func TestParseCode(t *testing.T) {
	code := mustCode(t, "inc", "P1", notice.ChannelEmail)
	s := code.String()
	for name, in := range map[string]string{
		"as written": s,
		"lower case": strings.ToLower(s),
		"spaces":     strings.ReplaceAll(s, "-", " "),
		"run on":     strings.ReplaceAll(s, "-", ""),
		"padded":     "  " + s + " ",
	} {
		got, err := notice.ParseVerificationCode(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if diff := cmp.Diff(s, got.String()); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", name, diff)
		}
	}
	for name, in := range map[string]string{
		"empty":       "",
		"short":       s[:13],
		"long":        s + "2",
		"look-alike":  "0" + s[1:],
		"letter I":    "I" + s[1:],
		"non-ASCII":   "Ａ" + s[1:],
		"punctuation": s[:4] + "." + s[5:],
	} {
		if _, err := notice.ParseVerificationCode(in); !errors.Is(err, notice.ErrMalformedCode) {
			t.Errorf("%s %q: error %v, want ErrMalformedCode", name, in, err)
		}
	}
	var round notice.VerificationCode
	text, _ := code.MarshalText()
	if err := round.UnmarshalText(text); err != nil || round != code {
		t.Errorf("text round trip: %v, %v (want %v)", round, err, code)
	}
	if !(notice.VerificationCode{}).IsZero() || code.IsZero() || (notice.VerificationCode{}).String() != "" {
		t.Error("zero code is not zero, or a code is")
	}
}

// TestCodeCollisions derives the codes of many people on both channels and
// finds no two alike. It cannot reach 9.4 million in a test's time; the
// bound does (see TestCodeBirthdayBound).
func TestCodeCollisions(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	seen := make(map[notice.VerificationCode]string, 2*n)
	digests := make(map[[16]byte]bool, 2*n)
	for i := range n {
		for _, ch := range []notice.Channel{notice.ChannelEmail, notice.ChannelLetter} {
			who := fmt.Sprintf("P%07d/%v", i, ch)
			c := mustCode(t, "seed-2025", fmt.Sprintf("P%07d", i), ch)
			if prev, ok := seen[c]; ok {
				t.Fatalf("%s and %s share the code %v", prev, who, c)
			}
			seen[c] = who
			d := c.Digest(testCodeKey)
			if digests[d] {
				t.Fatalf("%s: repeated digest", who)
			}
			digests[d] = true
		}
	}
}

// TestCodeBirthdayBound states the collision argument: 11 characters from
// 31 carry the MAC, so among 9.4 million people with an email and a letter
// each (18.8 million codes) the chance that any two codes coincide is
// below 1%, and the chance that a guessed code is one we issued is below
// one in a billion per guess. A coincidence would not mislead anyone: both
// notices are genuine, and the check page says only that we sent one.
func TestCodeBirthdayBound(t *testing.T) {
	space := math.Pow(31, 11)
	codes := 2 * 9.4e6
	pairs := codes * (codes - 1) / 2
	if p := pairs / space; p >= 0.01 {
		t.Errorf("collision bound %.4f, want below 1%%", p)
	}
	if p := codes / space; p >= 1e-9 {
		t.Errorf("guessing bound %.2g per guess, want below 1e-9", p)
	}
}

// TestNoticeCarriesCode composes every sample passenger's notice with a
// code in every language: the code appears once in text and HTML, the
// text's lines keep their width, and a notice without a code has no code
// paragraph.
func TestNoticeCarriesCode(t *testing.T) {
	var lc layoutChecker
	for _, name := range sample.Names() {
		inc := sample.MustIncident(name)
		p, _ := sample.SamplePassenger(name)
		policy, err := sample.Policy(inc)
		if err != nil {
			t.Fatal(err)
		}
		a := policy.Assess(p.Exposed)
		code := mustCode(t, inc.ID, p.ID, notice.ChannelEmail)
		for _, tag := range locale.Supported() {
			d, err := composer(name).Compose(notice.Recipient{Name: p.Name, Language: tag.String(), Code: code}, a)
			if err != nil {
				t.Fatal(err)
			}
			text := string(d.AppendText(nil))
			lc.check(t, text)
			html := string(d.AppendHTML(nil))
			if got := [2]int{strings.Count(text, code.String()), strings.Count(html, `<strong class="notice-verification-code">`+code.String()+"</strong>")}; got != [2]int{1, 1} {
				t.Errorf("%s %v: code in text and HTML %v times, want once each", name, tag, got)
			}
			if d.Code() != code {
				t.Errorf("%s %v: Code() = %v, want %v", name, tag, d.Code(), code)
			}
			none, _ := composer(name).Compose(notice.Recipient{Name: p.Name, Language: tag.String()}, a)
			noText := string(none.AppendText(nil))
			if strings.Contains(string(none.AppendHTML(nil)), "notice-verification-code") || len(noText) >= len(text) {
				t.Errorf("%s %v: a notice without a code has a code paragraph", name, tag)
			}
		}
	}
}

func ExampleDeriveCode() {
	key := []byte("example key: keep the real one secret") // from the environment or a file
	email, _ := notice.DeriveCode(key, "seed-2025", "P0001", notice.ChannelEmail)
	letter, _ := notice.DeriveCode(key, "seed-2025", "P0001", notice.ChannelLetter)
	fmt.Println(len(email.String()), email != letter)

	typed, err := notice.ParseVerificationCode(strings.ToLower(email.String()))
	fmt.Println(typed == email, err)
	// Output:
	// 14 true
	// true <nil>
}
