package sample_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
)

// TestIncidents: both incidents are complete and have their texts in every
// language the notices are written in.
func TestIncidents(t *testing.T) {
	for _, name := range sample.Names() {
		inc, err := sample.Incident(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := inc.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, tag := range locale.Supported() {
			if tag == locale.Pseudo {
				continue
			}
			if inc.Organisation[tag] == "" || inc.Narrative[tag] == "" || inc.Response[tag] == "" {
				t.Errorf("%s: no %v text", name, tag)
			}
		}
		p, err := sample.SamplePassenger(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Exposed.IsEmpty() || !p.Exposed.SubsetOf(inc.Exposed) {
			t.Errorf("%s: sample passenger exposed %v, outside %v", name, p.Exposed, inc.Exposed)
		}
	}
	if _, err := sample.Incident("moon"); err == nil {
		t.Error("Incident(moon) succeeded")
	}
}

var latinName = regexp.MustCompile(`^\p{Latin}[\p{Latin}' -]*$`)

func TestPassengerFile(t *testing.T) {
	inc := sample.MustIncident("seed")
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	languages := map[language.Tag]bool{}
	var covered exposure.Set
	ids := map[string]bool{}
	var n, nothing, lacked int
	for {
		p, line, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		n++
		if ids[p.ID] {
			t.Errorf("line %d: id %s repeated", line, p.ID)
		}
		ids[p.ID] = true
		// The family name is the Latin spelling on the booking, which the
		// portal asks for, whatever script the full name is in. Those
		// without an email are written to: they have a postal address.
		if (p.Email == "" && p.Address.IsZero()) || p.FamilyName == "" || p.Membership == "" || !latinName.MatchString(p.FamilyName) {
			t.Errorf("line %d: incomplete passenger %+v", line, p)
		}
		if !p.Exposed.SubsetOf(inc.Exposed) {
			t.Errorf("line %d: %v is not all exposed by the seed incident", line, p.Exposed)
		}
		covered = covered.Union(p.Exposed)
		if p.Exposed.IsEmpty() {
			nothing++
		}
		tag := locale.Negotiate(p.Language)
		if exact, err := locale.Exact(p.Language); err == nil {
			tag = exact
		}
		languages[tag] = true
		if tag == locale.English && !strings.HasPrefix(p.Language, "en") {
			lacked++
		}
	}
	if n < 18 || nothing != 1 || lacked == 0 || covered != inc.Exposed {
		t.Errorf("%d passengers, %d with nothing exposed, %d in a language we lack, covering %v", n, nothing, lacked, covered)
	}
	for _, tag := range locale.Supported() {
		if !languages[tag] && tag != locale.Pseudo {
			t.Errorf("no passenger reads %v", tag)
		}
	}
}

func TestPassengerDecoderBadLines(t *testing.T) {
	f, err := os.Open("testdata/bad.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := sample.NewPassengerDecoder(f)
	var good []string
	var bad []int
	for {
		p, line, err := dec.Next()
		if err == io.EOF {
			break
		}
		var le *sample.LineError
		if errors.As(err, &le) {
			if le.Line != line || !errors.Is(err, sample.ErrBadLine) {
				t.Errorf("line %d: error %v", line, err)
			}
			bad = append(bad, line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, p.ID)
	}
	if diff := cmp.Diff([]string{"B1", "B10"}, good); diff != "" {
		t.Errorf("good lines mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 5, 7, 8, 9}, bad); diff != "" {
		t.Errorf("bad lines mismatch (-want +got):\n%s", diff)
	}
}

func TestPassengerDecoderLongLine(t *testing.T) {
	long := `{"id":"L","name":"` + strings.Repeat("x", sample.MaxLineLen) + `","email":"l@example.com","exposed":[]}`
	in := long + "\n" + `{"id":"OK","name":"A","email":"a@example.com","exposed":["name"]}` + "\n"
	dec := sample.NewPassengerDecoder(strings.NewReader(in))
	if _, line, err := dec.Next(); !errors.Is(err, sample.ErrBadLine) || line != 1 {
		t.Fatalf("long line: %d, %v", line, err)
	}
	if p, line, err := dec.Next(); err != nil || p.ID != "OK" || line != 2 {
		t.Fatalf("after the long line: %v line %d, %v", p.ID, line, err)
	}
	if _, _, err := dec.Next(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
}

func FuzzPassengerDecoder(f *testing.F) {
	f.Add([]byte(`{"id":"P1","name":"A","email":"a@example.com","exposed":["name"]}` + "\n\nnot json\n"))
	f.Add([]byte(`{"id":"P1","name":"A\u2028","email":"a@example.com","exposed":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := sample.NewPassengerDecoder(bytes.NewReader(data))
		last := 0
		for range bytes.Count(data, []byte("\n")) + 2 {
			p, line, err := dec.Next()
			if err == io.EOF {
				return
			}
			if line <= last {
				t.Fatalf("line numbers went from %d to %d", last, line)
			}
			last = line
			if err != nil {
				if !errors.Is(err, sample.ErrBadLine) {
					t.Fatalf("line %d: %v", line, err)
				}
				continue
			}
			for _, v := range []string{p.ID, p.Name, p.Email, p.Language, p.FamilyName, p.Membership} {
				if strings.ContainsAny(v, "\r\n\x00") {
					t.Fatalf("line %d: control character accepted in %q", line, v)
				}
			}
			if p.ID == "" || (p.Email == "" && p.Address.IsZero()) || p.Name == "" {
				t.Fatalf("line %d: incomplete passenger accepted: %+v", line, p)
			}
		}
		t.Fatalf("decoder did not reach EOF")
	})
}
