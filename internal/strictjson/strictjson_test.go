package strictjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/internal/strictjson"
)

type contact struct {
	Email string   `json:"email"`
	Lines []string `json:"lines,omitempty"`
}

type person struct {
	ID      string            `json:"id"`
	Exposed *[]string         `json:"exposed"`
	Count   int               `json:"count"`
	OK      bool              `json:"ok"`
	Contact *contact          `json:"contact"`
	Texts   map[string]string `json:"texts"`
	Levels  levels            `json:"levels"`
	Secret  string            `json:"-"`
}

// levels has its own decoder, which refuses anything but low and high.
type levels []string

func (l *levels) UnmarshalJSON(data []byte) error {
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return err
	}
	for _, n := range names {
		if n != "low" && n != "high" {
			return fmt.Errorf("unknown level %q", n)
		}
	}
	*l = names
	return nil
}

func ptr[T any](v T) *T { return &v }

func TestUnmarshalAccepts(t *testing.T) {
	in := `{"id":"P1","exposed":["name","email"],"count":3,"ok":true,
  "contact":{"email":"a@example.com","lines":["1 Road"]},"texts":{"en":"Hi","ja":"やあ"},"levels":["low"]}`
	var got person
	if err := strictjson.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	want := person{ID: "P1", Exposed: ptr([]string{"name", "email"}), Count: 3, OK: true,
		Contact: &contact{Email: "a@example.com", Lines: []string{"1 Road"}},
		Texts:   map[string]string{"en": "Hi", "ja": "やあ"}, Levels: levels{"low"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

type problem struct {
	Path string
	Pos  string
	Msg  string // a part of the message
}

func TestUnmarshalRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []problem
	}{
		{"a repeated name in another case", `{"id":"P1","exposed":["name","passport_number"],"Exposed":[]}`,
			[]problem{{"$.Exposed", "1:49", "given twice (first at 1:12)"}}},
		{"the same name twice", `{"id":"P1","id":"P2","exposed":[]}`,
			[]problem{{"$.id", "1:12", "given twice"}}},
		{"a name in capitals", `{"id":"P1","EXPOSED":[]}`,
			[]problem{{"$.EXPOSED", "1:12", `case-sensitive; did you mean "exposed"`}}},
		{"long s folding to s", `{"id":"P1","expoſed":[]}`,
			[]problem{{"$.expoſed", "1:12", `did you mean "exposed"`}}},
		{"Kelvin sign folding to k", "{\"id\":\"P1\",\"o\u212a\":true}",
			[]problem{{"$.o\u212a", "1:12", `did you mean "ok"`}}},
		{"long s after the real name", `{"exposed":["name"],"expoſed":[]}`,
			[]problem{{"$.expoſed", "1:21", "given twice"}}},
		{"an unknown field", `{"id":"P1","shoe":42}`,
			[]problem{{"$.shoe", "1:12", `unknown field "shoe" (known: id, exposed`}}},
		{"the skipped field", `{"Secret":"x"}`,
			[]problem{{"$.Secret", "1:2", "unknown field"}}},
		{"null for a string", `{"id":null}`,
			[]problem{{"$.id", "1:7", "null is not allowed here (want a string)"}}},
		{"a number for a string", `{"id":7}`,
			[]problem{{"$.id", "1:7", "want a string, not the number 7"}}},
		{"a fraction for an int", `{"count":1.5}`,
			[]problem{{"$.count", "1:10", "not a whole number"}}},
		{"nested, on a later line", "{\"id\":\"P1\",\n \"contact\":{\"email\":\"a@b\",\"Email\":\"c@d\"}}",
			[]problem{{"$.contact.Email", "2:27", "given twice"}}},
		{"in an array", `{"contact":{"lines":["a",2]}}`,
			[]problem{{"$.contact.lines[1]", "1:26", "want a string"}}},
		{"a map key twice by case", `{"texts":{"en":"a","EN":"b"}}`,
			[]problem{{"$.texts.EN", "1:20", "given twice"}}},
		{"a custom type's own error", `{"levels":["low","shoe"]}`,
			[]problem{{"$.levels", "1:11", `unknown level "shoe"`}}},
		{"a repeated name inside a custom type", `{"levels":{"a":1,"A":2}}`,
			[]problem{{"$.levels", "1:18", `"A" given twice`}}},
		{"two values", `{"id":"a"} {"id":"b"}`,
			[]problem{{"$", "1:12", "more than one JSON value"}}},
		{"empty", "  \n", []problem{{"?", "2:1", "the input is empty"}}},
		{"cut short", `{"id":"a"`, []problem{{"?", "1:10", "ends in the middle"}}},
		{"not UTF-8", "{\"id\":\"\xff\"}", []problem{{"$", "1:8", "not valid UTF-8"}}},
		{"every problem, not only the first", `{"ID":"a","shoe":1,"count":"x"}`, []problem{
			{"$.ID", "1:2", `did you mean "id"`},
			{"$.shoe", "1:11", "unknown field"},
			{"$.count", "1:28", "want a whole number"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p person
			err := strictjson.Unmarshal([]byte(tt.in), &p)
			if !errors.Is(err, strictjson.ErrInvalid) {
				t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
			}
			var got []problem
			for i, e := range strictjson.Errors(err) {
				pr := problem{e.Path, e.Pos.String(), ""}
				if i < len(tt.want) && strings.Contains(e.Msg, tt.want[i].Msg) {
					pr.Msg = tt.want[i].Msg
				} else {
					pr.Msg = e.Msg
				}
				got = append(got, pr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestUnmarshalNullPointerMeansMissing(t *testing.T) {
	var p person
	if err := strictjson.Unmarshal([]byte(`{"exposed":null,"contact":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Exposed != nil || p.Contact != nil {
		t.Errorf("null gave %v, %v; want nil, nil", p.Exposed, p.Contact)
	}
}

func TestUnmarshalNeedsPointer(t *testing.T) {
	if err := strictjson.Unmarshal([]byte(`{}`), person{}); err == nil || errors.Is(err, strictjson.ErrInvalid) {
		t.Errorf("a non-pointer target gave %v; want a usage error", err)
	}
}

// FuzzUnmarshal checks the package's promise on any input: what it accepts
// has, in every object, names that are known exactly and unique in any
// case, and decodes to what encoding/json decodes (so nothing was shadowed
// or read through a folded name).
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"id":"P1","exposed":["name"],"count":2,"ok":false,"contact":{"email":"e","lines":[]},"texts":{"en":"x"},"levels":["high"]}`,
		`{"id":"P1","exposed":["name","passport_number"],"Exposed":[]}`,
		`{"id":"P1","expoſed":[]}`, "{\"o\u212a\":true}", `{"texts":{"a":"1","A":"2"}}`, `{"id":null}`,
		`{"exposed":null}`, `{"contact":{"email":"a","email":"b"}}`, `{} {}`, `[1,2]`, `"x"`,
	} {
		f.Add([]byte(s))
	}
	known := map[string][]string{
		"$":         {"id", "exposed", "count", "ok", "contact", "texts", "levels"},
		"$.contact": {"email", "lines"},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got person
		if strictjson.Unmarshal(data, &got) != nil {
			return
		}
		objects, err := objectNames(data)
		if err != nil {
			t.Fatalf("accepted input that is not one JSON value: %v", err)
		}
		for path, names := range objects {
			folded := map[string]bool{}
			for _, n := range names {
				f := strings.ToLower(strings.ToUpper(n))
				if folded[f] {
					t.Fatalf("accepted %q with %q twice (in some case) at %s", data, n, path)
				}
				folded[f] = true
				if want, isStruct := known[path]; isStruct && !slices.Contains(want, n) {
					t.Fatalf("accepted %q with unknown name %q at %s", data, n, path)
				}
			}
		}
		var lenient person
		if err := json.Unmarshal(data, &lenient); err != nil {
			t.Fatalf("accepted %q that encoding/json refuses: %v", data, err)
		}
		if diff := cmp.Diff(lenient, got); diff != "" {
			t.Fatalf("accepted %q but decoded it unlike encoding/json (-json +strict):\n%s", data, diff)
		}
	})
}

// objectNames lists the names of every object in data by path, walking the
// tokens on its own (array elements share their array's path).
func objectNames(data []byte) (map[string][]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	out := map[string][]string{}
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			out[path] = []string{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				out[path] = append(out[path], k.(string))
				if err := walk(path + "." + k.(string)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(path); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk("$"); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one value")
	}
	return out, nil
}
