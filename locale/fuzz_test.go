package locale

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// negotiable reports whether t is one of the tags negotiation may return.
func negotiable(t language.Tag) bool {
	for _, s := range Supported() {
		if t == s {
			return t != Pseudo
		}
	}
	return false
}

// upperASCII upper-cases ASCII letters only, keeping every byte offset.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func FuzzNegotiate(f *testing.F) {
	for _, tc := range browserHeaders {
		f.Add(tc.header)
	}
	f.Add(strings.Repeat("zh-HK,", 800))
	f.Add(strings.Repeat("_", 5000) + ",ja")
	f.Fuzz(func(t *testing.T, h string) {
		got := Negotiate(h)
		if !negotiable(got) {
			t.Fatalf("Negotiate(%q) = %#v, not a negotiable supported tag", h, got)
		}
		if again := Negotiate(h); again != got {
			t.Fatalf("Negotiate(%q) = %v, then %v", h, got, again)
		}
		if u := strings.ReplaceAll(h, "_", "-"); Negotiate(u) != got {
			t.Errorf("Negotiate(%q) = %v, but with '-' for '_' %v", h, got, Negotiate(u))
		}
		if u := upperASCII(h); Negotiate(u) != got {
			t.Errorf("Negotiate(%q) = %v, but upper-cased %v", h, got, Negotiate(u))
		}
	})
}

func FuzzNegotiatePreferences(f *testing.F) {
	f.Add("zh_HK", "ja")
	f.Add("ZH-hk", "en-GB")
	f.Add("xx-!!", "ko")
	f.Add("*", "zh-Hant-MO")
	f.Add("yue", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := NegotiatePreferences(a, b)
		if !negotiable(got) {
			t.Fatalf("NegotiatePreferences(%q, %q) = %#v, not a negotiable supported tag", a, b, got)
		}
		if again := NegotiatePreferences(a, b); again != got {
			t.Fatalf("NegotiatePreferences(%q, %q) = %v, then %v", a, b, got, again)
		}
		// A preference is a header of one entry without a weight.
		if !strings.ContainsAny(a, ",;") && len(a) <= maxHeader {
			if p, h := NegotiatePreferences(a), Negotiate(a); p != h {
				t.Errorf("NegotiatePreferences(%q) = %v, but Negotiate(%q) = %v", a, p, a, h)
			}
		}
		// A preference that matches wins over the next.
		if r := trimOWS(a); validRange(r) {
			if l, ok := match(r); ok && got != l.tag() {
				t.Errorf("NegotiatePreferences(%q, %q) = %v, but %q alone gives %v", a, b, got, a, l.tag())
			}
		}
	})
}

func FuzzExact(f *testing.F) {
	for _, t := range Supported() {
		f.Add(t.String())
	}
	f.Add("zh_hant_hk")
	f.Add("EN-xa")
	f.Add("zh-HK")
	f.Add("en-GB")
	f.Fuzz(func(t *testing.T, s string) {
		tag, err := Exact(s)
		if err != nil {
			if !errors.Is(err, ErrUnsupported) || tag != language.Und {
				t.Fatalf("Exact(%q) = %v, %v; want und and ErrUnsupported", s, tag, err)
			}
			return
		}
		if _, ok := langOf(tag); !ok {
			t.Fatalf("Exact(%q) = %#v, not a supported tag", s, tag)
		}
		if back, err := Exact(tag.String()); err != nil || back != tag {
			t.Fatalf("Exact(%q) = %v, but Exact(%q) = %v, %v", s, tag, tag.String(), back, err)
		}
		if !strings.EqualFold(strings.ReplaceAll(s, "_", "-"), tag.String()) {
			t.Fatalf("Exact(%q) = %v, which is not the input up to case and '_'", s, tag)
		}
	})
}

// serialize writes parts back as catalog text, escaping literal braces.
func serialize(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Placeholder != "" {
			b.WriteString("{" + p.Placeholder + "}")
			continue
		}
		b.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(p.Text))
	}
	return b.String()
}

