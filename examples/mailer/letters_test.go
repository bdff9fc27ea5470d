package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// printTools are what printing letters needs.
type printTools struct{ chromium string }

// needPrintTools skips the test without Chromium, poppler-utils and the
// Noto fonts, unless CI=true, where it fails: .ci/run installs them.
func needPrintTools(tb testing.TB) printTools {
	tb.Helper()
	var missing []string
	chromium := findChromium()
	if chromium == "" {
		missing = append(missing, "chromium")
	}
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, "poppler-utils ("+tool+")")
		}
	}
	if _, err := loadFonts(); err != nil {
		missing = append(missing, err.Error())
	}
	if len(missing) > 0 {
		msg := "letters need " + strings.Join(missing, ", ") +
			": apt-get install chromium poppler-utils fonts-noto-core fonts-noto-cjk (as .ci/run does)"
		if os.Getenv("CI") == "true" {
			tb.Fatal("CI=true and " + msg)
		}
		tb.Skip(msg + "; with CI=true this test fails instead")
	}
	return printTools{chromium: chromium}
}

// manifestRow is one line of manifest.csv.
type manifestRow struct {
	id, batch   string
	first, last int
	sum         string
}

func readManifest(t *testing.T, dir string) []manifestRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"person_id", "batch", "pages", "batch_sha256"}, recs[0]); diff != "" {
		t.Errorf("manifest header (-want +got):\n%s", diff)
	}
	var rows []manifestRow
	for _, r := range recs[1:] {
		first, last, ok := strings.Cut(r[2], "-")
		if !ok {
			last = first
		}
		f, err1 := strconv.Atoi(first)
		l, err2 := strconv.Atoi(last)
		if err1 != nil || err2 != nil || l < f {
			t.Fatalf("manifest: pages %q", r[2])
		}
		rows = append(rows, manifestRow{r[0], r[1], f, l, r[3]})
	}
	return rows
}

