package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var fixedNow = time.Date(2018, time.October, 25, 9, 0, 0, 0, time.FixedZone("HKT", 8*3600))

// messageIDForm is the form of the Message-IDs the mailer makes:
// <person.incident.version@domain>, version 16 hex digits.
var messageIDForm = regexp.MustCompile(`^<[A-Za-z0-9._-]+\.[a-z0-9-]+\.[0-9a-f]{16}@[a-z0-9.-]+>$`)

// runMailer runs the command as main does, with a fixed clock.
func runMailer(t *testing.T, stdin string, args ...string) (code int, stderr string) {
	t.Helper()
	var errOut bytes.Buffer
	cfg, err := parseFlags(args)
	if err != nil {
		return run(context.Background(), args, strings.NewReader(stdin), io.Discard, &errOut, false), errOut.String()
	}
	cfg.stdin, cfg.stderr, cfg.now = strings.NewReader(stdin), &errOut, func() time.Time { return fixedNow }
	sum, err := runJob(context.Background(), cfg)
	switch {
	case err != nil:
		fmt.Fprintln(&errOut, "mailer:", err)
		// As run says it: 2 for the command line's mistakes, 1 for the
		// run's, so that tests can tell the two apart.
		if _, usage := errors.AsType[usageError](err); usage {
			return 2, errOut.String()
		}
		return 1, errOut.String()
	case sum.rejected > 0:
		return 1, errOut.String()
	}
	return 0, errOut.String()
}

// parsed is one message as a mail client reads it.
type parsed struct {
	header        mail.Header
	to            *mail.Address
	subject, text string
	html          []byte
	raw           []byte
	encodings     []string // each part's Content-Transfer-Encoding, in order
}

func readMessage(t *testing.T, path string) parsed {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseMessage(t, path, raw)
}