func collect(m Message) []Part {
	var parts []Part
	for p := range m.Parts() {
		parts = append(parts, p)
	}
	return parts
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"greeting": "{name} 様", "braces": "{{name}}"}`))
	f.Add([]byte(`{"greeting": "{name} 様",}`))
	f.Add([]byte(`{"a": "x", "a": "y"}`))
	f.Add([]byte(`{"a": "{", "b": "}}}"}`))
	f.Add([]byte(`{"a": {"b": "c"}}`))
	f.Add([]byte("\uFEFF{\"a\": \"\\u007b\\u007b\"}"))
	f.Add([]byte(`[]`))
	en := &fstest.MapFile{Data: []byte(`{"greeting": "Dear {name},", "braces": "Write {{name}}."}`)}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(fstest.MapFS{"en.json": en, "ja.json": {Data: data}})
		if err != nil {
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "ja.json") {
				t.Fatalf("Load error %v does not wrap ErrMalformed naming ja.json", err)
			}
			return
		}
		for _, m := range c.msgs[jaLang(t)] {
			if m.id == "" {
				continue
			}
			parts := collect(m)
			for i, p := range parts {
				if (p.Text == "") == (p.Placeholder == "") {
					t.Fatalf("%q: part %d %+v: want exactly one of Text and Placeholder", m.id, i, p)
				}
				if i > 0 && p.Text != "" && parts[i-1].Text != "" {
					t.Fatalf("%q: parts %d and %d are both text", m.id, i-1, i)
				}
			}
			again, err := parseMessage(m.id, serialize(parts))
			if err != nil {
				t.Fatalf("%q: reparsing %q: %v", m.id, serialize(parts), err)
			}
			if diff := cmp.Diff(parts, collect(again)); diff != "" {
				t.Fatalf("%q: reparsed parts mismatch (-want +got):\n%s", m.id, diff)
			}
			if got, from, ok := c.Lookup(Japanese, m.id); !ok || from != Japanese || got.String() != m.String() {
				t.Fatalf("Lookup(ja, %q) = %q, %v, %v", m.id, got.String(), from, ok)
			}
		}
		for _, p := range c.Check() {
			if p.Language != English && p.Language != Japanese && p.Kind != Missing {
				t.Fatalf("unexpected problem %v", p)
			}
		}
	})
}

func FuzzMessageAppend(f *testing.F) {
	f.Add("Dear {name},", "Chan Tai Man", "x")
	f.Add("{a}{b}{a}", "{b}", "%s")
	f.Add("{{literal}} {v}", "", "\x00")
	f.Add("no placeholders", "a", "b")
	f.Fuzz(func(t *testing.T, src, v1, v2 string) {
		m, err := parseMessage("id", src)
		if err != nil {
			return
		}
		names := m.Placeholders()
		var args []Arg
		for i, n := range names {
			args = append(args, Arg{n, []string{v1, v2}[i%2]})
		}
		var want bytes.Buffer
		for p := range m.Parts() {
			if p.Placeholder == "" {
				want.WriteString(p.Text)
				continue
			}
			v, _ := argValue(args, p.Placeholder)
			want.WriteString(v)
		}
		got, err := m.Append([]byte("prefix:"), args...)
		if err != nil {
			t.Fatalf("Append(%q): %v", src, err)
		}
		if string(got) != "prefix:"+want.String() {
			t.Fatalf("Append(%q) = %q, want %q", src, got, "prefix:"+want.String())
		}
		if len(names) > 0 {
			got, err := m.Append([]byte("prefix:"), args[1:]...)
			if !errors.Is(err, ErrMissingArg) || string(got) != "prefix:" {
				t.Fatalf("Append(%q) without {%s} = %q, %v; want ErrMissingArg and dst unchanged", src, names[0], got, err)
			}
		}
	})
}

// jaLang is Japanese's row.
func jaLang(t *testing.T) lang {
	l, ok := langNamed("ja")
	if !ok {
		t.Fatal("no row ja")
	}
	return l
}
