package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

func runNotify(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestDefault: with no flags, the English text notice of the seed
// incident's sample passenger, exactly as the library writes it.
func TestDefault(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "")
	code, out, errOut := runNotify()
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	p, _ := sample.SamplePassenger("seed")
	vc, err := notice.DeriveCode([]byte(sample.SampleCodeKey), sample.MustIncident("seed").ID, p.ID, notice.ChannelEmail)
	if err != nil {
		t.Fatal(err)
	}
	d, err := notice.Compose(sample.MustIncident("seed"), notice.Recipient{Name: p.Name, Language: "en", Code: vc}, exposure.Assess(p.Exposed))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(d.AppendText(nil)), out); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(out, "Dear Chan Tai Man,\n") {
		t.Errorf("does not greet the sample passenger: %q", out[:40])
	}
}

func TestFlags(t *testing.T) {
	code, out, _ := runNotify("-incident", "cards", "-lang", "ja", "-exposed", "name,card_with_cvv,password", "-name", "山田 花子")
	if code != 0 || !strings.HasPrefix(out, "山田 花子 様\n") || !strings.Contains(out, "ランタンベイ") {
		t.Errorf("cards in Japanese: exit %d, output starts %q", code, out[:min(len(out), 60)])
	}
	// Any other -lang value is an Accept-Language header.
	code, out, _ = runNotify("-lang", "zh-MO,zh;q=0.9", "-exposed", "name,email")
	if code != 0 || !strings.Contains(out, "國泰航空") || strings.Contains(out, "国泰航空") {
		t.Errorf("zh-MO should negotiate to Hong Kong Chinese: exit %d\n%s", code, out)
	}
	code, out, _ = runNotify("-lang", "en-XA", "-exposed", "name")
	if code != 0 || !strings.Contains(out, "[Ðéåŕ") {
		t.Errorf("en-XA not selected: %q", out[:min(len(out), 60)])
	}
}

func TestHTMLFormat(t *testing.T) {
	code, out, _ := runNotify("-format", "html", "-lang", "ko", "-name", "<b>Kim</b>")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"ko\">") {
		t.Fatalf("exit %d, output %q", code, out[:min(len(out), 60)])
	}
	if _, err := html.Parse(strings.NewReader(out)); err != nil || strings.Contains(out, "<b>Kim") {
		t.Errorf("HTML does not parse (%v) or the name was not escaped", err)
	}
}

func TestJSONFormat(t *testing.T) {
	code, out, _ := runNotify("-format", "json", "-lang", "zh-TW", "-exposed", "email,name,passport_number")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Language string `json:"language"`
	}
	var a exposure.Assessment
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	want := exposure.Assess(exposure.Of(exposure.Name, exposure.Email, exposure.PassportNumber))
	if got.Language != "zh-Hant" || !a.Equal(want) {
		t.Errorf("got language %q, assessment %v; want zh-Hant, %v", got.Language, a, want)
	}
	if !strings.HasPrefix(out, `{"language":"zh-Hant","exposed":["name","email","passport_number"],"tier":"high",`) {
		t.Errorf("output %s", out)
	}
}

func TestNothingExposed(t *testing.T) {
	code, out, errOut := runNotify("-exposed", "")
	if code != 0 || errOut != "" || strings.Count(out, "\n") != 1 || !strings.Contains(out, "no notice") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		args []string
		bad  string // the value the one-line error must name
	}{
		{[]string{"-exposed", "name,shoe_size"}, "shoe_size"},
		{[]string{"-format", "pdf"}, "pdf"},
		{[]string{"-incident", "moon"}, "moon"},
		{[]string{"-bogus"}, "-bogus"},
		{[]string{"-exposed", "name,password"}, "password"},
		{[]string{"-incident", "seed", "-exposed", "card_with_cvv"}, "card_with_cvv"},
		{[]string{"-name", "Chan\nTai"}, "name"},
		{[]string{"stray"}, "stray"},
	}
	for _, tt := range tests {
		code, out, errOut := runNotify(tt.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.bad) {
			t.Errorf("notify %q: exit %d, stdout %q, stderr %q; want exit 2 and one line naming %q", tt.args, code, out, errOut, tt.bad)
		}
	}
}

// TestIncidentFile: -incident takes a file that was not compiled in; a
// broken file gets every problem named with its path and line:column.
func TestIncidentFile(t *testing.T) {
	var out, errOut strings.Builder
	if code := run([]string{"-incident", "../incident.json", "-lang", "ja"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "エグザンプル・ショップ") || !strings.Contains(out.String(), "顧客アカウント") {
		t.Errorf("the Japanese notice does not carry the file's organisation and narrative:\n%s", out.String())
	}
	// The starter has no Korean: reported, and printed only when allowed.
	out.Reset()
	errOut.Reset()
	if code := run([]string{"-incident", "../incident.json", "-lang", "ko"}, &out, &errOut); code != 1 || out.Len() != 0 ||
		!strings.Contains(errOut.String(), "Narrative: no ko text; readers of ko get the en text") {
		t.Errorf("a missing Korean narrative: exit %d, %d bytes out:\n%s", code, out.Len(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"-incident", "../incident.json", "-lang", "ko", "-allow-fallback"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "고객님") {
		t.Errorf("-allow-fallback: exit %d:\n%s", code, errOut.String())
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	data, err := os.ReadFile("../incident.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"affected": 12500,`), []byte(`"affected": 12500, "Affected": 0,`), 1)
	data = bytes.Replace(data, []byte(`"announced": "2026-11-06"`), []byte(`"announced": "2026-11-31"`), 1)
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"-incident", bad}, &out, &errOut); code != 1 {
		t.Errorf("a broken file: exit %d, want 1", code)
	}
	for _, want := range []string{"13:22: $.Affected: a field given twice", "10:16: $.announced"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut.String())
		}
	}
	if out.Len() != 0 {
		t.Errorf("a broken file printed a notice:\n%s", out.String())
	}
}

// TestCode: the notice's verification code depends on the channel and the
// key, which comes from -code-key-file, else the environment, else the
// sample key; a short key is refused.
func TestCode(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "")
	p, _ := sample.SamplePassenger("seed")
	id := sample.MustIncident("seed").ID
	want := func(key string, ch notice.Channel) string {
		c, err := notice.DeriveCode([]byte(key), id, p.ID, ch)
		if err != nil {
			t.Fatal(err)
		}
		return c.String()
	}
	file := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(file, []byte("a key from a file, long enough\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(short, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, env string
		args      []string
		want      string
	}{
		{"sample key", "", nil, want(sample.SampleCodeKey, notice.ChannelEmail)},
		{"letter", "", []string{"-channel", "letter"}, want(sample.SampleCodeKey, notice.ChannelLetter)},
		{"environment", "a key from the environment", nil, want("a key from the environment", notice.ChannelEmail)},
		{"file", "a key from the environment", []string{"-code-key-file", file}, want("a key from a file, long enough", notice.ChannelEmail)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(sample.CodeKeyEnv, tt.env)
			code, out, errOut := runNotify(tt.args...)
			if code != 0 || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, stderr %q; the notice lacks the code %s", code, errOut, tt.want)
			}
		})
	}
	for _, args := range [][]string{{"-code-key-file", short}, {"-channel", "pigeon"}} {
		if code, _, errOut := runNotify(args...); code != 2 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("notify %q: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
	}
}
