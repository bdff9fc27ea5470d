package exposure

import (
	"errors"
	"fmt"
)

// Category is a kind of personal data that a breach can expose. It is a closed
// enumeration: the zero value is not a category, so a forgotten field shows.
//
// A Category leaves the process only as its wire name (see [Category.String]),
// never as a number, so new categories can be appended without breaking stored
// data. Each category is defined by one row of a table (its wire name, ENISA
// data class, DPC, identification role and source); the default rules, the
// names and the tests derive from those rows.
type Category uint8

// The categories, in canonical order: the seed notice's order, then the two
// categories other breaches exposed (card with security code, password), then
// the categories that breach-notification laws and breach trackers name.
const (
	Name                   Category = iota + 1 // full name
	Nationality                                // nationality
	DateOfBirth                                // date of birth
	Phone                                      // phone number
	Email                                      // email address
	PostalAddress                              // postal address
	PassportNumber                             // passport number
	IdentityCardNumber                         // identity card number (such as an HKID), or another government document's number
	FrequentFlyerNumber                        // loyalty programme membership number
	CustomerServiceRemarks                     // free-text notes made by customer service
	TravelHistory                              // past flights
	CardExpired                                // an expired payment card number
	CardWithoutCVV                             // a valid card number without its security code
	CardWithCVV                                // a card number with its security code
	Password                                   // an account password, readable as typed

	NationalIDNumber         // a lifetime national number (US SSN, Japan's My Number, Korea's RRN, UK NI number); not a card's number
	DriversLicenceNumber     // driving licence number
	TaxID                    // taxpayer number (US ITIN, Australia's TFN)
	IdentityDocumentImage    // a scan or photograph of an identity document
	Photo                    // a photograph of the person
	Gender                   // gender or sex
	BookingReference         // a booking or order reference
	PreciseLocation          // where the person is or was, to within a street
	BankAccountNumber        // bank account number
	FinancialDetails         // income, balances, loans or other financial circumstances
	CardPIN                  // a payment card's PIN
	Username                 // the name an account signs in with
	PasswordHash             // a password stored as a hash, not readable as typed
	SecurityAnswers          // security questions and answers
	AuthenticationToken      // a session, API or sign-in token
	PrivateKey               // a private key or digital signature key
	IPAddress                // IP address
	DeviceIdentifier         // a device's identifier (advertising ID, IMEI, serial number)
	Employment               // employer, job title or work history
	Health                   // health or medical information (GDPR Art. 9)
	HealthInsuranceNumber    // health-insurance policy or member number
	Biometric                // fingerprints, face or voice data used to identify (GDPR Art. 9)
	Genetic                  // genetic data (GDPR Art. 9)
	RacialOrEthnicOrigin     // racial or ethnic origin (GDPR Art. 9)
	ReligiousOrPhilosophical // religious or philosophical beliefs (GDPR Art. 9)
	PoliticalOpinions        // political opinions (GDPR Art. 9)
	TradeUnionMembership     // trade-union membership (GDPR Art. 9)
	SexLifeOrOrientation     // sex life or sexual orientation (GDPR Art. 9)
	CriminalRecord           // criminal convictions and offences (GDPR Art. 10)

	numCategories = iota + 1 // one past the last category; a sentinel, not a category
)

// NumCategories is the number of categories. Every category c satisfies
// 1 <= c <= NumCategories.
const NumCategories = numCategories - 1

// MaxCategories is the most categories a [Set] can hold: one bit each of a
// uint64, less one spare. See the package documentation for what to do when
// the enumeration reaches it.
const MaxCategories = 63

// A Set is a uint64; this fails to compile when the categories outgrow it.
var _ [MaxCategories - NumCategories]struct{}

// DataClass is a category's class in the ENISA methodology (ENISA-2013
// Annex 1), which sets the base of its data processing context (DPC).
type DataClass uint8

const (
	ClassSimple      DataClass = iota + 1 // simple data: base DPC 1
	ClassBehavioural                      // behavioural data: base DPC 2
	ClassFinancial                        // financial data: base DPC 3
	ClassSensitive                        // sensitive data (GDPR Art. 9 and 10): base DPC 4
	ClassCredential                       // a credential: scored as the account it opens (ENISA-2013 s. 3.1.1), base DPC 3

	numDataClasses = iota + 1
)

var dataClassNames = []string{
	ClassSimple:      "simple",
	ClassBehavioural: "behavioural",
	ClassFinancial:   "financial",
	ClassSensitive:   "sensitive",
	ClassCredential:  "credential",
}

