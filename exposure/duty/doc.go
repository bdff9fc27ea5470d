// Package duty decides the breach-notification duties an incident creates:
// who must be told (the person, a regulator, an attorney general, credit
// bureaus), under which law, by when, and what the notice must carry.
//
// It is pure: no I/O and no wording for the people notified (package notice
// writes notices). It knows, per person, the exposed categories and the tier
// that package exposure decides, and, per incident, the facts the laws ask
// about: when the organisation became aware, whether the access was
// malicious, whether the data was unintelligible to the attacker, and how many
// people are affected.
//
// # Rules are data
//
// A [Rule] is one duty of one law: an ID ("JP.APPI.26.regulator.final"), the
// jurisdictions it covers (ISO 3166-1 "JP", ISO 3166-2 "US-CA", the groups
// "US-*", "EU" and "EEA"), its legal [Status] and the dates between which it
// applies, a person-level condition ([Condition]), optional counts ([Count]),
// an optional harm test ([Harm]), the [Addressee], the [Deadline], the
// content items a notice under it must carry, and its [Source]s, with the
// fields that are an interpretation rather than the text named.
// [NewRules] validates a table and names every bad rule; [DefaultRules] is
// the table of the research (one file per jurisdiction or region, rules_*.go).
//
// # Three-valued results
//
// A duty is [Required], [NotRequired], [NeedsJudgement] or [Voluntary].
// Needs-judgement is what the legal harm tests give (GDPR risk and high
// risk, Singapore's significant harm beyond the deemed lists, Australia's
// serious harm, Canada's real risk of significant harm, Florida's no-harm
// determination): breachkit states the default it suggests from the
// person's tier, and why, but the decision is a question for counsel.
//
// # Per person and per incident
//
// [Rules.Person] gives the duties that concern one person's own notice.
// A [Counter] accumulates people without allocating (one per worker, then
// [Counter.Merge]), and [Counter.Plan] turns the counts into a [Plan]: every
// duty of every jurisdiction with affected residents, with its status,
// absolute deadline, the number of people it concerns, the rules that fired
// and their sources, sorted by deadline; and every jurisdiction with people
// for which no rule applies ([Plan.Uncovered]), with how many, so that no
// one counted is silently left out.
//
// This package is not legal advice. It encodes a sourced reading of the laws
// as of its sources' dates; a compliance engineer should read the rules that
// fire, and may replace or extend them (see [NewRules]).
package duty
