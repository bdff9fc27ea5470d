package notice_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// withUpdates is fileIncident with a history.
func withUpdates() notice.Incident {
	inc := fileIncident()
	inc.Updates = []notice.Update{
		{Date: locale.Day(2024, time.February, 9), Text: notice.Localized{locale.English: "We announced the incident.", language.Japanese: "公表しました。"}},
		{Date: locale.Month(2024, time.March, locale.Early), Text: notice.Localized{locale.English: "We wrote to everyone affected."}},
		{Date: locale.Day(2024, time.March, 3), Text: notice.Localized{locale.English: "A second update the same month."}},
	}
	return inc
}

func TestIncidentFileUpdatesRoundTrip(t *testing.T) {
	want := withUpdates()
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
	if again, err := notice.EncodeIncident(got); err != nil || !bytes.Equal(data, again) {
		t.Errorf("encoding the decoded incident gave other bytes:\n%s\nthen\n%s", data, again)
	}
	// Without updates the file has no "updates" at all: files written
	// before updates existed read and write as they were.
	data, err = notice.EncodeIncident(fileIncident())
	if err != nil || bytes.Contains(data, []byte(`"updates"`)) {
		t.Errorf("an incident without updates: %v\n%s", err, data)
	}
}

// TestIncidentFileUpdatesProblems: each problem of an update is reported
// at its path, line and column.
func TestIncidentFileUpdatesProblems(t *testing.T) {
	good, err := notice.EncodeIncident(withUpdates())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(string) string
		want []string // paths
	}{
		{"unknown field", func(s string) string {
			return strings.Replace(s, `"date": "2024-02-09",`, `"date": "2024-02-09", "when": "x",`, 1)
		}, []string{"$.updates[0].when"}},
		{"a date given twice", func(s string) string {
			return strings.Replace(s, `"date": "2024-02-09",`, `"date": "2024-02-09", "Date": "2024-01-01",`, 1)
		}, []string{"$.updates[0].Date"}},
		{"a language given twice", func(s string) string {
			return strings.Replace(s, `"ja": "公表しました。"`, `"ja": "公表しました。", "ja": "別の文。"`, 1)
		}, []string{"$.updates[0].text.ja"}},
		{"not a date", func(s string) string { return strings.Replace(s, `"2024-03-03"`, `"3 March 2024"`, 1) }, []string{"$.updates[2].date"}},
		{"out of order", func(s string) string { return strings.Replace(s, `"2024-03-03"`, `"2024-01-03"`, 1) }, []string{"$.updates[2].date"}},
		{"no English", func(s string) string {
			return strings.Replace(s, `"en": "We wrote to everyone affected."`, `"ja": "連絡しました。"`, 1)
		}, []string{"$.updates[1].text.en"}},
		{"empty text", func(s string) string { return strings.Replace(s, `"公表しました。"`, `" "`, 1) }, []string{"$.updates[0].text.ja"}},
		{"not our language", func(s string) string {
			return strings.Replace(s, `"ja": "公表しました。"`, `"JA": "公表しました。"`, 1)
		}, []string{"$.updates[0].text.JA"}},
		{"a line break", func(s string) string {
			return strings.Replace(s, `"A second update the same month."`, `"A second\nupdate."`, 1)
		}, []string{"$.updates[2].text.en"}},
		{"no text", func(s string) string {
			return strings.Replace(s, `"text": {
        "en": "A second update the same month."
      }`, `"text": null`, 1)
		}, []string{"$.updates[2].text", "$.updates[2].text.en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.edit(string(good))
			if in == string(good) {
				t.Fatal("the edit changed nothing")
			}
			_, err := notice.DecodeIncident([]byte(in))
			var got []string
			for _, p := range problemsOf(t, err, nil) {
				got = append(got, p.Path)
				if p.At == "" && p.Path != "$.updates[1].text.en" && p.Path != "$.updates[2].text.en" && p.Path != "$.updates[2].text" {
					t.Errorf("%s: no line and column", p.Path)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nfile:\n%s", diff, in)
			}
		})
	}
}

// TestIncidentUpdatesValidate: Validate names an update by its index, and
// Fallbacks lists an update's missing translations.
func TestIncidentUpdatesValidate(t *testing.T) {
	inc := withUpdates()
	inc.Updates[1].Date = locale.Date{Year: 2024, Month: 14}
	err := inc.Validate()
	var ie *notice.IncidentError
	if !errors.As(err, &ie) || ie.Field != "Updates[1].Date" {
		t.Errorf("Validate: %v, want a problem with Updates[1].Date", err)
	}
	inc = sample.MustIncident("seed")
	if fb := inc.Fallbacks(); len(fb) != 0 {
		t.Errorf("the seed incident lacks translations: %v", fb)
	}
	delete(inc.Updates[2].Text, locale.ChineseHK)
	want := []notice.TextFallback{{Field: "Updates[2]", Lang: locale.ChineseHK, From: locale.ChineseTraditional}}
	if diff := cmp.Diff(want, inc.Fallbacks(), incidentOpts); diff != "" {
		t.Errorf("Fallbacks (-want +got):\n%s", diff)
	}
}