var dataClassBase = [numDataClasses]Quarters{
	ClassSimple: 4, ClassBehavioural: 8, ClassFinancial: 12, ClassSensitive: 16, ClassCredential: 12,
}

// String returns "simple", "behavioural", "financial", "sensitive" or "credential".
func (d DataClass) String() string { return enumName(dataClassNames, uint8(d), "DataClass") }

// BaseDPC returns the class's preliminary DPC before any adjustment.
func (d DataClass) BaseDPC() Quarters {
	if d == 0 || d >= numDataClasses {
		return 0
	}
	return dataClassBase[d]
}

// Role is how a category helps single a person out: the input of the ease of
// identification (EI, ENISA-2013 s. 3.1.2 and Annex 2) in the default rules.
type Role uint8

const (
	RoleWeak     Role = iota + 1 // identifies only with much other data: EI 0.25
	RolePerson                   // a name or a face: identifies with some effort (EI 0.5)
	RoleContact                  // reaches the person (phone, email, address): EI 0.5; with a name 0.75
	RoleAccount                  // an account or membership identifier: EI 0.5; with a name 0.75
	RoleDocument                 // an official number: EI 1 with a name
	RoleUnique                   // identifies the person with certainty on its own: EI 1

	numRoles = iota + 1
)

var roleNames = []string{
	RoleWeak:     "weak",
	RolePerson:   "person",
	RoleContact:  "contact",
	RoleAccount:  "account",
	RoleDocument: "document",
	RoleUnique:   "unique",
}

// String returns "weak", "person", "contact", "account", "document" or "unique".
func (r Role) String() string { return enumName(roleNames, uint8(r), "Role") }

// categoryRow defines one category. Everything else about categories (the
// name tables, Categories, the default rules' lists, the tests that walk
// every category) derives from these rows; the notice's label is the catalog
// message "category." + name.
type categoryRow struct {
	name  string    // the wire name
	class DataClass // ENISA data class
	// dpc is the DPC the default rules give the category, in quarters: the
	// class's base, or the base adjusted as adjust says.
	dpc    Quarters
	adjust string // why dpc differs from the class's base; "" when it does not
	// dpcRule is the ID of the default rule that sets dpc; categories of one
	// rule share its rationale and source (see dpcRules).
	dpcRule string
	role    Role
	source  string // where the category comes from (short names as in rules)
}