// parseMessage reads raw as a mail client would, checking on the way that
// it is 7-bit (every octet ASCII, so that no relay re-encodes it and a
// DKIM signature survives), with CRLF line ends, header lines of at most
// 78 columns, body lines of at most 998 octets and encoded lines of at
// most 76 (RFC 2045 s. 6.7, 6.8), and decoding each part by its
// Content-Transfer-Encoding with the standard library's decoders.
func parseMessage(t *testing.T, path string, raw []byte) parsed {
	t.Helper()
	if i := bytes.IndexFunc(raw, func(r rune) bool { return r >= 0x80 }); i >= 0 {
		t.Errorf("%s: an octet that is not 7-bit at %d", path, i)
	}
	// Header lines at most 78 columns, body lines at most 998 octets,
	// every line ending in CRLF.
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for l := range strings.SplitSeq(string(head), "\r\n") {
		if len(l) > 78 || strings.ContainsAny(l, "\r\n") {
			t.Errorf("%s: header line of %d columns: %q", path, len(l), l)
		}
	}
	for l := range bytes.SplitSeq(raw, []byte("\r\n")) {
		if len(l) > 998 || bytes.IndexByte(l, '\n') >= 0 {
			t.Fatalf("%s: body line of %d octets or a bare LF", path, len(l))
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	p := parsed{header: m.Header, raw: raw}
	if p.to, err = mail.ParseAddress(m.Header.Get("To")); err != nil {
		t.Fatalf("%s: To: %v", path, err)
	}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("%s: Subject: %v", path, err)
	}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("%s: Content-Type %q: %v", path, m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var types []string
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ct, cp, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if cp["charset"] != "utf-8" {
			t.Errorf("%s: part %s charset %q", path, ct, cp["charset"])
		}
		body, _ := io.ReadAll(part)
		cte := part.Header.Get("Content-Transfer-Encoding")
		if cte != "7bit" {
			for l := range bytes.SplitSeq(body, []byte("\r\n")) {
				if len(l) > 76 {
					t.Errorf("%s: a %s line of %d characters: %q", path, cte, len(l), l)
				}
			}
		}
		switch cte {
		case "7bit":
		case "quoted-printable":
			body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
			if err != nil {
				t.Fatalf("%s: quoted-printable: %v", path, err)
			}
		case "base64":
			body, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(body)))
			if err != nil {
				t.Fatalf("%s: base64: %v", path, err)
			}
		default:
			t.Fatalf("%s: transfer encoding %q", path, cte)
		}
		// Text is CRLF in every encoding (RFC 2046 s. 4.1.1); the notice's
		// own line ends are LF.
		body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
		p.encodings = append(p.encodings, cte)
		types = append(types, ct)
		if ct == "text/plain" {
			p.text = string(body)
		} else {
			p.html = body
		}
	}
	if !slices.Equal(types, []string{"text/plain", "text/html"}) {
		t.Errorf("%s: parts %v, want text then HTML", path, types)
	}
	return p
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestSample writes the embedded sample and reads every message back as a
// mail client would: headers decoded, both parts present, the passenger's
// own categories in the body, in their language.
func TestSample(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "") // the sample key
	dir := t.TempDir()
	code, stderr := runMailer(t, "", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	inc := sample.MustIncident("seed")
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	written := 0
	for {
		p, _, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, p.ID+".eml")
		if p.Exposed.IsEmpty() || p.Email == "" { // no email: a letter (letters_test.go)
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("%s has nothing exposed but got a message", p.ID)
			}
			continue
		}
		written++
		m := readMessage(t, path)
		tag := locale.Choose(p.Language)
		if m.to.Name != p.Name || m.to.Address != p.Email {
			t.Errorf("%s: To %q <%s>, want %q <%s>", p.ID, m.to.Name, m.to.Address, p.Name, p.Email)
		}
		from, err := mail.ParseAddress(m.header.Get("From"))
		if err != nil || from.Address != inc.Contact.Email || from.Name != "Cathay Pacific" {
			t.Errorf("%s: From %v (%v)", p.ID, from, err)
		}
		if got := m.header.Get("Content-Language"); got != tag.String() {
			t.Errorf("%s: Content-Language %q, want %q", p.ID, got, tag)
		}
		if got := m.header.Get("Message-ID"); !messageIDForm.MatchString(got) || !strings.HasPrefix(got, "<"+p.ID+"."+inc.ID+".") || !strings.HasSuffix(got, "@cathaypacific.com>") {
			t.Errorf("%s: Message-ID %q, want <%s.%s.VERSION@cathaypacific.com>", p.ID, got, p.ID, inc.ID)
		}
		if got := m.header.Get("Auto-Submitted"); got != "auto-generated" {
			t.Errorf("%s: Auto-Submitted %q", p.ID, got)
		}
		if got, want := m.header.Get("Feedback-ID"), inc.ID+":"+tag.String()+":breach-notice:cathaypacific"; got != want {
			t.Errorf("%s: Feedback-ID %q, want %q", p.ID, got, want)
		}
		if _, ok := m.header["List-Unsubscribe"]; ok {
			t.Errorf("%s: a List-Unsubscribe field on a notice the law requires", p.ID)
		}
		if date, err := m.header.Date(); err != nil || !date.Equal(fixedNow) {
			t.Errorf("%s: Date %v (%v)", p.ID, date, err)
		}
		if m.header.Get("MIME-Version") != "1.0" {
			t.Errorf("%s: no MIME-Version", p.ID)
		}
		code, err := notice.DeriveCode([]byte(sample.SampleCodeKey), inc.ID, p.ID, notice.ChannelEmail)
		if err != nil {
			t.Fatal(err)
		}
		d, err := notice.Compose(inc, notice.Recipient{Name: p.Name, Language: p.Language, Code: code}, exposure.Assess(p.Exposed))
		if err != nil {
			t.Fatal(err)
		}
		if m.subject != d.Subject() {
			t.Errorf("%s: Subject %q, want %q", p.ID, m.subject, d.Subject())
		}
		if m.text != string(d.AppendText(nil)) || !bytes.Equal(m.html, d.AppendHTML(nil)) {
			t.Errorf("%s: the parts differ from the notice", p.ID)
		}
		for c := range p.Exposed.All() {
			label, _, _ := notice.Catalog().Lookup(tag, "category."+c.String())
			if !strings.Contains(squash(m.text), squash(label.String())) {
				t.Errorf("%s: text part lacks %v (%q)", p.ID, c, label.String())
			}
		}
		// Section 2 lists exactly this passenger's categories, in order.
		heading, _, _ := notice.Catalog().Lookup(tag, "heading.what_information")
		intro, _, _ := notice.Catalog().Lookup(tag, "involved.intro")
		var want, got []string
		for c := range p.Exposed.All() {
			label, _, _ := notice.Catalog().Lookup(tag, "category."+c.String())
			want = append(want, squash(label.String()))
		}
		_, section, found := strings.Cut(m.text, "\n"+heading.String()+"\n")
		blocks := strings.Split(section, "\n\n")
		if !found || len(blocks) < 2 || !strings.HasPrefix(squash(blocks[1]), squash(intro.String())) {
			t.Fatalf("%s: no section 2 in:\n%s", p.ID, m.text)
		}
		for l := range strings.Lines(blocks[1]) {
			switch {
			case strings.HasPrefix(l, "- "):
				got = append(got, squash(l[2:]))
			case strings.HasPrefix(l, "  ") && len(got) > 0:
				got[len(got)-1] += squash(l)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: section 2 mismatch (-want +got):\n%s", p.ID, diff)
		}
		if _, err := html.Parse(bytes.NewReader(m.html)); err != nil {
			t.Errorf("%s: HTML: %v", p.ID, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var messages []string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".eml"):
			messages = append(messages, name)
		case name != markerName && name != lockName && name != listName:
			t.Errorf("the run left %s in its folder", name)
		}
	}
	if len(messages) != written {
		t.Errorf("%d messages in the directory, want %d", len(messages), written)
	}
	// The run lists what it wrote, in id order: the same files.
	list, err := os.ReadFile(filepath.Join(dir, listName))
	if err != nil {
		t.Fatal(err)
	}
	listed := strings.Split(strings.TrimSpace(string(list)), "\n")
	if diff := cmp.Diff(messages, listed[1:]); diff != "" || !strings.HasPrefix(listed[0], "# messages of incident cathay-2018") {
		t.Errorf("the list of what the run wrote mismatch (-dir +list):\n%s\n%s", diff, list)
	}
	// The categories count everyone affected, those told by letter too
	// (two of whom lost their passport numbers).
	for _, want := range []string{"19 messages written", "1 not affected", "0 rejected", "zh-Hant-HK 5", "passport_number 6", "13 affected people have no email address"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
}

