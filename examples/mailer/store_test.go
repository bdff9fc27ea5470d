package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/internal/pgtest"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// emls lists the messages in dir.
func emls(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestImportThenWrite: the two steps over a kept store give the messages
// the one-step job gives; importing the same file again adds nothing and
// refuses nothing (a rerun after a crash), and a repeated id in another
// letter case is refused by the store.
func TestImportThenWrite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "people.db")
	code, stderr := runMailer(t, "", "import", "-store", db)
	if code != 0 || !strings.Contains(stderr, "33 people imported, 0 already in the store, 0 refused") {
		t.Fatalf("import: exit %d:\n%s", code, stderr)
	}
	code, stderr = runMailer(t, "", "import", "-store", db)
	if code != 0 || !strings.Contains(stderr, "0 people imported, 33 already in the store, 0 refused") {
		t.Errorf("importing again: exit %d:\n%s", code, stderr)
	}
	out := t.TempDir()
	if code, stderr = runMailer(t, "", "write", "-store", db, "-out", out); code != 0 {
		t.Fatalf("write: exit %d:\n%s", code, stderr)
	}
	oneStep := t.TempDir()
	if code, stderr = runMailer(t, "", "-out", oneStep); code != 0 {
		t.Fatalf("one step: exit %d:\n%s", code, stderr)
	}
	a, b := readDir(t, out), readDir(t, oneStep)
	if len(emls(t, out)) != 19 || len(a) != len(b) {
		t.Fatalf("%d messages in two steps, %d files vs %d in one", len(emls(t, out)), len(a), len(b))
	}
	for name, msg := range a {
		if b[name] != msg {
			t.Errorf("%s differs between the two-step and the one-step run", name)
		}
	}

	// Another line with an existing id in other letters, and the same
	// membership number and family name as P000001.
	more := `{"id":"p000002","membership":"77","name":"A","email":"a@example.com","exposed":["name"]}` + "\n" +
		`{"id":"X1","membership":"1234567890","name":"B Chan","family_name":"CHAN","email":"b@example.com","exposed":["name"]}` + "\n"
	code, stderr = runMailer(t, more, "import", "-store", db, "-in", "-")
	if code != 1 || !strings.Contains(stderr, `line 1: id "p000002": repeated id`) || !strings.Contains(stderr, `"p000002" repeats "P000002"`) ||
		!strings.Contains(stderr, `line 2: id "X1": repeated membership number and family name: "1234567890" with the same family name already belongs to "P000001"`) {
		t.Errorf("case-variant id and repeated membership: exit %d:\n%s", code, stderr)
	}
	// A store belongs to its incident.
	code, stderr = runMailer(t, "", "import", "-store", db, "-incident", "cards")
	if code != 1 || !strings.Contains(stderr, "belongs to another incident") {
		t.Errorf("another incident's import into the store: exit %d:\n%s", code, stderr)
	}
}

// TestPostgresStore runs import and write against PostgreSQL.
func TestPostgresStore(t *testing.T) {
	url := pgtest.Schema(t, "mailer_test")
	if code, stderr := runMailer(t, "", "import", "-store", url); code != 0 || !strings.Contains(stderr, "33 people imported") {
		t.Fatalf("import: exit %d:\n%s", code, stderr)
	}
	dup := `{"id":"P000003","name":"A","email":"a@example.com","exposed":["name"]}` + "\n"
	if code, stderr := runMailer(t, dup, "import", "-store", url, "-in", "-"); code != 1 || !strings.Contains(stderr, `line 1: id "P000003": repeated id`) {
		t.Errorf("a repeated id into PostgreSQL: exit %d:\n%s", code, stderr)
	}
	out := t.TempDir()
	if code, stderr := runMailer(t, "", "write", "-store", url, "-out", out); code != 0 || len(emls(t, out)) != 19 {
		t.Fatalf("write: exit %d, %d messages:\n%s", code, len(emls(t, out)), stderr)
	}
}

