// Package notice writes the notice that tells one person, in their
// language, what a personal-data breach exposed about them and what they
// should do: as plain text for an email or a letter, and as HTML for a
// page or an HTML email. The wording is the package's own, in catalogs
// embedded here; the decisions (which categories, how serious, which
// actions) are [exposure]'s.
//
// # The model
//
// An [Incident] is what the organisation knows and says about the breach:
// its name and its narrative and response (English, with translations),
// the key dates, how many people were affected, contact channels, the
// categories it exposed at all, and those it can assure people were not
// exposed. A [Recipient] is one person: a full name for the greeting and a
// preferred language. An [exposure.Assessment] carries the categories
// exposed for that person and the actions recommended to them.
//
// A [Composer] is made once per incident ([NewComposer] validates the
// incident and lays out, in every language, everything that is the same
// for everyone); [Composer.Compose] then picks the pieces for one person
// and returns a [Document], a small value that writes itself without
// parsing or looking anything up. [Compose] does both for a single notice.
// Compose refuses an assessment with nothing exposed (no notice is owed,
// [ErrNothingExposed]) and one naming a category the incident did not
// expose ([ErrContradiction]).
//
// # Sections
//
// After the greeting and a short introduction (with an apology), a notice
// has these sections, in this order:
//
//  0. In short: which of the recipient's details were involved, and the
//     actions to take now, each said plainly in a sentence (or that nothing
//     needs doing today). It never names a category the recipient did not
//     lose: a frightened reader sees it first.
//  1. What happened: the narrative, the key dates, how many were affected,
//     the separation from operations where stated, what was not involved.
//  2. What information was involved: the recipient's categories, all of
//     them and nothing more.
//  3. What we are doing: the incident's response.
//  4. What you can do: every recommended action in urgency order (now,
//     in the next few days, over the coming months).
//  5. How to recognise messages from us.
//  6. For more information: the contact channels, as text to type: a
//     notice carries no links (it tells its reader not to follow them).
//
// Then the closing: the apology and the sign-off, on the lines each
// language writes it ("此致" and "敬礼！" in Simplified Chinese, "{organisation}
// 謹啟" in Hong Kong). Last, in translations only, a short note under its own
// heading: the notice was written in English, which prevails.
//
// # Languages and fallback
//
// A notice is written in one of [locale.Supported]: the recipient's
// preference is either exactly a supported tag or an Accept-Language value,
// negotiated by [locale.Negotiate] (English when nothing fits). The wording
// comes from [Catalog], one file per language; a message a language lacks
// falls back along [locale.Fallback]'s chain (zh-Hant-HK to zh-Hant to
// English; never across scripts), and so do the incident's own texts.
// [Document.FellBack] lists every fallback a notice used, so that a sender
// can hold back a notice that is not wholly in its language. Dates and
// counts are written as the language's readers write them
// ([locale.FormatDate], [locale.FormatCount]: "約940万名", "25 October
// 2018"). [WithCatalog] replaces the wording with an organisation's own.
//
// A language is a row of locale's language table plus a catalog file here;
// the HTML needs a font stack for its script in [Stylesheet].
//
// # Rendering
//
// [Document.AppendText] writes plain text: lines of at most 76 columns by
// East Asian Width, Latin words never split, Japanese and Chinese
// punctuation kept off the start of a line, headings underlined.
// [Document.AppendHTML] writes a complete document made to be sent as an
// e-mail (its root lang our tag verbatim, the notice in <main> as a <div>,
// one <style> element and the styles that carry meaning inline, in px, no
// scripts, no external resources) and [Document.AppendHTMLFragment] one
// <article> with class names and no style attributes, for a page under a strict Content-Security-Policy that serves
// [Stylesheet] itself. Every value is escaped. Each piece of a notice is
// rendered once, as text and as HTML, when the Composer is made; writing a
// notice appends prepared bytes and allocates nothing.
//
// # Example
//
//	composer, err := notice.NewComposer(incident)
//	if err != nil {
//		return err
//	}
//	for _, p := range passengers {
//		doc, err := composer.Compose(notice.Recipient{Name: p.Name, Language: p.Language}, exposure.Assess(p.Exposed))
//		if errors.Is(err, notice.ErrNothingExposed) {
//			continue // no notice is owed
//		} else if err != nil {
//			return err
//		}
//		send(p.Email, doc.Subject(), doc.AppendText(nil), doc.AppendHTML(nil))
//	}
//
// See also the examples of [Composer.Compose] and [Document.AppendText].
package notice