var categoryRows = [numCategories]categoryRow{
	Name:                   {"name", ClassSimple, 4, "", "dpc.simple", RolePerson, "SEED-NOTICE"},
	Nationality:            {"nationality", ClassSimple, 4, "", "dpc.simple", RoleWeak, "SEED-NOTICE"},
	DateOfBirth:            {"date_of_birth", ClassSimple, 4, "", "dpc.simple", RoleWeak, "SEED-NOTICE; US-WA and US-ND element [jurisdictions U7, U9]"},
	Phone:                  {"phone", ClassSimple, 4, "", "dpc.simple", RoleContact, "SEED-NOTICE"},
	Email:                  {"email", ClassSimple, 4, "", "dpc.simple", RoleContact, "SEED-NOTICE"},
	PostalAddress:          {"postal_address", ClassSimple, 4, "", "dpc.simple", RoleContact, "SEED-NOTICE"},
	PassportNumber:         {"passport_number", ClassSimple, 4, "", "dpc.simple", RoleDocument, "SEED-NOTICE; CA-1798.82"},
	IdentityCardNumber:     {"identity_card_number", ClassSimple, 4, "", "dpc.simple", RoleDocument, "SEED-NOTICE; US state ID and government document elements [jurisdictions U4, U6]"},
	FrequentFlyerNumber:    {"frequent_flyer_number", ClassSimple, 4, "", "dpc.simple", RoleAccount, "SEED-NOTICE"},
	CustomerServiceRemarks: {"customer_service_remarks", ClassSimple, 4, "", "dpc.simple", RoleWeak, "SEED-NOTICE"},
	TravelHistory:          {"travel_history", ClassBehavioural, 8, "", "dpc.behavioural", RoleWeak, "SEED-NOTICE"},
	CardExpired:            {"card_expired", ClassFinancial, 8, "ENISA scores an invalid card 1; the renewed card often keeps the number, so partial financial data", "dpc.card_expired", RoleWeak, "SEED-NOTICE; PCI-FAQ-1038"},
	CardWithoutCVV:         {"card_without_cvv", ClassFinancial, 8, "-1: not the full details needed to pay", "dpc.card_without_cvv", RoleWeak, "SEED-NOTICE"},
	CardWithCVV:            {"card_with_cvv", ClassFinancial, 16, "+1: full details that allow fraud", "dpc.card_with_cvv", RoleWeak, "PCI-DSS-SAD; US majority element [jurisdictions U4]"},
	Password:               {"password", ClassCredential, 12, "", "dpc.credential", RoleWeak, "EDPB-01/2021; US username and password element [jurisdictions U9]"},

	NationalIDNumber:         {"national_id_number", ClassSimple, 4, "", "dpc.simple", RoleDocument, "US majority element (SSN) [jurisdictions U4]; KR unique identification information [jurisdictions K7]"},
	DriversLicenceNumber:     {"drivers_licence_number", ClassSimple, 4, "", "dpc.simple", RoleDocument, "US majority element [jurisdictions U4]; KR unique identification information [jurisdictions K7]"},
	TaxID:                    {"tax_id", ClassSimple, 4, "", "dpc.simple", RoleDocument, "US state elements (taxpayer ID) [jurisdictions U9]; AU TFN [jurisdictions A6]"},
	IdentityDocumentImage:    {"identity_document_image", ClassSimple, 8, "+1: the image carries the face, signature and number at once", "dpc.identity_document_image", RoleUnique, "SG identification number [jurisdictions S3]; US government ID elements [jurisdictions U4]"},
	Photo:                    {"photo", ClassSimple, 4, "", "dpc.simple", RolePerson, "ENISA-2013 Annex 1 (simple data)"},
	Gender:                   {"gender", ClassSimple, 4, "", "dpc.simple", RoleWeak, "ENISA-2013 Annex 1 (simple data)"},
	BookingReference:         {"booking_reference", ClassSimple, 4, "", "dpc.simple", RoleAccount, "ENISA-2013 Annex 2 (a reference that reaches one person's record)"},
	PreciseLocation:          {"precise_location", ClassBehavioural, 12, "+1: shows the person's daily movements", "dpc.location", RoleWeak, "CN sensitive PI (whereabouts) [jurisdictions C2]"},
	BankAccountNumber:        {"bank_account_number", ClassFinancial, 12, "", "dpc.financial", RoleWeak, "US majority element (account number) [jurisdictions U4]; CN financial accounts [jurisdictions C2]"},
	FinancialDetails:         {"financial_details", ClassFinancial, 12, "", "dpc.financial", RoleWeak, "SG Schedule Part 1 financial items [jurisdictions S3]"},
	CardPIN:                  {"card_pin", ClassFinancial, 12, "", "dpc.financial", RoleWeak, "SG access code [jurisdictions S3]; US card with required code [jurisdictions U4]"},
	Username:                 {"username", ClassSimple, 4, "", "dpc.simple", RoleAccount, "US username element [jurisdictions U9]; SG account identifier [jurisdictions S3]"},
	PasswordHash:             {"password_hash", ClassCredential, 8, "-1: a hash must be cracked before it opens the account", "dpc.password_hash", RoleWeak, "EDPB-01/2021"},
	SecurityAnswers:          {"security_answers", ClassCredential, 12, "", "dpc.credential", RoleWeak, "US security question and answer element [jurisdictions U9]; SG security answer [jurisdictions S3]"},
	AuthenticationToken:      {"authentication_token", ClassCredential, 12, "", "dpc.credential", RoleWeak, "SG access code [jurisdictions S3]"},
	PrivateKey:               {"private_key", ClassCredential, 12, "", "dpc.credential", RoleWeak, "US-WA private key element [jurisdictions U7]; SG Schedule Part 1 [jurisdictions S3]"},
	IPAddress:                {"ip_address", ClassSimple, 4, "", "dpc.simple", RoleWeak, "GDPR Art. 4(1) (online identifier)"},
	DeviceIdentifier:         {"device_identifier", ClassSimple, 4, "", "dpc.simple", RoleWeak, "GDPR Art. 4(1) (online identifier)"},
	Employment:               {"employment", ClassSimple, 4, "", "dpc.simple", RoleWeak, "ENISA-2013 Annex 1 (professional experience is simple data)"},
	Health:                   {"health", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9; US-NY, US-TX, US-FL medical elements [jurisdictions U2, U5, U6]"},
	HealthInsuranceNumber:    {"health_insurance_number", ClassFinancial, 8, "-1: shows an insurance relationship, not the person's finances", "dpc.health_insurance", RoleAccount, "US-NY, US-FL, US-WA health-insurance elements [jurisdictions U3, U6, U7]"},
	Biometric:                {"biometric", ClassSensitive, 16, "", "dpc.sensitive", RoleUnique, "GDPR Art. 9; US-NY and US-OK biometric elements [jurisdictions U2, U11]; CN sensitive PI [jurisdictions C2]"},
	Genetic:                  {"genetic", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9; TW PDPA Art. 6 [jurisdictions T2]"},
	RacialOrEthnicOrigin:     {"racial_or_ethnic_origin", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9; JP special-care data [jurisdictions J1]"},
	ReligiousOrPhilosophical: {"religious_or_philosophical_beliefs", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9; CN sensitive PI [jurisdictions C2]"},
	PoliticalOpinions:        {"political_opinions", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9"},
	TradeUnionMembership:     {"trade_union_membership", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9"},
	SexLifeOrOrientation:     {"sex_life_or_sexual_orientation", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 9; TW PDPA Art. 6 [jurisdictions T2]"},
	CriminalRecord:           {"criminal_record", ClassSensitive, 16, "", "dpc.sensitive", RoleWeak, "GDPR Art. 10; TW PDPA Art. 6 [jurisdictions T2]; JP special-care data [jurisdictions J1]"},
}

// categoryByName maps wire names to categories; built once from the rows and
// never changed.
var categoryByName = func() map[string]Category {
	m := make(map[string]Category, NumCategories)
	for c := Category(1); c < numCategories; c++ {
		m[categoryRows[c].name] = c
	}
	return m
}()

// ErrUnknownCategory is wrapped by every error that reports a name that is not
// a category's wire name.
var ErrUnknownCategory = errors.New("exposure: unknown category")

// Categories returns every category in canonical order, in a fresh slice.
func Categories() []Category {
	all := make([]Category, 0, NumCategories)
	for c := Category(1); c < numCategories; c++ {
		all = append(all, c)
	}
	return all
}

// Valid reports whether c is one of the declared categories.
func (c Category) Valid() bool { return c > 0 && c < numCategories }

// String returns the category's wire name, such as "passport_number". An
// invalid value prints as "Category(42)"; String never panics.
func (c Category) String() string {
	if !c.Valid() {
		return fmt.Sprintf("Category(%d)", uint8(c))
	}
	return categoryRows[c].name
}

// Class returns the category's ENISA data class; 0 for an invalid category.
func (c Category) Class() DataClass {
	if !c.Valid() {
		return 0
	}
	return categoryRows[c].class
}

// DPC returns the data processing context the default rules give c exposed
// alone: its class's base DPC, or that base adjusted (see [Category.Adjustment]).
// It is 0 for an invalid category.
func (c Category) DPC() Quarters {
	if !c.Valid() {
		return 0
	}
	return categoryRows[c].dpc
}

// Adjustment says why the category's DPC differs from its class's base DPC,
// or "" when it does not.
func (c Category) Adjustment() string {
	if !c.Valid() {
		return ""
	}
	return categoryRows[c].adjust
}

// Role returns how the category helps identify the person; 0 for an invalid category.
func (c Category) Role() Role {
	if !c.Valid() {
		return 0
	}
	return categoryRows[c].role
}

// Source names where the category comes from: the seed notice, the laws that
// list it as a breach-notification element, or GDPR's special categories.
func (c Category) Source() string {
	if !c.Valid() {
		return ""
	}
	return categoryRows[c].source
}

// ParseCategory returns the category whose wire name is exactly s. The match is
// case-sensitive and nothing is trimmed: a name that is almost right is still
// wrong, because a guessed category would change what a person is told.
// An unknown name gives an error wrapping [ErrUnknownCategory].
func ParseCategory(s string) (Category, error) {
	if c, ok := lookupCategory(s); ok {
		return c, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownCategory, s)
}

func lookupCategory(s string) (Category, bool) {
	c, ok := categoryByName[s]
	return c, ok
}

// AppendText implements [encoding.TextAppender]. An invalid category is an error.
func (c Category) AppendText(b []byte) ([]byte, error) {
	if !c.Valid() {
		return b, fmt.Errorf("exposure: cannot marshal invalid %v", c)
	}
	return append(b, categoryRows[c].name...), nil
}

// MarshalText implements [encoding.TextMarshaler] with the wire name.
func (c Category) MarshalText() ([]byte, error) { return c.AppendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseCategory].
func (c *Category) UnmarshalText(text []byte) error {
	parsed, err := ParseCategory(string(text))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
