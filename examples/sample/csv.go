package sample

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/breachkit/breachkit/exposure"
)

// ErrEmptyInput is returned for a passenger file with no passengers at all
// (not even a header row): most likely the wrong file, or an export that
// failed.
var ErrEmptyInput = errors.New("sample: the passenger file is empty")

// CSVColumns are the columns a passenger CSV file may have, named in its
// header row exactly so (case-sensitive), each at most once, in any order.
// id, name, email and exposed are required.
//
//   - exposed: wire names separated by ";" or "|" ("name;email"), or "none"
//     when nothing was exposed. An empty cell is an error: a forgotten
//     value must not read as nothing exposed.
//   - address_lines: the lines of a postal address separated by "|", with
//     address_country (ISO 3166-1 alpha-2).
var CSVColumns = []string{"id", "membership", "name", "family_name", "email", "language", "jurisdiction",
	"address_lines", "address_country", "exposed"}

// CSVDecoder reads passengers from CSV, as a spreadsheet exports them: a
// header row naming the columns (see [CSVColumns]), then one passenger per
// row. A byte-order mark and CRLF, LF or CR-only line ends are accepted.
// Each row is checked as [PassengerDecoder] checks a line.
type CSVDecoder struct {
	r       *csv.Reader
	columns []string
}

// NewCSVDecoder reads the header row and returns a decoder for the rest.
// A missing, repeated or unknown column in the header is an error, and so
// is an empty input ([ErrEmptyInput]).
func NewCSVDecoder(r io.Reader) (*CSVDecoder, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(&crToLF{r: br})
	cr.FieldsPerRecord = -1 // checked here, to say which row and how
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ErrEmptyInput
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: %w: %v", ErrBadLine, err)
	}
	d := &CSVDecoder{r: cr, columns: slices.Clone(header)}
	var problems []string
	for i, name := range d.columns {
		switch {
		case !slices.Contains(CSVColumns, name):
			hint := ""
			for _, c := range CSVColumns {
				if strings.EqualFold(c, strings.TrimSpace(name)) {
					hint = fmt.Sprintf(" (did you mean %q? names are case-sensitive)", c)
				}
			}
			problems = append(problems, fmt.Sprintf("column %d: unknown column %q%s", i+1, name, hint))
		case slices.Index(d.columns, name) != i:
			problems = append(problems, fmt.Sprintf("column %d: %q given twice", i+1, name))
		}
	}
	for _, required := range []string{"id", "name", "email", "exposed"} {
		if !slices.Contains(d.columns, required) {
			problems = append(problems, fmt.Sprintf("no column %q", required))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("line 1: %w: header: %s (the columns are %s)", ErrBadLine, strings.Join(problems, "; "), strings.Join(CSVColumns, ", "))
	}
	return d, nil
}

// Next returns the next passenger and the line its row starts on. At the
// end it returns io.EOF. A bad row gives a [*LineError] and the decoder is
// ready for the next row.
func (d *CSVDecoder) Next() (Passenger, int, error) {
	for {
		record, err := d.r.Read()
		if err == io.EOF {
			return Passenger{}, 0, io.EOF
		}
		line, _ := d.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Passenger{}, pe.StartLine, &LineError{Line: pe.StartLine, Err: fmt.Errorf("%w: %v", ErrBadLine, pe.Err)}
			}
			return Passenger{}, line, err
		}
		if len(record) == 1 && strings.TrimSpace(record[0]) == "" {
			continue // a blank line
		}
		p, err := d.passenger(record)
		if err == nil {
			err = checkPassenger(p)
		}
		if err != nil {
			return Passenger{}, line, &LineError{Line: line, Err: fmt.Errorf("%w: %v", ErrBadLine, err)}
		}
		return p, line, nil
	}
}

func (d *CSVDecoder) passenger(record []string) (Passenger, error) {
	if len(record) != len(d.columns) {
		return Passenger{}, fmt.Errorf("%d cells, the header has %d", len(record), len(d.columns))
	}
	var p Passenger
	for i, name := range d.columns {
		v := record[i]
		switch name {
		case "id":
			p.ID = v
		case "membership":
			p.Membership = v
		case "name":
			p.Name = v
		case "family_name":
			p.FamilyName = v
		case "email":
			p.Email = v
		case "language":
			p.Language = v
		case "jurisdiction":
			p.Jurisdiction = v
		case "address_lines":
			if strings.TrimSpace(v) != "" {
				for l := range strings.SplitSeq(v, "|") {
					p.Address.Lines = append(p.Address.Lines, strings.TrimSpace(l))
				}
			}
		case "address_country":
			p.Address.Country = v
		case "exposed":
			set, err := parseExposedCell(v)
			if err != nil {
				return Passenger{}, err
			}
			p.Exposed = set
		}
	}
	return p, nil
}

// parseExposedCell reads the exposed cell: names separated by ";" or "|",
// or "none".
func parseExposedCell(v string) (exposure.Set, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		return exposure.Set{}, errors.New(`exposed is empty (write none when nothing was exposed)`)
	case "none":
		return exposure.Set{}, nil
	}
	names := strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' })
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	return exposure.ParseSet(strings.Join(names, ","))
}

// crToLF turns CR-only and CRLF line ends into LF, which is all
// encoding/csv takes as a line end. A CR inside a quoted cell becomes LF
// too; a cell may hold neither, so the row is refused either way.
type crToLF struct {
	r      io.Reader
	lastCR bool
}

func (c *crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	out := 0
	for i := range n {
		b := p[i]
		switch {
		case b == '\r':
			p[out] = '\n'
			out++
			c.lastCR = true
			continue
		case b == '\n' && c.lastCR:
			// the LF of a CRLF: its CR was the line end
		default:
			p[out] = b
			out++
		}
		c.lastCR = false
	}
	return out, err
}