// TestCSV: a spreadsheet export with a byte-order mark and CRLF line ends
// gives the messages its JSON Lines twin gives.
func TestCSV(t *testing.T) {
	csv := "\ufeffid,membership,name,family_name,email,language,exposed\r\n" +
		"C1,1,Chan Tai Man,Chan,chan@example.com,zh-HK,name;email;passport_number\r\n" +
		"C2,2,Ann Lee,Lee,ann@example.com,en,name | phone\r\n" +
		"C3,3,No One,One,one@example.com,en,none\r\n" +
		"C4,4,Bad,Bad,bad@example.com,en,name;shoe_size\r\n"
	jsonl := `{"id":"C1","membership":"1","name":"Chan Tai Man","family_name":"Chan","email":"chan@example.com","language":"zh-HK","exposed":["name","email","passport_number"]}` + "\n" +
		`{"id":"C2","membership":"2","name":"Ann Lee","family_name":"Lee","email":"ann@example.com","language":"en","exposed":["name","phone"]}` + "\n"
	a, b := t.TempDir(), t.TempDir()
	code, stderr := runMailer(t, csv, "-in", "-", "-out", a)
	if code != 1 || !strings.Contains(stderr, "line 5: ") || !strings.Contains(stderr, "shoe_size") || !strings.Contains(stderr, "2 messages written, 1 not affected, 1 rejected") {
		t.Errorf("CSV: exit %d:\n%s", code, stderr)
	}
	if code, stderr := runMailer(t, jsonl, "-in", "-", "-out", b); code != 0 {
		t.Fatalf("JSON Lines: exit %d:\n%s", code, stderr)
	}
	for _, name := range []string{"C1.eml", "C2.eml"} {
		if readDir(t, a)[name] != readDir(t, b)[name] || readDir(t, a)[name] == "" {
			t.Errorf("%s differs between the CSV and the JSON Lines run", name)
		}
	}
	if code, stderr := runMailer(t, "", "-in", writeFile(t, "empty.csv", ""), "-out", t.TempDir()); code != 1 || !strings.Contains(stderr, "empty") {
		t.Errorf("an empty input: exit %d:\n%s", code, stderr)
	}
}

// TestOutDir: the folder a run writes to is its own.
func TestOutDir(t *testing.T) {
	file := writeFile(t, "not-a-folder", "x")
	if code, stderr := runMailer(t, "", "-out", file); code != 1 || !strings.Contains(stderr, "is a file") {
		t.Errorf("-out a file: exit %d:\n%s", code, stderr)
	}
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "thesis.docx"), []byte("x"), 0o644)
	if code, stderr := runMailer(t, "", "-out", foreign); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("-out a folder of other files: exit %d:\n%s", code, stderr)
	}
	other := t.TempDir()
	cardsLine := `{"id":"C1","name":"A","email":"a@example.com","exposed":["name","email"]}` + "\n"
	if code, stderr := runMailer(t, cardsLine, "-out", other, "-incident", "cards", "-in", "-"); code != 0 {
		t.Fatalf("a run of the cards incident: exit %d:\n%s", code, stderr)
	}
	if code, stderr := runMailer(t, "", "-out", other); code != 1 || !strings.Contains(stderr, `holds the messages of incident "lanternbay-2025-06"`) {
		t.Errorf("-out a folder of another incident: exit %d:\n%s", code, stderr)
	}
	busy := t.TempDir()
	l, err := takeLock(filepath.Join(busy, lockName))
	if err != nil {
		t.Fatal(err)
	}
	code, stderr := runMailer(t, "", "-out", busy)
	l.release()
	if code != 1 || !strings.Contains(stderr, "another run of the mailer is using it") {
		t.Errorf("a folder another run holds: exit %d:\n%s", code, stderr)
	}
	// A folder that cannot be made, whoever runs the test (CI runs as
	// root, which ignores permissions): one under a regular file.
	if code, stderr := runMailer(t, "", "-out", filepath.Join(file, "sub")); code != 1 || !strings.Contains(stderr, "-out:") {
		t.Errorf("an -out that cannot be made: exit %d, want 1:\n%s", code, stderr)
	}
	if ro := t.TempDir(); os.Chmod(ro, 0o500) == nil && os.Getuid() != 0 {
		if code, stderr := runMailer(t, "", "-out", filepath.Join(ro, "sub")); code != 1 {
			t.Errorf("an unwritable -out: exit %d:\n%s", code, stderr)
		}
	}
}

// TestPseudoLanguageIsForTests: en-XA is written only when the run says it
// is a test; a real recipient asking for it gets English.
func TestPseudoLanguageIsForTests(t *testing.T) {
	line := `{"id":"X1","name":"A","email":"a@example.com","language":"en-XA","exposed":["name","email"]}` + "\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Content-Language: en\r\n"},
		{[]string{"-test-languages"}, "Content-Language: en-XA\r\n"},
	} {
		out := t.TempDir()
		if code, stderr := runMailer(t, line, append([]string{"-in", "-", "-out", out}, tc.args...)...); code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		if msg := readDir(t, out)["X1.eml"]; !strings.Contains(msg, tc.want) {
			t.Errorf("%v: the message lacks %q", tc.args, tc.want)
		}
	}
}

