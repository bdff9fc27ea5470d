package sample_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
)

type csvResult struct {
	Line    int
	ID      string
	Exposed string
	Err     string
}

func readCSV(t *testing.T, in string) []csvResult {
	t.Helper()
	d, err := sample.NewCSVDecoder(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out []csvResult
	for {
		p, line, err := d.Next()
		if err == io.EOF {
			return out
		}
		r := csvResult{Line: line, ID: p.ID, Exposed: p.Exposed.String()}
		if err != nil {
			var le *sample.LineError
			if !errors.As(err, &le) || le.Line != line || !errors.Is(err, sample.ErrBadLine) {
				t.Fatalf("line %d: %v is not a LineError for its line", line, err)
			}
			r.Err = err.Error()
		}
		out = append(out, r)
	}
}

func TestCSVDecoder(t *testing.T) {
	rows := []string{
		"id,membership,name,family_name,email,language,jurisdiction,address_lines,address_country,exposed",
		"P1,1001,Chan Tai Man,Chan,chan@example.com,zh-HK,HK,1 Harbour Road|Wan Chai,HK,name;email;passport_number",
		"P2,1002,Ann Lee,Lee,ann@example.com,en,US-CA,,,name | phone",
		"",
		"P3,1003,\"Lee, Ann\",Lee,lee@example.com,en,,,,none",
		"P4,1004,No Exposed,X,x@example.com,en,,,,",
		"P5,1005,\"Two\nLines\",X,x@example.com,en,,,,name",
		"P6,1006,Short,X",
		"P7,1007,Shoe,X,s@example.com,en,,,,name;shoe_size",
	}
	want := []csvResult{
		{Line: 2, ID: "P1", Exposed: "name,email,passport_number"},
		{Line: 3, ID: "P2", Exposed: "name,phone"},
		{Line: 5, ID: "P3", Exposed: ""},
		{Line: 6, Err: "exposed is empty"},
		{Line: 7, Err: "name has control character U+000A"},
		{Line: 9, Err: "4 cells, the header has 10"},
		{Line: 10, Err: "shoe_size"},
	}
	for name, eol := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		for _, bom := range []string{"", "\ufeff"} {
			t.Run(name+map[string]string{"": "", "\ufeff": " with BOM"}[bom], func(t *testing.T) {
				got := readCSV(t, bom+strings.Join(rows, eol)+eol)
				for i := range got {
					if i < len(want) && want[i].Err != "" && strings.Contains(got[i].Err, want[i].Err) {
						got[i] = csvResult{Line: got[i].Line, Err: want[i].Err}
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestCSVDecoderAddress(t *testing.T) {
	d, err := sample.NewCSVDecoder(strings.NewReader("id,name,email,exposed,address_lines,address_country\nP1,A,a@example.com,name,1 Main St | San Jose CA,US\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	want := sample.Address{Lines: []string{"1 Main St", "San Jose CA"}, Country: "US"}
	if diff := cmp.Diff(want, p.Address); diff != "" || p.Exposed != exposure.Of(exposure.Name) {
		t.Errorf("address mismatch (-want +got):\n%s", diff)
	}
}

func TestCSVDecoderHeader(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"only a BOM", "\ufeff", "empty"},
		{"a column in capitals", "id,name,email,Exposed\n", `unknown column "Exposed" (did you mean "exposed"?`},
		{"a column twice", "id,name,email,exposed,email\n", `"email" given twice`},
		{"a column twice in other case", "id,name,email,exposed,EMAIL\n", `unknown column "EMAIL"`},
		{"a missing column", "id,name,exposed\n", `no column "email"`},
		{"an unknown column", "id,name,email,exposed,shoe\n", `unknown column "shoe"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := sample.NewCSVDecoder(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, %v; want an error saying %q", d, err, tt.want)
			}
			if tt.want == "empty" && !errors.Is(err, sample.ErrEmptyInput) {
				t.Errorf("an empty input: %v, want ErrEmptyInput", err)
			}
		})
	}
}
