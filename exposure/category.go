package exposure

import (
	"errors"
	"fmt"
)

// Category is a kind of personal data that a breach can expose. It is a closed
// enumeration: the zero value is not a category, so a forgotten field shows.
//
// A Category leaves the process only as its wire name (see [Category.String]),
// never as a number, so new categories can be appended without breaking stored data.
type Category uint8

// The categories, in canonical order: the seed notice's order, then the two
// categories other breaches exposed (card with security code, password).
const (
	Name                   Category = iota + 1 // full name
	Nationality                                // nationality
	DateOfBirth                                // date of birth
	Phone                                      // phone number
	Email                                      // email address
	PostalAddress                              // postal address
	PassportNumber                             // passport number
	IdentityCardNumber                         // national identity card number (such as an HKID)
	FrequentFlyerNumber                        // loyalty programme membership number
	CustomerServiceRemarks                     // free-text notes made by customer service
	TravelHistory                              // past flights
	CardExpired                                // an expired payment card number
	CardWithoutCVV                             // a valid card number without its security code
	CardWithCVV                                // a card number with its security code
	Password                                   // an account password

	numCategories = iota + 1 // one past the last category; a sentinel, not a category
)

// NumCategories is the number of categories. Every category c satisfies
// 1 <= c <= NumCategories.
const NumCategories = numCategories - 1

var categoryNames = [numCategories]string{
	Name:                   "name",
	Nationality:            "nationality",
	DateOfBirth:            "date_of_birth",
	Phone:                  "phone",
	Email:                  "email",
	PostalAddress:          "postal_address",
	PassportNumber:         "passport_number",
	IdentityCardNumber:     "identity_card_number",
	FrequentFlyerNumber:    "frequent_flyer_number",
	CustomerServiceRemarks: "customer_service_remarks",
	TravelHistory:          "travel_history",
	CardExpired:            "card_expired",
	CardWithoutCVV:         "card_without_cvv",
	CardWithCVV:            "card_with_cvv",
	Password:               "password",
}

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
	return categoryNames[c]
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
	for c := Category(1); c < numCategories; c++ {
		if categoryNames[c] == s {
			return c, true
		}
	}
	return 0, false
}

// AppendText implements [encoding.TextAppender]. An invalid category is an error.
func (c Category) AppendText(b []byte) ([]byte, error) {
	if !c.Valid() {
		return b, fmt.Errorf("exposure: cannot marshal invalid %v", c)
	}
	return append(b, categoryNames[c]...), nil
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
