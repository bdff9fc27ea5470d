package notice_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var incidentOpts = cmp.Options{cmpopts.EquateComparable(language.Tag{}, exposure.Set{}), cmpopts.EquateEmpty()}

// fileIncident is an incident with every field a file can hold.
func fileIncident() notice.Incident {
	return notice.Incident{
		ID:           "harbour-2024-02",
		Organisation: notice.Localized{locale.English: "Harbour & Hill <Books>", language.Japanese: "ハーバー書店"},
		Detected:     locale.Month(2024, time.February, locale.Early),
		AwareAt:      time.Date(2024, time.February, 3, 14, 5, 0, 0, time.FixedZone("", 9*3600)),
		Announced:    locale.Day(2024, time.February, 9),
		NoticesFrom:  locale.Day(2024, time.February, 10),
		NoticesUntil: locale.Month(2024, time.March, locale.PeriodNone),
		Affected:     1234,
		Contact:      notice.Contact{Email: "help@harbour.example", Phone: "+81 3 0000 0000", Web: "https://harbour.example/notice"},
		Sender:       "Harbour & Hill <notices@harbour.example>",
		Exposed:      exposure.Of(exposure.Name, exposure.Email, exposure.Password),
		NotExposed:   exposure.Of(exposure.CardWithCVV),
		Circumstances: exposure.Circumstances{Confidentiality: exposure.ConfidentialityKnownRecipients,
			Integrity: exposure.IntegrityRecoverable, Availability: exposure.AvailabilityTemporary, Malicious: true},
		Narrative: notice.Localized{locale.English: "A first \"paragraph\".\nA second.", language.Japanese: "一段落目。\n二段落目。"},
		Response:  notice.Localized{locale.English: "We reset passwords."},
	}
}

func TestIncidentFileRoundTrip(t *testing.T) {
	want := fileIncident()
	data, err := notice.EncodeIncident(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := notice.DecodeIncident(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if diff := cmp.Diff(want, got, incidentOpts); diff != "" {
		t.Errorf("decoded incident mismatch (-want +got):\n%s", diff)
	}
	again, err := notice.EncodeIncident(got)
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("encoding the decoded incident gave other bytes:\n%s\nthen\n%s", data, again)
	}
}

// TestStarterIncidentFile: the starter file in examples/ reads as a
// complete incident.
func TestStarterIncidentFile(t *testing.T) {
	data, err := os.ReadFile("../examples/incident.json")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := notice.DecodeIncident(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notice.NewComposer(inc); err != nil {
		t.Errorf("the starter incident makes no notice: %v", err)
	}
}

type fileProblem struct{ At, Path, Msg string }

func problemsOf(t *testing.T, err error, wantMsgs []fileProblem) []fileProblem {
	t.Helper()
	if !errors.Is(err, notice.ErrIncidentFile) {
		t.Fatalf("got %v, want an error wrapping ErrIncidentFile", err)
	}
	var got []fileProblem
	for i, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var p *notice.FileProblem
		if !errors.As(e, &p) {
			t.Fatalf("problem %v is not a FileProblem", e)
		}
		msg := p.Msg
		if i < len(wantMsgs) && strings.Contains(p.Msg, wantMsgs[i].Msg) {
			msg = wantMsgs[i].Msg
		}
		at := ""
		if p.Line > 0 {
			at = (&notice.FileProblem{Line: p.Line, Column: p.Column, Path: "x", Msg: "x"}).Error()
			at = strings.TrimSuffix(at, ": x: x")
		}
		got = append(got, fileProblem{at, p.Path, msg})
	}
	return got
}

// TestDecodeIncidentReportsEveryProblem: a broken file gets every problem
// named with its JSON path and line:column, those of the JSON first.
func TestDecodeIncidentReportsEveryProblem(t *testing.T) {
	good, err := notice.EncodeIncident(fileIncident())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(string) string
		want []fileProblem
	}{
		{"strict JSON", func(s string) string {
			s = strings.Replace(s, `"affected": 1234,`, `"affected": 1234, "Affected": 1,`, 1)
			return strings.Replace(s, `"sender":`, `"sendr": "x", "sender":`, 1)
		}, []fileProblem{
			{"13:21", "$.Affected", "given twice"},
			{"15:3", "$.sendr", `unknown field "sendr"`},
		}},
		{"values", func(s string) string {
			s = strings.Replace(s, `"detected": "early 2024-02"`, `"detected": "2024-02-30"`, 1)
			s = strings.Replace(s, `"aware_at": "2024-02-03T14:05:00+09:00"`, `"aware_at": "2024-02-03 14:05"`, 1)
			s = strings.Replace(s, `"help@harbour.example"`, `"help at harbour"`, 1)
			s = strings.Replace(s, `"ja": "一段落目。\n二段落目。"`, `"ja": " "`, 1)
			s = strings.Replace(s, `"integrity": "recoverable"`, `"integrity": "mostly"`, 1)
			return strings.Replace(s, `"exposed": ["name","email","password"]`, `"exposed": ["name","email","password","card_with_cvv"]`, 1)
		}, []fileProblem{
			{"8:15", "$.detected", `"2024-02-30"`},
			{"9:15", "$.aware_at", "not a time with its zone"},
			{"19:73", "$.circumstances.integrity", `"mostly"; want one of intact, recoverable, irrecoverable`},
			{"22:11", "$.narrative.ja", "empty ja text"},
			{"14:23", "$.contact.email", "not a bare email address"},
			{"18:18", "$.not_exposed", "card_with_cvv also in Exposed"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.edit(string(good))
			if in == string(good) {
				t.Fatal("the edit changed nothing")
			}
			_, err := notice.DecodeIncident([]byte(in))
			if diff := cmp.Diff(tt.want, problemsOf(t, err, tt.want)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nfile:\n%s", diff, in)
			}
		})
	}
}

func TestDecodeIncidentMissingFields(t *testing.T) {
	_, err := notice.DecodeIncident([]byte(`{"format":"breachkit-incident/1"}`))
	got := problemsOf(t, err, nil)
	var paths []string
	for _, p := range got {
		paths = append(paths, p.Path)
	}
	for _, want := range []string{"$.id", "$.detected", "$.aware_at", "$.exposed", "$.circumstances", "$.organisation.en", "$.affected", "$.contact"} {
		found := false
		for _, p := range paths {
			found = found || p == want
		}
		if !found {
			t.Errorf("no problem reported at %s; got %v", want, paths)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]locale.Date{
		"2018-10-24":    locale.Day(2018, time.October, 24),
		"2018-03":       locale.Month(2018, time.March, locale.PeriodNone),
		"early 2018-11": locale.Month(2018, time.November, locale.Early),
		"mid 2018-11":   locale.Month(2018, time.November, locale.Mid),
		"late 2018-11":  locale.Month(2018, time.November, locale.Late),
	} {
		got, err := notice.ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back := notice.FormatDate(got); back != in {
			t.Errorf("FormatDate(ParseDate(%q)) = %q", in, back)
		}
	}
	for _, bad := range []string{"", "2018", "2018-1-2", "18-10-24", "2018-13", "2018-02-30", "early 2018-11-02", "Early 2018-11", "2018-10-24 ", "+018-10-24", "2018-00"} {
		if d, err := notice.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, d)
		}
	}
}

