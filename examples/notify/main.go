// Command notify prints one breach notice: the smallest real user of
// breachkit. By default it prints the English plain-text notice of the seed
// incident's sample passenger.
//
// Usage:
//
//	go run ./examples/notify [-incident seed|cards|FILE] [-lang TAG-OR-HEADER] [-exposed CATEGORIES] [-name NAME] [-format text|html|json]
//	                         [-channel email|letter] [-code-key-file FILE]
//	go run ./examples/notify -page [-incident seed|cards|FILE] [-lang TAG-OR-HEADER] [-format text|html]
//	                         [-people FILE | -synthetic N] [-rounding exact|about] [-threshold N] [-contacted email,letter]
//
// -incident names a sample incident or an incident file (see
// examples/incident.json); a broken file gets every problem named with its
// JSON path and line:column. Without -exposed, a sample incident uses its
// sample passenger's categories and a file every category it exposed. A
// text the file lacks in the notice's language is reported on standard
// error with the text that stands in for it, and nothing is printed unless
// -allow-fallback is given (exit 1).
//
// -lang selects a supported language given exactly ("ja", "zh-Hant-HK",
// "en-XA"); any other value is negotiated as an Accept-Language header
// ("zh-HK,zh;q=0.9"). -exposed lists wire names separated by commas
// ("name,email,passport_number"). -format json prints the assessment as
// exposure marshals it, with the notice's "language" added.
//
// Every notice carries its verification code, derived from the incident,
// the person's ID and -channel (email or letter) under the organisation's
// key: the file named by -code-key-file, else $BREACHKIT_CODE_KEY, else the
// samples' published key (sample.SampleCodeKey), whose codes prove nothing
// and which notify names on standard error for an incident file.
//
// -page prints the incident's public page instead (see notice.NewPublicPage),
// as text or, with -format html, as a complete HTML document. Its counts
// are a tally of the people affected: by default the seed's sample
// passengers (examples/sample/passengers.jsonl, 20 people; other incidents
// need -people or -synthetic); -people FILE, a passenger file as "mailer
// import" reads it; or -synthetic N, the first N synthetic passengers of
// the seed incident (sample.AppendSynthetic; at 9,400,000, the seed's 403
// expired card numbers and 27 without CVV). -rounding about rounds counts
// to two figures, -threshold N writes a count under N as "fewer than N",
// and -contacted says how people were told (email, letter or both).
//
// A bad flag or value, or a category the incident did not expose, exits
// with status 2 and a one-line error. Nothing exposed is not an error: it
// prints why no notice is owed and exits 0.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// usageError is a bad command line: exit status 2.
type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer) int {
	err := notify(args, stdout, stderr)
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "notify:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "notify:", err)
		return 1
	}
}

func notify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("notify", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by run
	incidentName := fs.String("incident", "seed", "a sample incident (seed or cards) or an incident file")
	lang := fs.String("lang", "en", "a supported tag (exactly), or an Accept-Language header to negotiate")
	exposedFlag := fs.String("exposed", "", "exposed categories, comma-separated wire names (default: the sample passenger's)")
	name := fs.String("name", "", "the recipient's full name (default: the sample passenger's)")
	format := fs.String("format", "text", "text, html or json")
	channel := notice.ChannelEmail
	fs.TextVar(&channel, "channel", notice.ChannelEmail, "how the notice is sent, email or letter: part of its verification code")
	keyFile := fs.String("code-key-file", "", "the file of the verification code key (default: $"+sample.CodeKeyEnv+", else the sample key)")
	allowFallback := fs.Bool("allow-fallback", false, "print the notice even where the incident lacks a text in its language")
	var pf pageFlags
	pf.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if *format != "text" && *format != "html" && *format != "json" {
		return usageError{fmt.Errorf("unknown format %q (want text, html or json)", *format)}
	}
	if err := pf.check(fs, *format); err != nil {
		return usageError{err}
	}
	inc, err := sample.LoadIncident(*incidentName)
	var badFile *sample.FileError
	if errors.As(err, &badFile) {
		return err // the file's content is wrong, not the command line
	} else if err != nil {
		return usageError{err}
	}
	if pf.page {
		return printPage(inc, *incidentName, *lang, *format, *allowFallback, &pf, stdout, stderr)
	}
	policy, err := sample.Policy(inc)
	if err != nil {
		return err
	}
	passenger, notSample := sample.SamplePassenger(*incidentName)
	if notSample != nil { // a file: a placeholder person who lost everything it exposed
		passenger = sample.Passenger{Name: "Alex Morgan", Exposed: inc.Exposed}
	}
	exposed := passenger.Exposed
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "exposed" { // given, even if empty: then nothing was exposed
			exposed, err = exposure.ParseSet(*exposedFlag)
		}
	})
	if err != nil {
		return usageError{err}
	}
	if *name == "" {
		*name = passenger.Name
	}
	if exposed.IsEmpty() {
		fmt.Fprintln(stdout, "Nothing was exposed for this person, so no notice is owed.")
		return nil
	}
	if extra := exposed.Difference(inc.Exposed); !extra.IsEmpty() {
		return usageError{fmt.Errorf("the incident %s did not expose %v", *incidentName, extra)}
	}

	key, sampleKey, err := sample.LoadCodeKey(*keyFile, nil, true)
	if err != nil {
		return usageError{err}
	}
	if sampleKey && notSample != nil {
		fmt.Fprintf(stderr, "notify: the verification code is from the sample key: give -code-key-file or set %s for the real one\n", sample.CodeKeyEnv)
	}
	code, err := notice.DeriveCode(key, inc.ID, passenger.ID, channel)
	if err != nil {
		return err
	}

	a := policy.Assess(exposed)
	d, err := notice.Compose(inc, notice.Recipient{Name: *name, Language: *lang, Code: code}, a)
	if err != nil {
		if errors.Is(err, notice.ErrInvalidRecipient) {
			return usageError{err}
		}
		return err
	}
	missing := 0
	for _, f := range inc.Fallbacks() {
		if f.Lang == d.Language() {
			fmt.Fprintf(stderr, "notify: translation missing: %v\n", f)
			missing++
		}
	}
	if missing > 0 && !*allowFallback {
		return fmt.Errorf("the incident lacks %d %v texts (above): add them, or run with -allow-fallback to print the notice with what stands in for them", missing, d.Language())
	}
	switch *format {
	case "html":
		return d.WriteHTML(stdout)
	case "json":
		data, err := a.MarshalJSON()
		if err != nil {
			return err
		}
		// The assessment object as exposure writes it, language first.
		out := append([]byte(`{"language":`+strconv.Quote(d.Language().String())+","), data[1:]...)
		_, err = stdout.Write(append(out, '\n'))
		return err
	}
	return d.WriteText(stdout)
}
