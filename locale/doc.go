// Package locale is the language machinery that breachkit's notices, the
// portal and the mailer share: the supported languages, Accept-Language
// negotiation, message catalogs with per-message fallback, catalog checks,
// and date and number formatting. It knows nothing of breaches.
//
// Everything here is immutable once built and safe for concurrent use.
//
// # Languages
//
// breachkit writes in English, Japanese, Chinese in three forms (Hong Kong,
// Taiwan, mainland), Korean, German, French, Vietnamese, Indonesian and
// Thai:
//
//	en          [English]             the default, and the end of every fallback chain
//	ja          [Japanese]
//	zh-Hant-HK  [ChineseHK]           Traditional, Hong Kong vocabulary
//	zh-Hant     [ChineseTraditional]  Traditional, Taiwan vocabulary
//	zh-Hans     [ChineseSimplified]   Simplified, mainland vocabulary
//	ko          [Korean]
//	de          [German]              also de-AT, de-CH
//	fr          [French]              also fr-CA
//	vi          [Vietnamese]
//	id          [Indonesian]          also the legacy tag "in"
//	th          [Thai]                years of the Buddhist era
//	en-XA       [Pseudo]              pseudo-locale: accented, padded, bracketed English
//
// [Supported] lists them. Every tag the package returns is == to one of
// these variables, never a tag carrying extensions.
//
// A supported language is one row of one table (langs, in tags.go): its
// tag, its parent in the fallback chain, its script ([Script]), how it
// writes dates and counts, and what negotiation reads as it (the language
// subtags, scripts and regions it serves, and aliases such as zh-MO and
// yue). Everything above derives from that row; adding a language is
// adding a row, and catalog files for it.
//
// # Negotiation
//
// [Negotiate] reads an HTTP Accept-Language header and
// [NegotiatePreferences] a list of tags as users and services write them
// ("zh_HK", "ZH-hk"); both return the supported language that serves the
// reader best, English when nothing does, and never en-XA. [Exact]
// resolves a tag that must be exactly one of the supported ones, en-XA
// included, and reports when it is not.
//
// Negotiation does not use x/text's [language.MatchStrings], which gets
// real headers wrong: one malformed entry discards the whole header
// ("xx-!!, ja" gives English), "zh-MO" lands on Simplified Chinese, "en-GB"
// can pick en-XA, and the tags it returns carry -u-rg- extensions. Instead,
// the header is cut at 4 KiB, parsed entry by entry (skipping malformed
// ones), entries with q=0 are dropped, the rest are ordered by weight, and
// each is tried in turn against the supported languages of the same
// language and script: Traditional Chinese never stands in for Simplified,
// nor the reverse. x/text's [language.Parse] still parses each tag.
//
// # Catalogs
//
// A [Catalog] maps message IDs to texts with named placeholders, one JSON
// file per language, loaded by [Load] from an [io/fs.FS] that the package
// owning the wording embeds. [Catalog.Lookup] falls back per message along
// a chain that never crosses scripts (zh-Hant-HK -> zh-Hant -> en,
// every other language -> en; see [Fallback]) and tells which
// language the text came from. [Message.Append] fills the placeholders; a
// placeholder without a value is an error wrapping [ErrMissingArg], never
// a raw "{name}" in a notice. [Catalog.Check] lists what translators still
// owe: missing messages, messages English lacks, placeholders that differ
// from English, empty texts.
//
// The en-XA texts are generated from English when the catalog is loaded:
// every letter accented, the text padded by about a third and bracketed,
// placeholders untouched ("[Ðéåŕ {name}, ···]"). Text without brackets in
// an en-XA rendering was not looked up in the catalog.
//
// # Formatting
//
// [FormatDate] writes long dates in each language ("25 October 2018",
// "2018年10月25日", "2018년 10월 25일"), also for dates known only to the
// month ("early November 2018", "2018年11月上旬"); a [Date] holds either.
// Thai years are of the Buddhist era ("25 ตุลาคม 2561").
// [FormatCount] writes counts as each language's readers do: grouped by
// thousands in English ("9,400,000"), in myriad units when large and round
// in Japanese, Chinese and Korean ("940万", "940萬", "940만"), and grouped
// otherwise ("48,200"); German, Vietnamese and Indonesian group with a full
// stop ("9.400.000") and French with a narrow no-break space, as CLDR says.
// Years are never grouped.
// [AppendDate] and [AppendCount] do the same without allocating.
package locale
