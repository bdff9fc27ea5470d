package main

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"net/textproto"
	"testing"
)

// dotWritten is what net/textproto's dot writer, go-smtp's data writer,
// puts on the wire for msg.
func dotWritten(t *testing.T, msg []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	w := textproto.NewWriter(bw).DotWriter()
	if _, err := w.Write(msg); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestDotStuff checks that relayConn.data's way, the message but its last
// CRLF stuffed at once and the rest through the dot writer, puts the same
// bytes on the wire as the dot writer alone, for every message it takes.
func TestDotStuff(t *testing.T) {
	msgs := []string{
		"\r\n", ".\r\n", "..\r\n", "a\r\n", ".a\r\n", "a\r\n.\r\n", "a\r\n.b\r\n..c\r\n", "\r\n\r\n", "\r\n.\r\n\r\n",
		"Subject: x\r\n\r\n.hidden\r\nend.\r\n.\r\n",
	}
	rng := rand.New(rand.NewPCG(1, 13))
	alphabet := []string{".", "a", "\r\n", "\r", "\n", ". "}
	for range 20000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		msgs = append(msgs, string(b))
	}
	taken := 0
	for _, m := range msgs {
		msg := []byte(m)
		var buf []byte
		ok := crlfOnly(msg)
		if (dotStuffed(&buf, msg) != nil) != ok {
			t.Fatalf("dotStuffed(%q) = nil: %v, want %v", msg, !ok, ok)
		}
		want := bytes.HasSuffix(msg, []byte("\r\n")) && !bytes.Contains(bytes.ReplaceAll(msg, []byte("\r\n"), nil), []byte("\r")) && !bytes.Contains(bytes.ReplaceAll(msg, []byte("\r\n"), nil), []byte("\n"))
		if ok != want {
			t.Fatalf("crlfOnly(%q) = %v, want %v", msg, ok, want)
		}
		if !ok {
			continue
		}
		taken++
		wire := dotStuffed(&buf, msg)
		if wire == nil {
			t.Fatalf("dotStuffed(%q) = nil", msg)
		}
		got := append(append([]byte(nil), wire...), dotWritten(t, msg[len(msg)-2:])...)
		if w := dotWritten(t, msg); !bytes.Equal(got, w) {
			t.Fatalf("%q: on the wire %q, want %q", msg, got, w)
		}
	}
	if taken < 1000 {
		t.Fatalf("only %d messages with CRLF line ends tried", taken)
	}
}