func pdfPages(t *testing.T, file string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", file)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pdfText is the text of pages first..last; with a crop (x, y, w, h in
// millimetres from the top left) only what lies inside it.
func pdfText(t *testing.T, file string, first, last int, crop ...float64) string {
	t.Helper()
	args := []string{"-enc", "UTF-8", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last)}
	if len(crop) == 4 {
		pt := func(mm float64) string { return strconv.Itoa(int(mm * 72 / 25.4)) }
		args = append(args, "-r", "72", "-x", pt(crop[0]), "-y", pt(crop[1]), "-W", pt(crop[2]), "-H", pt(crop[3]))
	}
	out, err := exec.Command("pdftotext", append(args, file, "-")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// samplePeople are the sample's passengers by id.
func samplePeople(t *testing.T) map[string]sample.Passenger {
	t.Helper()
	out := map[string]sample.Passenger{}
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		p, _, err := dec.Next()
		if err != nil {
			return out
		}
		out[p.ID] = p
	}
}

// TestLetters: mailer letters prints a letter for every sample passenger
// without an email, and the PDF says what it should. For each letter, in
// each language: the text of its pages has the person's name, every line
// of their address, and each category label of the incident as often as
// their notice has it (so their categories, and no other); the address
// block is on the letter's first page inside the envelope's window; the
// manifest's hashes and page ranges match the files, and its ranges
// tile each batch; the ledger records each letter as printed where the
// manifest says. A rerun prints nothing.
func TestLetters(t *testing.T) {
	needPrintTools(t)
	t.Setenv(sample.CodeKeyEnv, "")
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, "", "import", "-store", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "letters")
	code, _, stderr := runCmd(t, nil, "", "letters", "-store", db, "-out", out, "-batch", "6")
	if code != 0 {
		t.Fatalf("letters: exit %d\n%s", code, stderr)
	}
	due := sampleLetters()
	if !strings.Contains(stderr, fmt.Sprintf("%d printed", len(due))) {
		t.Errorf("letters: %s", stderr)
	}
	rows := readManifest(t, out)
	people := samplePeople(t)
	inc := sample.MustIncident("seed")

	// The manifest against the files.
	byBatch := map[string][]manifestRow{}
	var ids []string
	for _, r := range rows {
		byBatch[r.batch] = append(byBatch[r.batch], r)
		ids = append(ids, r.id)
	}
	if diff := cmp.Diff(sortedCopy(due), sortedCopy(ids)); diff != "" {
		t.Errorf("the manifest's people (-due +manifest):\n%s", diff)
	}
	for batch, rs := range byBatch {
		file := filepath.Join(out, batch)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		next := 1
		for _, r := range rs {
			if r.sum != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: manifest sha256 %s, the file's %x", batch, r.sum, sum)
			}
			if r.first != next {
				t.Errorf("%s: %s starts on page %d, want %d (ranges must tile the batch)", batch, r.id, r.first, next)
			}
			next = r.last + 1
		}
		if n := pdfPages(t, file); n != next-1 {
			t.Errorf("%s: pdfinfo says %d pages, the manifest's ranges cover %d", batch, n, next-1)
		}
		wantPaper := paperA4
		if strings.HasSuffix(batch, "-letter.pdf") {
			wantPaper = paperLetter
		}
		for _, r := range rs {
			if got := paperFor(people[r.id].Address.Country); got.name != wantPaper.name {
				t.Errorf("%s (%s) is in a %s batch", r.id, people[r.id].Address.Country, wantPaper.name)
			}
		}
	}

	// Each letter's text.
	for _, r := range rows {
		p := people[r.id]
		file := filepath.Join(out, r.batch)
		text := squash(pdfText(t, file, r.first, r.last))
		for _, other := range byBatch[r.batch] {
			if other.id != r.id && strings.Contains(text, other.id) {
				t.Errorf("%s: pages %d-%d of %s hold the letter of %s too", r.id, r.first, r.last, r.batch, other.id)
			}
		}
		for _, want := range append([]string{p.Name}, p.Address.Lines...) {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("%s: the letter lacks %q", r.id, want)
			}
		}
		// The address block, and the name, are on the first page inside
		// the window.
		pp := paperFor(p.Address.Country)
		window := squash(pdfText(t, file, r.first, r.first, pp.windowX-1, pp.windowY-1, pp.windowW+2, pp.windowH+2))
		block, _ := addressBlock(p.Name, p.Address.Lines, p.Address.Country)
		if !strings.Contains(window, squash(strings.Join(block, ""))) {
			t.Errorf("%s: the window of page %d shows %q, want the address block %q", r.id, r.first, window, block)
		}
		// The notice as composed for the letter channel: its categories,
		// counted in the letter as often as in the notice.
		code, err := notice.DeriveCode([]byte(sample.SampleCodeKey), inc.ID, p.ID, notice.ChannelLetter)
		if err != nil {
			t.Fatal(err)
		}
		d, err := notice.Compose(inc, notice.Recipient{Name: p.Name, Language: p.Language, Code: code}, exposure.Assess(p.Exposed))
		if err != nil {
			t.Fatal(err)
		}
		noticeText := squash(string(d.AppendText(nil)))
		for c := range inc.Exposed.All() {
			label, _, _ := notice.Catalog().Lookup(d.Language(), "category."+c.String())
			l := squash(label.String())
			inLetter, inNotice := strings.Count(text, l), strings.Count(noticeText, l)
			if inLetter != inNotice || (p.Exposed.Has(c) && inLetter == 0) {
				t.Errorf("%s (%v): category %v (%q) appears %d times in the letter, %d in the notice", r.id, d.Language(), c, l, inLetter, inNotice)
			}
		}
		if !strings.Contains(text, code.String()) {
			t.Errorf("%s: the letter lacks its verification code %s", r.id, code)
		}
		date := squash(locale.FormatDate(d.Language(), locale.Day(fixedNow.Year(), fixedNow.Month(), fixedNow.Day())))
		if !strings.Contains(text, date) {
			t.Errorf("%s: the letter lacks its date %q", r.id, date)
		}
	}

	// The ledger.
	s, err := openAny(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	printed, err := s.Letters(context.Background(), "", 1000, store.StatusPrinted)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range printed {
		got[l.Person.ID] = l.Batch + " " + l.Pages
	}
	want := map[string]string{}
	for _, r := range rows {
		pages := strconv.Itoa(r.first)
		if r.last != r.first {
			pages += "-" + strconv.Itoa(r.last)
		}
		want[r.id] = r.batch + " " + pages
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ledger against the manifest (-manifest +ledger):\n%s", diff)
	}

	// A rerun prints nothing and keeps the manifest; -reprint prints all
	// again into new batches.
	before, _ := os.ReadFile(filepath.Join(out, manifestName))
	if code, _, stderr := runCmd(t, nil, "", "letters", "-store", db, "-out", out); code != 0 || !strings.Contains(stderr, "0 printed") {
		t.Errorf("rerun: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(out, manifestName)); string(after) != string(before) {
		t.Errorf("the rerun changed the manifest:\n%s\n%s", before, after)
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}

// TestLettersMissingGlyph: a name in a script the letter's fonts lack
// (Ol Chiki) is refused with the person and the character named; it is
// not printed and stays due, and the other letters are printed. Then
// -reprint prints the printed letter again into a new batch, and a batch
// file the ledger does not know (a run stopped after writing it, before
// recording it) is set aside, left out of the manifest, and its number
// not used again.
func TestLettersMissingGlyph(t *testing.T) {
	needPrintTools(t)
	t.Setenv(sample.CodeKeyEnv, "")
	in := `{"id":"X1","membership":"9000000001","name":"ᱥᱟᱱᱛᱟᱲᱤ Murmu","family_name":"Murmu","language":"en","address":{"lines":["12 Park Street","KOLKATA 700016"],"country":"IN"},"exposed":["name","postal_address"]}` + "\n" +
		`{"id":"X2","membership":"9000000002","name":"Asha Murmu","family_name":"Murmu","language":"en","address":{"lines":["14 Park Street","KOLKATA 700016"],"country":"IN"},"exposed":["name","postal_address"]}` + "\n"
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, in, "import", "-store", db, "-in", "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "letters")
	code, _, stderr := runCmd(t, nil, "", "letters", "-store", db, "-out", out)
	if code != 1 || !strings.Contains(stderr, "X1: the name has the character 'ᱥ' (U+1C65)") || !strings.Contains(stderr, "1 printed") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	rows := readManifest(t, out)
	if len(rows) != 1 || rows[0].id != "X2" {
		t.Errorf("manifest %+v, want X2 alone", rows)
	}
	s, err := openAny(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	due, err := s.Letters(context.Background(), "", 10, store.StatusLetter)
	if err != nil || len(due) != 1 || due[0].Person.ID != "X1" {
		t.Errorf("due after the run: %+v %v, want X1", due, err)
	}
	s.Close()

	// A batch file the ledger does not know (a run stopped after writing
	// it, before recording it) is set aside, left out of the manifest,
	// and its number not used again.
	stray := filepath.Join(out, "batch-0007-a4.pdf")
	data, _ := os.ReadFile(filepath.Join(out, rows[0].batch))
	if err := os.WriteFile(stray, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// X1 is refused again: exit 1.
	code, _, stderr = runCmd(t, nil, "", "letters", "-store", db, "-out", out, "-reprint")
	if code != 1 || !strings.Contains(stderr, "1 printed") || !strings.Contains(stderr, "batch-0007-a4.pdf is not in the ledger") {
		t.Errorf("reprint: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(stray + ".unrecorded"); err != nil {
		t.Errorf("the stray batch was not set aside: %v", err)
	}
	for _, r := range readManifest(t, out) {
		if r.batch == rows[0].batch {
			t.Errorf("after -reprint, %s is still listed in the old %s", r.id, r.batch)
		}
		if n, _ := strconv.Atoi(r.batch[6:10]); n <= 7 {
			t.Errorf("%s printed into %s, a number used before", r.id, r.batch)
		}
	}
}

// TestAddressBlock: the address block in the order of each country, with
// the name where the country's post expects it and the country last in
// English capitals (not repeated when the address ends with it).
func TestAddressBlock(t *testing.T) {
	for _, c := range []struct {
		name, country string
		lines         []string
		want          []string
		lang          string
	}{
		{"佐藤 健一", "JP", []string{"〒150-0002", "東京都渋谷区渋谷二丁目21番1号"},
			[]string{"〒150-0002", "東京都渋谷区渋谷二丁目21番1号", "佐藤 健一 様", "JAPAN"}, "ja"},
		{"Kenichi Sato", "JP", []string{"2-21-1 Shibuya", "Shibuya-ku, Tokyo 150-0002"},
			[]string{"Kenichi Sato", "2-21-1 Shibuya", "Shibuya-ku, Tokyo 150-0002", "JAPAN"}, ""},
		{"王芳", "CN", []string{"200120", "上海市浦东新区世纪大道100号"},
			[]string{"200120", "上海市浦东新区世纪大道100号", "王芳 收", "CHINA"}, "zh-Hans"},
		{"張家豪", "TW", []string{"110", "臺北市信義區信義路五段7號35樓"},
			[]string{"110", "臺北市信義區信義路五段7號35樓", "張家豪 收", "TAIWAN"}, "zh-Hant"},
		{"陳志明", "HK", []string{"香港九龍旺角", "彌敦道六百號"},
			[]string{"香港九龍旺角", "彌敦道六百號", "陳志明 收", "HONG KONG"}, "zh-Hant-HK"},
		{"Chan Chi Ming", "HK", []string{"Flat B, 12/F", "600 Nathan Road", "Mong Kok, Kowloon", "Hong Kong"},
			[]string{"Chan Chi Ming", "Flat B, 12/F", "600 Nathan Road", "Mong Kok, Kowloon", "Hong Kong"}, ""},
		{"이서연", "KR", []string{"서울특별시 강남구 테헤란로 152", "06236"},
			[]string{"서울특별시 강남구 테헤란로 152", "06236", "이서연 귀하", "REPUBLIC OF KOREA"}, "ko"},
		{"Tan Wei Ling", "SG", []string{"Blk 123 Ang Mo Kio Avenue 3", "#05-67", "SINGAPORE 560123"},
			[]string{"Tan Wei Ling", "Blk 123 Ang Mo Kio Avenue 3", "#05-67", "SINGAPORE 560123"}, ""},
		{"Margaret Thompson", "GB", []string{"14 Rose Street", "EDINBURGH", "EH2 2PR"},
			[]string{"Margaret Thompson", "14 Rose Street", "EDINBURGH", "EH2 2PR", "UNITED KINGDOM"}, ""},
		{"Robert Johnson", "US", []string{"742 Maple Avenue Apt 3B", "SPRINGFIELD IL 62704"},
			[]string{"Robert Johnson", "742 Maple Avenue Apt 3B", "SPRINGFIELD IL 62704", "UNITED STATES OF AMERICA"}, ""},
		{"Léa Dubois", "FR", []string{"12 rue de la Paix", "75002 PARIS"},
			[]string{"Léa Dubois", "12 rue de la Paix", "75002 PARIS", "FRANCE"}, ""},
		{"สุดา ใจดี", "TH", []string{"99/1 ถนนสุขุมวิท", "กรุงเทพมหานคร 10110"},
			[]string{"สุดา ใจดี", "99/1 ถนนสุขุมวิท", "กรุงเทพมหานคร 10110", "THAILAND"}, "th"},
	} {
		got, lang := addressBlock(c.name, c.lines, c.country)
		if diff := cmp.Diff(c.want, got); diff != "" || lang != c.lang {
			t.Errorf("%s %s: lang %q, want %q; block (-want +got):\n%s", c.country, c.name, lang, c.lang, diff)
		}
	}
}

// TestPaperFor: US Letter in the United States, A4 elsewhere; each
// paper's address field lies inside its envelope's window.
func TestPaperFor(t *testing.T) {
	for country, want := range map[string]string{"US": "letter", "GB": "a4", "JP": "a4", "HK": "a4", "CA": "a4"} {
		if got := paperFor(country).name; got != want {
			t.Errorf("paperFor(%s) = %s, want %s", country, got, want)
		}
	}
	const in = 25.4
	// DIN 680 DL window: 20..110 mm from the left; DIN 5008 form B field 45..90 mm from the top.
	if a := paperA4; a.windowX < 20 || a.windowX+a.windowW > 110 || a.windowY < 45 || a.windowY+a.windowH > 90 {
		t.Errorf("A4 address field %+v outside the window", a)
	}
	// #10 window: 7/8 in .. 5 3/8 in from the left; 2.04 .. 3.17 in from the top of the sheet.
	if l := paperLetter; l.windowX < 0.875*in || l.windowX+l.windowW > 5.375*in || l.windowY < 2.04*in || l.windowY+l.windowH > 3.17*in {
		t.Errorf("Letter address field %+v outside the window", l)
	}
}

// TestLetterStyleStacks: every font stack a letter can use has its rule
// in the batch's CSS, so that no text falls back to fonts the glyph check
// did not read.
func TestLetterStyleStacks(t *testing.T) {
	css := letterStyle(paperA4)
	for _, tag := range locale.Supported() {
		for _, country := range []string{"", "HK", "JP", "CN", "TW", "KR", "SG", "GB", "US", "TH", "MO", "FR"} {
			for _, lang := range []string{tag.String(), addressLang(country, true), addressLang(country, false)} {
				stack := stackFor(lang, country)
				if !strings.Contains(css, "."+stackClass(stack)+" { font-family: "+cssFamilies(stack)+" !important; }") {
					t.Errorf("no rule for the stack of %q in %q: %v", lang, country, stack)
				}
			}
		}
	}
}

// TestLettersInterrupted: a run stopped part way (Ctrl-C once the first
// batch is on disk) leaves no half-written batch and no ledger record of a
// letter that is not in a batch on disk; the rerun prints the rest, and
// every letter is in the manifest once.
func TestLettersInterrupted(t *testing.T) {
	needPrintTools(t)
	t.Setenv(sample.CodeKeyEnv, "")
	var in strings.Builder
	for i := range 4 {
		fmt.Fprintf(&in, `{"id":"Y%d","membership":"910000000%d","name":"Sam Lee %d","family_name":"Lee","language":"en","address":{"lines":["%d Harbour Road","Wan Chai","Hong Kong"],"country":"HK"},"exposed":["name","postal_address"]}`+"\n", i, i, i, i+1)
	}
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, in.String(), "import", "-store", db, "-in", "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "letters")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if m, _ := filepath.Glob(filepath.Join(out, "batch-*.pdf")); len(m) > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	code, _, stderr := runCmdContext(ctx, t, nil, "", "letters", "-store", db, "-out", out, "-batch", "1", "-tabs", "1")
	// The run was stopped (four one-letter batches, stopped once the first
	// is on disk), says so, and fails.
	if code != 1 || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("the stopped run: exit %d, want 1 and an interruption:\n%s", code, stderr)
	}
	// Its manifest lists what it recorded, and not all of it; no temporary
	// file is left behind before any rerun could clear it; each batch on
	// disk is whole (as many pages as its manifest rows say).
	rows := readManifest(t, out)
	if len(rows) == 0 || len(rows) >= 4 {
		t.Errorf("the stopped run's manifest has %d rows, want 1 to 3:\n%s", len(rows), stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.tmp")); len(left) > 0 {
		t.Errorf("the stopped run left temporary files: %v", left)
	}
	for _, r := range rows {
		if n := pdfPages(t, filepath.Join(out, r.batch)); n != r.last {
			t.Errorf("after the stop, %s: %s has %d pages, the manifest says %d-%d", r.id, r.batch, n, r.first, r.last)
		}
	}
	// What the ledger records as printed is in a batch on disk.
	s, err := openAny(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	printed, err := s.Letters(context.Background(), "", 10, store.StatusPrinted)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range printed {
		if _, err := os.Stat(filepath.Join(out, l.Batch)); err != nil {
			t.Errorf("the ledger has %s printed in %s: %v", l.Person.ID, l.Batch, err)
		}
	}
	if code, _, stderr := runCmd(t, nil, "", "letters", "-store", db, "-out", out, "-batch", "1"); code != 0 {
		t.Fatalf("rerun: exit %d\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left: %s", e.Name())
		}
	}
	var ids []string
	for _, r := range readManifest(t, out) {
		ids = append(ids, r.id)
		if n := pdfPages(t, filepath.Join(out, r.batch)); n != r.last {
			t.Errorf("%s: %s has %d pages, the manifest says %d-%d", r.id, r.batch, n, r.first, r.last)
		}
	}
	if diff := cmp.Diff([]string{"Y0", "Y1", "Y2", "Y3"}, sortedCopy(ids)); diff != "" {
		t.Errorf("manifest after the rerun (-want +got):\n%s", diff)
	}
}