// TestBadLines: each kind of bad line is reported as "line N: reason",
// skipped, and counted; good lines still get their message; the exit
// status is 1.
func TestBadLines(t *testing.T) {
	good := func(id string) string {
		return `{"id":"` + id + `","name":"Good","email":"` + id + `@example.com","language":"en","exposed":["name","email"]}`
	}
	lines := []struct{ text, reason string }{
		{good("G1"), ""},
		{`{"id":"B2","name":`, "not JSON: the input ends in the middle of a value"},
		{`{"id":"B3","name":"No Email","exposed":["name"]}`, "no email"},
		{good("G1"), `repeated id (ids are compared without regard to letter case): "G1" repeats "G1" of line 1`},
		{`{"id":"B5","name":"A","email":"b5@example.com","exposed":["name","shoe_size"]}`, "shoe_size"},
		{`{"id":"B6","name":"A","email":"b6@example.com","exposed":["name","password"]}`, "did not expose password"},
		{`{"id":"B7","name":"Evil\r\nBcc: all@example.com","email":"b7@example.com","exposed":["name"]}`, "name has control character U+000D"},
		{`{"id":"B8","name":"A","email":"b8@example.com\nBcc: x@example.com","exposed":["name"]}`, "email has control character U+000A"},
		{`{"id":"B9","name":"A\u0007","email":"b9@example.com","exposed":["name"]}`, "control character U+0007"},
		{`{"id":"../B10","name":"A","email":"b10@example.com","exposed":["name"]}`, "id \"../B10\": only letters, digits"},
		{`{"id":"B11","name":"A","email":"not an address","exposed":["name"]}`, "not a plain email address"},
		{`{"id":"B12","name":"A","email":"b12@example.com","exposed":["name"],"exposd":[]}`, "unknown field"},
		{good("G2"), ""},
	}
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l.text + "\n")
	}
	dir := t.TempDir()
	code, stderr := runMailer(t, in.String(), "-in", "-", "-out", dir, "-workers", "3")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var reported []string
	for l := range strings.Lines(stderr) {
		if strings.HasPrefix(l, "line ") {
			reported = append(reported, l)
		}
	}
	var want []string
	for i, l := range lines {
		if l.reason != "" {
			want = append(want, fmt.Sprintf("line %d: ", i+1))
		}
	}
	if len(reported) != len(want) {
		t.Fatalf("reported %d lines, want %d:\n%s", len(reported), len(want), stderr)
	}
	for i, r := range reported {
		if !strings.HasPrefix(r, want[i]) {
			t.Errorf("report %d = %q, want it to start %q", i, r, want[i])
		}
	}
	j := 0
	for _, l := range lines {
		if l.reason == "" {
			continue
		}
		if !strings.Contains(reported[j], l.reason) {
			t.Errorf("%q does not say %q", reported[j], l.reason)
		}
		j++
	}
	if !strings.Contains(stderr, "2 messages written, 0 not affected, 11 rejected") {
		t.Errorf("summary:\n%s", stderr)
	}
	for _, id := range []string{"G1", "G2"} {
		readMessage(t, filepath.Join(dir, id+".eml"))
	}
}