// TestMissingTranslations: an incident file without a language's texts is
// reported, and nothing is written without -allow-fallback.
func TestMissingTranslations(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "a verification code key for the test")
	data, err := os.ReadFile("../incident.json")
	if err != nil {
		t.Fatal(err)
	}
	inc := writeFile(t, "incident.json", string(data))
	line := `{"id":"X1","name":"A","email":"a@example.com","language":"zh-HK","exposed":["name","email"]}` + "\n"
	out := t.TempDir()
	code, stderr := runMailer(t, line, "-incident", inc, "-in", "-", "-out", out)
	if code != 1 || !strings.Contains(stderr, "translation missing: Narrative: no zh-Hant-HK text; readers of zh-Hant-HK get the en text") ||
		!strings.Contains(stderr, "-allow-fallback") || len(emls(t, out)) != 0 {
		t.Errorf("without -allow-fallback: exit %d, %d messages:\n%s", code, len(emls(t, out)), stderr)
	}
	if code, stderr := runMailer(t, line, "-incident", inc, "-in", "-", "-out", out, "-allow-fallback"); code != 0 || len(emls(t, out)) != 1 {
		t.Errorf("with -allow-fallback: exit %d:\n%s", code, stderr)
	}
}

// TestSIGTERM: a run stopped by SIGTERM (as a service manager stops it)
// ends as after Ctrl-C: exit 1 with its summary, no temporary files, and
// no temporary store left behind.
func TestSIGTERM(t *testing.T) {
	out := t.TempDir()
	tmp := t.TempDir()
	// The test binary runs the mailer's main in a child (see TestMain).
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "BREACHKIT_MAILER_MAIN=1", "TMPDIR="+tmp,
		"BREACHKIT_MAILER_ARGS=-synthetic 20000 -workers 1 -out "+out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(emls(t, out)) < 100 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != 1 {
		t.Errorf("after SIGTERM: %v, want exit status 1\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "messages written") {
		t.Errorf("no summary after SIGTERM:\n%s", stderr.String())
	}
	if stale, _ := filepath.Glob(filepath.Join(out, tempPattern)); len(stale) > 0 {
		t.Errorf("temporary files left: %v", stale)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the temporary store was left behind: %v", left)
	}
	if n := len(emls(t, out)); n == 0 || n >= 20_000 {
		t.Errorf("%d messages: the signal came too early or too late to test anything", n)
	}
}

// TestMain runs the mailer itself when a test starts the test binary as
// the mailer (TestSIGTERM), with the arguments it was given.
func TestMain(m *testing.M) {
	if os.Getenv("BREACHKIT_MAILER_MAIN") == "1" {
		os.Args = append([]string{"mailer"}, strings.Fields(os.Getenv("BREACHKIT_MAILER_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// TestImportWithoutEmail: a person with a postal address and no email is
// imported, gets no message, and is counted as one to tell by letter, not
// dropped.
func TestImportWithoutEmail(t *testing.T) {
	in := `{"id":"L1","name":"Ann Lee","address":{"lines":["1 Main St","Springfield"],"country":"US"},"exposed":["name","postal_address"]}` + "\n" +
		`{"id":"E1","name":"Bo Chan","email":"bo@example.com","exposed":["name","email"]}` + "\n" +
		`{"id":"N1","name":"No Way","exposed":["name"]}` + "\n"
	out := t.TempDir()
	code, stderr := runMailer(t, in, "-in", "-", "-out", out)
	if code != 1 || !strings.Contains(stderr, "line 3: id \"N1\": no email and no postal address") ||
		!strings.Contains(stderr, "1 affected people have no email address and are to be told by letter") ||
		!strings.Contains(stderr, "1 messages written, 0 not affected, 1 rejected") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if got := emls(t, out); len(got) != 1 || got[0] != "E1.eml" {
		t.Errorf("messages %v, want E1.eml alone", got)
	}
}

// TestCodeKeyRequired: the published sample key serves the sample
// incidents only; an incident file's notices need the organisation's key,
// from -code-key-file or the environment, and one too short is refused.
func TestCodeKeyRequired(t *testing.T) {
	t.Setenv(sample.CodeKeyEnv, "")
	data, err := os.ReadFile("../incident.json")
	if err != nil {
		t.Fatal(err)
	}
	inc := writeFile(t, "incident.json", string(data))
	short := writeFile(t, "short.key", "short\n")
	key := writeFile(t, "code.key", "a verification code key in a file\n")
	line := `{"id":"X1","name":"A","email":"a@example.com","language":"en","exposed":["name","email"]}` + "\n"
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{nil, false},
		{[]string{"-code-key-file", short}, false},
		{[]string{"-code-key-file", key}, true},
	} {
		out := t.TempDir()
		args := append([]string{"-incident", inc, "-in", "-", "-out", out, "-allow-fallback"}, tc.args...)
		code, stderr := runMailer(t, line, args...)
		if got := code == 0 && len(emls(t, out)) == 1; got != tc.ok || (!tc.ok && !strings.Contains(stderr, "verification code key")) {
			t.Errorf("%v: exit %d, %d messages, want success %v:\n%s", tc.args, code, len(emls(t, out)), tc.ok, stderr)
		}
	}
}
