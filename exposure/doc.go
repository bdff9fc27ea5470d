// Package exposure decides what a personal-data breach means for one person:
// given the kinds of data it exposed about them, how serious that is and what
// they should do. It is pure: no I/O, no wording, no languages. The notice
// package turns an [Assessment] into words.
//
// # Categories and sets
//
// A [Category] is a kind of personal data: the seed incident's (name, passport
// number, card with security code, password, ...), every data element that
// breach-notification laws list (national identity numbers, driving licence
// and tax numbers, bank accounts, usernames and security answers, health and
// health-insurance data, biometrics), the special categories of GDPR Art. 9
// and the criminal data of Art. 10, and the data classes breach trackers
// record for online accounts (password hashes, tokens, IP addresses, device
// identifiers). Each category is one row of a table in category.go: its wire
// name, its ENISA data class and DPC (with the adjustment, if any), how it
// identifies the person ([Role]) and its source. The name tables, the
// category lists of the default rules and the tests derive from the rows.
//
// A [Set] of them is a small comparable value, one uint64, so it holds at most
// [MaxCategories] (63) categories; there are 44 today ([NumCategories]). Its text
// and JSON forms use stable wire names ("passport_number"), and parsing
// refuses unknown names instead of dropping them, because a dropped category
// is a notice that under-informs the person it is written for.
//
// When the table is full (the build fails with a negative array length at the
// check beside [MaxCategories]), do not widen a category's meaning to make
// room. Make Set two words (struct{ lo, hi uint64 }: still comparable, still
// small): Set's methods, the masks of compiled rules and the per-category
// contributions of a [Policy] change, and nothing outside the package does,
// because categories leave the process only as wire names.
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
//     category exposed, from its [DataClass]: 1 for simple data such as a name
//     or a passport number, 2 for behavioural data (travel history) and
//     partial card data, 3 for financial data and for a credential (scored as
//     the account it opens), 4 for a card with its security code and for
//     sensitive data (health, biometrics, the other special categories).
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
// fraud, EDPB-9/2022), a card with its security code is VeryHigh, a readable
// password, security answers or a sign-in token at least High, a password hash
// at least Medium, special-category data at least High. Nothing exposed is
// TierNone: no notice is owed.
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
// allocates nothing and does not grow with the number of possible sets:
// [NewPolicy] merges the rules that one category fires into a per-category
// contribution, and Assess merges the contributions of the exposed
// categories. A [Tally] counts assessments per tier and category.
//
// Because conditions have no negation and effects combine by maximum and
// union, adding a category can never lower a tier or SE, remove an action or
// unfire a rule, for any table a user builds; see the comment on the effects
// type in policy.go for the argument, and the tests for its check.
//
// # Sources
//
// ENISA-2013 (the formula, DPC classes, EI levels, CB, bands, card examples);
// EDPB-9/2022 and EDPB-01/2021 (risk levels and duties, identity fraud,
// passwords); PCI-FAQ-1038 and PCI-DSS-SAD (expired card numbers live on,
// security codes make card details complete); FTC-GUIDE and PCPD-2019 (the
// advice behind each action); the seed notice of Cathay Pacific's 2018 breach.
// For the categories beyond the seed: GDPR Art. 4(1), 9 and 10 (online
// identifiers, special categories, criminal data) and the jurisdictions
// research, cited as [jurisdictions Xn] by its reference list (US state
// element lists, Singapore's deemed significant harm, Korea's unique
// identification information, China's sensitive personal information).
// Password advice: NIST-800-63B (NIST SP 800-63B, Digital Identity
// Guidelines: Authentication, s. 5.1.1.2: no periodic password changes,
// change on evidence of compromise) and NCSC-PASSWORDS (UK NCSC, Password
// policy: updating your approach, and its advice on password managers);
// NCSC-ACCOUNTS (UK NCSC, Recovering a hacked account: sign out of other
// devices, turn on two-step verification).
package exposure