// TestRerun: a second run over the same directory writes the same bytes,
// and removes the temporary files an interrupted run left.
func TestRerun(t *testing.T) {
	dir := t.TempDir()
	if code, stderr := runMailer(t, "", "-out", dir); code != 0 {
		t.Fatal(stderr)
	}
	first := readDir(t, dir)
	stale := filepath.Join(dir, ".breachkit-123.tmp")
	if err := os.WriteFile(stale, []byte("half a mess"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stderr := runMailer(t, "", "-out", dir, "-workers", "1"); code != 0 {
		t.Fatal(stderr)
	}
	if diff := cmp.Diff(first, readDir(t, dir)); diff != "" {
		t.Errorf("rerun changed the messages (-first +second):\n%s", diff)
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// TestSynthetic: generated passengers are deterministic, become valid
// messages, and follow the seed's proportions.
func TestSynthetic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, stderr := runMailer(t, "", "-out", a, "-synthetic", "3000"); code != 0 {
		t.Fatal(stderr)
	}
	code, stderr := runMailer(t, "", "-out", b, "-synthetic", "3000", "-workers", "1")
	if code != 0 {
		t.Fatal(stderr)
	}
	first, second := readDir(t, a), readDir(t, b)
	emls := 0
	for name := range first {
		if strings.HasSuffix(name, ".eml") {
			emls++
		}
	}
	if emls != 3000 || len(first) != 3003 || !maps.Equal(first, second) {
		t.Fatalf("%d and %d messages; equal: %v", len(first), len(second), maps.Equal(first, second))
	}
	for _, name := range []string{"S000000001.eml", "S000001500.eml", "S000003000.eml"} {
		readMessage(t, filepath.Join(a, name))
	}
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "-out"},
		{[]string{"-out", "x", "-discard"}, "exclude"},
		{[]string{"-discard", "-workers", "0"}, "-workers 0"},
		{[]string{"-discard", "-incident", "moon"}, "moon"},
		{[]string{"-discard", "-in", "/no/such/file"}, "/no/such/file"},
		{[]string{"-discard", "-bogus"}, "-bogus"},
		{[]string{"-discard", "-synthetic", "5", "-in", "-"}, "exclude"},
	} {
		var errOut bytes.Buffer
		code := run(context.Background(), tt.args, strings.NewReader(""), io.Discard, &errOut, false)
		if code != 2 || strings.Count(errOut.String(), "\n") != 1 || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("mailer %q: exit %d, stderr %q; want exit 2 and one line naming %q", tt.args, code, errOut.String(), tt.want)
		}
	}
}

func TestProgress(t *testing.T) {
	var errOut bytes.Buffer
	cfg := &config{incident: "seed", workers: 2, synthetic: 20000, discard: true, now: time.Now,
		stderr: &errOut, terminal: true, progressEvery: time.Millisecond}
	if _, err := runJob(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "\r\x1b[Kmailer: ") || !strings.Contains(errOut.String(), "20000 messages written") {
		t.Errorf("no live progress line:\n%q", errOut.String()[:min(200, errOut.Len())])
	}
}