// FuzzDecodeIncident: an accepted file is a valid incident, and encoding it
// gives a file that decodes to the same incident and encodes to the same
// bytes.
func FuzzDecodeIncident(f *testing.F) {
	good, _ := notice.EncodeIncident(fileIncident())
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"affected": 1234,`), []byte(`"affected": 1234, "AFFECTED": 0,`), 1))
	f.Add([]byte(`{"format":"breachkit-incident/1"}`))
	// The seed carries dated updates: the fuzzer starts from them too, and
	// from an update whose date is given twice.
	seed, _ := notice.EncodeIncident(sample.MustIncident("seed"))
	f.Add(seed)
	f.Add(bytes.Replace(seed, []byte(`"date": "2018-10-24",`), []byte(`"date": "2018-10-24", "date": "2020-01-01",`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		inc, err := notice.DecodeIncident(data)
		if err != nil {
			return
		}
		if err := inc.Validate(); err != nil {
			t.Fatalf("accepted an invalid incident: %v", err)
		}
		enc, err := notice.EncodeIncident(inc)
		if err != nil {
			t.Fatalf("cannot encode an accepted incident: %v", err)
		}
		back, err := notice.DecodeIncident(enc)
		if err != nil {
			t.Fatalf("cannot decode its own encoding: %v\n%s", err, enc)
		}
		if diff := cmp.Diff(inc, back, incidentOpts); diff != "" {
			t.Fatalf("round trip mismatch (-decoded +re-decoded):\n%s", diff)
		}
		if again, _ := notice.EncodeIncident(back); !bytes.Equal(enc, again) {
			t.Fatalf("encoding is not stable:\n%s\n%s", enc, again)
		}
	})
}

func TestFallbacks(t *testing.T) {
	inc := fileIncident() // English and Japanese organisation and narrative, English response
	inc.Narrative[locale.ChineseTraditional] = "一段。"
	got := map[string]string{}
	for _, f := range inc.Fallbacks() {
		got[f.Field+" "+f.Lang.String()] = f.From.String()
	}
	want := map[string]string{
		"Organisation ko": "en", "Organisation zh-Hans": "en", "Organisation zh-Hant": "en", "Organisation zh-Hant-HK": "en",
		"Narrative ko": "en", "Narrative zh-Hans": "en", "Narrative zh-Hant-HK": "zh-Hant",
		"Response ja": "en", "Response ko": "en", "Response zh-Hans": "en", "Response zh-Hant": "en", "Response zh-Hant-HK": "en",
	}
	for _, l := range []string{"de", "fr", "vi", "id", "th"} {
		for _, f := range []string{"Organisation", "Narrative", "Response"} {
			want[f+" "+l] = "en"
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fallbacks mismatch (-want +got):\n%s", diff)
	}
	hk := notice.TextFallback{Field: "Narrative", Lang: locale.ChineseHK, From: locale.ChineseTraditional}
	if s := hk.String(); !strings.Contains(s, "Taiwan") || !strings.Contains(s, "Hong Kong") {
		t.Errorf("the zh-Hant-HK fallback does not name the Taiwan text standing in for Hong Kong: %q", s)
	}
	full := sample.MustIncident("seed")
	if f := full.Fallbacks(); len(f) != 0 {
		t.Errorf("an incident with every text reports fallbacks: %v", f)
	}
}
