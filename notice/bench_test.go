package notice_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// The benchmarks write the seed incident's sample passenger's notice, once
// per op, in English and Japanese: with a Composer (Compose, then write), and
// with the text/template and html/template baseline of baseline_test.go
// (format every message, then execute), so that one run shows the ratio.

func BenchmarkText(b *testing.B)         { benchmarkComposer(b, notice.Document.WriteText) }
func BenchmarkHTML(b *testing.B)         { benchmarkComposer(b, notice.Document.WriteHTML) }
func BenchmarkTextTemplate(b *testing.B) { benchmarkTemplate(b, (*templateNotice).writeText) }
func BenchmarkHTMLTemplate(b *testing.B) { benchmarkTemplate(b, (*templateNotice).writeHTML) }

// BenchmarkNewComposer measures laying out an incident's notices in every
// language, which a mailer does once per incident.
func BenchmarkNewComposer(b *testing.B) {
	inc := sample.MustIncident("seed")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := notice.NewComposer(inc); err != nil {
			b.Fatal(err)
		}
	}
}

var benchLanguages = []string{"en", "ja", "th"}

// seedBench returns the seed incident, its sample passenger and the passenger's assessment.
func seedBench(b *testing.B) (notice.Incident, sample.Passenger, exposure.Assessment) {
	b.Helper()
	p, err := sample.SamplePassenger("seed")
	if err != nil {
		b.Fatal(err)
	}
	return sample.MustIncident("seed"), p, exposure.Assess(p.Exposed)
}

func benchmarkComposer(b *testing.B, write func(notice.Document, io.Writer) error) {
	inc, p, a := seedBench(b)
	c, err := notice.NewComposer(inc)
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range benchLanguages {
		b.Run(lang, func(b *testing.B) {
			r := notice.Recipient{Name: p.Name, Language: lang}
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				d, err := c.Compose(r, a)
				if err != nil {
					b.Fatal(err)
				}
				if err := write(d, &buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchmarkTemplate(b *testing.B, write func(*templateNotice, io.Writer, notice.Recipient, exposure.Assessment) error) {
	inc, p, a := seedBench(b)
	t, err := newTemplateNotice(inc)
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range benchLanguages {
		b.Run(lang, func(b *testing.B) {
			r := notice.Recipient{Name: p.Name, Language: lang}
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := write(t, &buf, r, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
