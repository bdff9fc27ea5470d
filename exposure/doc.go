// Package exposure decides what a personal-data breach means for one person:
// given the kinds of data it exposed about them, how serious that is and what
// they should do. It is pure: no I/O, no wording, no languages. The notice
// package turns an [Assessment] into words.
//
// # Categories and sets
//
// A [Category] is a kind of personal data (name, passport number, card with
// security code, password, ...). A [Set] of them is a small comparable value;
// its text and JSON forms use stable wire names ("passport_number"), and
// parsing refuses unknown names instead of dropping them, because a dropped
// category is a notice that under-informs the person it is written for.
//
// # Severity
//
// Severity follows the ENISA methodology (ENISA-2013, "Recommendations for a
// methodology of the assessment of severity of personal data breaches"):
//
//	SE = DPC × EI + CB
//
// where:
//
//   - DPC, the data processing context, is the weight of the most serious
//     category exposed: 1 for simple data such as a name or a passport number,
//     2 for behavioural data (travel history) and partial card data, 3 for a
//     password (scored as the account it opens), 4 for a card with its security
//     code.
//   - EI, the ease of identification, from 0.25 to 1: how surely the exposed
//     data points at one person (a name with a date of birth and an email
//     address: 1).
//   - CB, the circumstances of the breach, from the incident: for the seed
//     incident, an attacker (+0.5) and unknown recipients (+0.5), so 1. See
//     [Circumstances].
//
// All arithmetic is in exact quarter units ([Quarters]). SE falls in a band,
// a [Tier]: below 2 Low, below 3 Medium, below 4 High, else VeryHigh (ENISA-2013
// s. 3.2). Floors raise the tier where the formula alone underrates the harm:
// a name with a passport or identity card number is at least High (identity
// fraud, EDPB-9/2022), a card with its security code is VeryHigh, a password at
// least High. Nothing exposed is TierNone: no notice is owed.
//
// # Rules are data
//
// Every number above is a [Rule] in a table: a condition over categories (all
// of, any of; never "none of", so that more exposure can never lower a tier or
// remove an action), one effect, a rationale and a source. [DefaultRules] is
// that table, in one file to read top to bottom. A compliance engineer can
// build a [Policy] of their own with [NewPolicy], with other numbers, other
// bands and other [Circumstances], and test it; NewPolicy refuses a table with
// an error naming each bad rule.
//
// Each [Assessment] carries the exposed set, the tier, the [Score], the IDs of
// the rules that fired and the recommended [Action] values in urgency order,
// so every decision can be traced back to the table. [Policy.Assess]
// allocates nothing: the policy is evaluated for every possible set once,
// when it is built. A [Tally] counts assessments per tier and category.
//
// # Sources
//
// ENISA-2013 (the formula, DPC classes, EI levels, CB, bands, card examples);
// EDPB-9/2022 and EDPB-01/2021 (risk levels and duties, identity fraud,
// passwords); PCI-FAQ-1038 and PCI-DSS-SAD (expired card numbers live on,
// security codes make card details complete); FTC-GUIDE and PCPD-2019 (the
// advice behind each action); the seed notice of Cathay Pacific's 2018 breach.
package exposure