func TestHeaders(t *testing.T) {
	for _, tt := range []struct{ name, addr string }{
		{"Chan Tai Man", "chan@example.com"},
		{"James O'Brien", "j@example.com"},
		{`Dr. "Jim" Smith`, "jim@example.com"},
		{"山田 花子", "y@example.jp"},
		{strings.Repeat("Bartholomew ", 12) + "Smith", "b@example.com"},
		{strings.Repeat("陳", 80), "c@example.com"},
		{"=?UTF-8?B?SGk=?=", "e@example.com"},
	} {
		var h header
		h.start(nil, "To")
		h.mailbox(tt.name, tt.addr)
		field := string(h.end())
		for l := range strings.SplitSeq(strings.TrimSuffix(field, "\r\n"), "\r\n") {
			if len(l) > 78 {
				t.Errorf("%q: line of %d columns: %q", tt.name, len(l), l)
			}
		}
		m, err := mail.ReadMessage(strings.NewReader(field + "\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := mail.ParseAddress(m.Header.Get("To"))
		if err != nil || a.Name != tt.name || a.Address != tt.addr {
			t.Errorf("%q round trip: %v, %v", tt.name, a, err)
		}
	}
}

// BenchmarkMailer measures the whole pipeline, decoding included, on
// synthetic passengers, and reports messages per second.
func BenchmarkMailer(b *testing.B) {
	const n = 20000
	b.ReportAllocs()
	for b.Loop() {
		cfg := &config{incident: "seed", workers: 2, synthetic: n, discard: true, now: time.Now, stderr: io.Discard}
		if _, err := runJob(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "messages/s")
}

// TestCaseVariantLinesRefused: the lines with which encoding/json's
// case-insensitive, last-wins matching dropped a victim's notice are each
// refused with their line number; the honest lines around them still get
// their messages.
func TestCaseVariantLinesRefused(t *testing.T) {
	attacks := []string{
		`{"id":"A1","name":"A","email":"a1@example.com","language":"en","exposed":["name","passport_number"],"Exposed":[]}`,
		`{"id":"A2","name":"A","email":"a2@example.com","language":"en","exposed":["name","passport_number"],"EXPOSED":["name"]}`,
		`{"id":"A3","name":"A","email":"a3@example.com","language":"en","exposed":["name"],"EMAIL":"attacker@example.net"}`,
		`{"id":"A4","name":"A","email":"a4@example.com","language":"en","exposed":["name","passport_number"],"expoſed":[]}`,
		"{\"id\":\"A5\",\"name\":\"A\",\"email\":\"a5@example.com\",\"language\":\"en\",\"exposed\":[\"name\"],\"\u212a\":1}",
	}
	var in strings.Builder
	in.WriteString(`{"id":"G1","name":"Good","email":"g1@example.com","language":"en","exposed":["name","email"]}` + "\n")
	for _, a := range attacks {
		in.WriteString(a + "\n")
	}
	dir := t.TempDir()
	code, stderr := runMailer(t, in.String(), "-in", "-", "-out", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for i := range attacks {
		if want := fmt.Sprintf("line %d: ", i+2); !strings.Contains(stderr, want) {
			t.Errorf("no report starting %q in:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "1 messages written, 0 not affected, 5 rejected") {
		t.Errorf("summary does not count 1 written and 5 rejected:\n%s", stderr)
	}
}

// TestTransferEncodings: each part's transfer encoding follows from its
// bytes: 7bit for ASCII (English, Indonesian), quoted-printable for Latin
// text with accents (German, French, Vietnamese, and English greeting a
// name with one), base64 for CJK and Thai. readMessage checks that every
// message is 7-bit with lines of at most 76 encoded characters and that
// the parts decode to the notice.
func TestTransferEncodings(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "") // the sample key
	cards := t.TempDir()
	if code, stderr := runMailer(t, "", "-out", cards, "-incident", "cards"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	partsAreTheNotice(t, cards, "cards")
	dir := t.TempDir()
	if code, stderr := runMailer(t, "", "-out", dir); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	accented := `{"id":"A1","name":"Léa Dubois","email":"lea@example.fr","language":"en","exposed":["name","email"]}` + "\n"
	if code, stderr := runMailer(t, accented, "-out", dir, "-in", "-"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	want := map[string]string{
		"en": "7bit", "id": "7bit",
		"de": "quoted-printable", "fr": "quoted-printable", "vi": "quoted-printable",
		"ja": "base64", "ko": "base64", "zh-Hans": "base64", "zh-Hant": "base64", "zh-Hant-HK": "base64", "th": "base64",
	}
	seen := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		m := readMessage(t, filepath.Join(dir, e.Name()))
		lang := m.header.Get("Content-Language")
		w := want[lang]
		if e.Name() == "A1.eml" {
			w = "quoted-printable"
			if !strings.Contains(m.text, "Léa Dubois") {
				t.Errorf("A1: the text part does not greet Léa Dubois")
			}
		}
		seen[lang] = true
		if diff := cmp.Diff([]string{w, w}, m.encodings); diff != "" {
			t.Errorf("%s (%s): transfer encodings (-want +got):\n%s", e.Name(), lang, diff)
		}
	}
	for lang := range want {
		if !seen[lang] {
			t.Errorf("no sample message in %s", lang)
		}
	}
}

// TestScanPart: the eight-at-a-time scan agrees with a count of each
// octet, for every octet value in every position of a word, and for
// random bodies with lines of every length.
func TestScanPart(t *testing.T) {
	naive := func(b []byte) (escaped, longest int) {
		for l := range bytes.SplitSeq(b, []byte("\n")) {
			longest = max(longest, len(l))
			for _, x := range l {
				if x >= 0x80 || x == 0x7f || x < 0x20 && x != '\t' {
					escaped++
				}
			}
		}
		return escaped, longest
	}
	check := func(b []byte) {
		t.Helper()
		e, l := scanPart(b)
		we, wl := naive(b)
		if e != we || l != wl {
			t.Fatalf("%q: %d escaped, longest line %d; want %d, %d", b, e, l, we, wl)
		}
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for c := range 256 {
		for pos := range 16 {
			b := make([]byte, 19)
			for i := range b {
				b[i] = byte(" aZ~\t"[rng.IntN(5)])
			}
			b[pos] = byte(c)
			check(b)
		}
	}
	for range 3000 {
		b := make([]byte, rng.IntN(60))
		for i := range b {
			switch rng.IntN(4) {
			case 0:
				b[i] = byte(rng.IntN(256))
			case 1:
				b[i] = '\n'
			default:
				b[i] = 'a'
			}
		}
		check(b)
	}
}

// TestBase64Lines: appendBase64Lines writes what encoding/base64 does, in
// CRLF lines of 76 characters, for every length around a line's 57
// octets.
func TestBase64Lines(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		got := appendBase64Lines([]byte("x"), b)
		var want []byte
		for rest := b; len(rest) > 0; rest = rest[min(57, len(rest)):] {
			want = append(base64.StdEncoding.AppendEncode(want, rest[:min(57, len(rest))]), "\r\n"...)
		}
		if string(got) != "x"+string(want) {
			t.Fatalf("%d octets: %q, want %q", n, got, want)
		}
	}
}

// partsAreTheNotice checks that each sample passenger's message in dir,
// decoded by the standard library (readMessage), has the subject, text
// and HTML of the notice composed for them.
func partsAreTheNotice(t *testing.T, dir, incident string) {
	t.Helper()
	inc := sample.MustIncident(incident)
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	n := 0
	for {
		p, _, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Exposed.IsEmpty() {
			continue
		}
		if p.Email == "" {
			// Told by letter (mailer letters): no message is written.
			if _, err := os.Stat(filepath.Join(dir, p.ID+".eml")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s %s has no email address, yet: %v", incident, p.ID, err)
			}
			continue
		}
		code, err := notice.DeriveCode([]byte(sample.SampleCodeKey), inc.ID, p.ID, notice.ChannelEmail)
		if err != nil {
			t.Fatal(err)
		}
		d, err := notice.Compose(inc, notice.Recipient{Name: p.Name, Language: p.Language, Code: code}, policy.Assess(p.Exposed))
		if err != nil {
			t.Fatal(err)
		}
		m := readMessage(t, filepath.Join(dir, p.ID+".eml"))
		if m.subject != d.Subject() || m.text != string(d.AppendText(nil)) || !bytes.Equal(m.html, d.AppendHTML(nil)) {
			t.Errorf("%s %s: the decoded parts differ from the notice", incident, p.ID)
		}
		n++
	}
	if n == 0 {
		t.Errorf("%s: no message checked", incident)
	}
}

func TestChooseEncoding(t *testing.T) {
	for _, tt := range []struct {
		name, body, want string
	}{
		{"empty", "", "7bit"},
		{"ASCII", "Dear Ana,\n\tplease read this.\n", "7bit"},
		{"an ASCII line of 998 octets", strings.Repeat("a", 998) + "\n", "7bit"},
		{"an ASCII line of 999 octets", strings.Repeat("a", 999) + "\n", "quoted-printable"},
		{"a bare CR", "a\rb\n", "quoted-printable"},
		{"a NUL", "a\x00b\n", "quoted-printable"},
		{"one accent", "Dear Léa Dubois,\n", "quoted-printable"},
		{"German", "Wir möchten Sie über einen Vorfall informieren.\n", "quoted-printable"},
		// A notice in Vietnamese escapes 22-35 % of its octets (quoted-
		// printable), but a line of dense prose alone half of them.
		{"dense Vietnamese prose", "Chúng tôi rất tiếc về sự cố này.\n", "base64"},
		{"Japanese", "個人情報に関するお知らせ\n", "base64"},
		{"Thai", "เรียน คุณสมชาย\n", "base64"},
	} {
		if got := chooseEncoding([]byte(tt.body)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestQuotedPrintable: appendQP's output is printable ASCII in CRLF lines
// of at most 76 characters with no space or tab at their end, and the
// standard library's decoder reads it back as the input with CRLF line
// ends, for many inputs made of the awkward pieces.
func TestQuotedPrintable(t *testing.T) {
	pieces := []string{"a", " ", "\t", "=", "é", "長", "ư", "\n", "\r", ".", "=3D", strings.Repeat("x", 70), "\x00", "\x7f"}
	rng := rand.New(rand.NewPCG(17, 2))
	for i := range 5000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		enc := appendQP(nil, []byte(in))
		for l := range strings.SplitSeq(strings.TrimSuffix(string(enc), "\r\n"), "\r\n") {
			if len(l) > 76 || strings.HasSuffix(l, " ") || strings.HasSuffix(l, "\t") ||
				strings.IndexFunc(l, func(r rune) bool { return r < ' ' && r != '\t' || r > '~' }) >= 0 {
				t.Fatalf("input %d %q: line %q", i, in, l)
			}
		}
		got, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(enc)))
		want := strings.ReplaceAll(in, "\n", "\r\n")
		if !strings.HasSuffix(want, "\r\n") {
			want += "\r\n"
		}
		if err != nil || string(got) != want {
			t.Fatalf("input %d %q: encoded %q decodes to %q (%v), want %q", i, in, enc, got, err, want)
		}
	}
}

// TestMessageIDVersion: the Message-ID names a version of a person's
// notice: the same notice rendered again (another Date) keeps it, a
// corrected one gets a new one, and another person has another.
func TestMessageIDVersion(t *testing.T) {
	inc := sample.MustIncident("seed")
	corrected := inc
	corrected.Narrative = maps.Clone(inc.Narrative)
	corrected.Narrative[locale.English] += " We have since corrected an error in this account."
	messageID := func(inc notice.Incident, id, name string, at time.Time) string {
		t.Helper()
		env, err := newEnvelope(inc, at)
		if err != nil {
			t.Fatal(err)
		}
		code, err := notice.DeriveCode([]byte(sample.SampleCodeKey), inc.ID, "P1", notice.ChannelEmail)
		if err != nil {
			t.Fatal(err)
		}
		d, err := notice.Compose(inc, notice.Recipient{Name: name, Language: "en", Code: code}, exposure.Assess(exposure.Of(exposure.Name, exposure.Email)))
		if err != nil {
			t.Fatal(err)
		}
		var b buffers
		msg := appendMessage(nil, &env, id, name, "a@example.com", d, &b)
		if !bytes.Contains(msg, []byte("\r\nMessage-ID: <"+string(b.messageID)+">\r\n")) || !messageIDForm.MatchString("<"+string(b.messageID)+">") {
			t.Fatalf("Message-ID %q not in the message", b.messageID)
		}
		return string(b.messageID)
	}
	first := messageID(inc, "P1", "Ana Souza", fixedNow)
	for _, tt := range []struct {
		name string
		got  string
		same bool
	}{
		{"rendered again a day later", messageID(inc, "P1", "Ana Souza", fixedNow.Add(24*time.Hour)), true},
		{"a corrected notice", messageID(corrected, "P1", "Ana Souza", fixedNow), false},
		{"another name in the greeting", messageID(inc, "P1", "Ana Sousa", fixedNow), false},
		{"another person", messageID(inc, "P2", "Ana Souza", fixedNow), false},
	} {
		if (tt.got == first) != tt.same {
			t.Errorf("%s: %q, first %q; want the same: %v", tt.name, tt.got, first, tt.same)
		}
	}
}
