package exposure

// This file is the default policy, to be read top to bottom: the DPC of each
// category, the ease of identification, the floors the formula alone misses,
// the actions, and what needs a person's review. The category lists of the
// DPC and EI rules, and of the rules about whole classes of data, are read
// from the category rows (category.go), so a new category is scored as soon
// as it has a row. Sources are short names: those of the package
// documentation's Sources section, and [jurisdictions Xn] for the reference
// list of the jurisdictions research. The bands are [DefaultBands]; the
// circumstances of the seed incident are [SeedCircumstances].

// dpcRules describes each DPC rule that category rows name, in table order.
var dpcRules = []struct{ id, rationale, source string }{
	{"dpc.simple", "Simple data; identity document numbers weigh through EI and the identity-fraud floor instead.", "ENISA-2013 Annex 1"},
	{"dpc.behavioural", "Past flights reveal habits and whereabouts: behavioural data.", "ENISA-2013 Annex 1"},
	{"dpc.card_expired", "ENISA scores an invalid card 1, but the renewed card often keeps the number, so we score it as partial financial data.", "ENISA-2013 Annex A3; PCI-FAQ-1038"},
	{"dpc.card_without_cvv", "A card number without its security code is not the set of details needed to transact: partial financial data.", "ENISA-2013 Annex A3"},
	{"dpc.card_with_cvv", "Number and security code together can be used for fraud: full financial data.", "ENISA-2013 Annex A3; PCI-DSS-SAD"},
	{"dpc.credential", "A credential scores as the account it opens; 3 is our assumption for an online account.", "ENISA-2013 s. 3.1.1"},
	{"dpc.identity_document_image", "An image of a document holds the face, the signature and the number together: simple data raised one level for the identity fraud it enables (our assumption).", "ENISA-2013 Annex 1"},
	{"dpc.location", "Precise locations show daily movements: behavioural data raised one level, as ENISA does when data allow a profile of daily life.", "ENISA-2013 Annex 1"},
	{"dpc.financial", "Account numbers, financial circumstances and card PINs are financial data.", "ENISA-2013 Annex 1"},
	{"dpc.password_hash", "A hashed password must be cracked before it opens the account; a weak one is cracked quickly, so one level below a readable password (our assumption).", "ENISA-2013 s. 3.1.1; EDPB-01/2021"},
	{"dpc.health_insurance", "An insurance number shows an insurance relationship rather than the person's finances: financial data lowered one level.", "ENISA-2013 Annex 1"},
	{"dpc.sensitive", "Special categories (GDPR Art. 9) and criminal data (Art. 10) are sensitive data.", "ENISA-2013 Annex 1; GDPR Art. 9, 10"},
}

// categoriesWhere returns, in canonical order, the categories whose rows satisfy keep.
func categoriesWhere(keep func(Category, *categoryRow) bool) []Category {
	var cs []Category
	for c := Category(1); c < numCategories; c++ {
		if keep(c, &categoryRows[c]) {
			cs = append(cs, c)
		}
	}
	return cs
}

func withRole(roles ...Role) []Category {
	return categoriesWhere(func(_ Category, r *categoryRow) bool {
		for _, role := range roles {
			if r.role == role {
				return true
			}
		}
		return false
	})
}

// DefaultRules returns the default rule table, in a fresh slice.
func DefaultRules() []Rule {
	// "Contact identifier" means the categories that reach the person.
	contactIdentifiers := withRole(RoleContact)
	contactOrAccount := withRole(RoleContact, RoleAccount)
	documents := withRole(RoleDocument)
	special := categoriesWhere(func(_ Category, r *categoryRow) bool { return r.class == ClassSensitive })
	cards := []Category{CardExpired, CardWithoutCVV, CardWithCVV}
	everything := Categories()

	var rules []Rule

	// DPC: the highest value among the exposed categories (ENISA-2013 Annex 1),
	// each category's from its row.
	for _, d := range dpcRules {
		cs := categoriesWhere(func(_ Category, r *categoryRow) bool { return r.dpcRule == d.id })
		rules = append(rules, Rule{
			ID: d.id, When: AnyOf(cs...), Effect: SetDPC(categoryRows[cs[0]].dpc.Float64()),
			Rationale: d.rationale, Source: d.source,
		})
	}

	rules = append(rules,
		// EI: the highest level any of these reaches (ENISA-2013 s. 3.1.2, Annex 2).
		Rule{
			ID: "ei.any", When: AnyOf(everything...), Effect: SetEI(0.25),
			Rationale: "Any personal data identifies its subject at least negligibly.",
			Source:    "ENISA-2013 s. 3.1.2",
		},
		Rule{
			ID: "ei.contact_or_membership", When: AnyOf(contactOrAccount...), Effect: SetEI(0.5),
			Rationale: "A contact identifier, or an account, membership or booking number, reaches one person.",
			Source:    "ENISA-2013 Annex 2",
		},
		Rule{
			ID: "ei.name", When: AnyOf(withRole(RolePerson)...), Effect: SetEI(0.5),
			Rationale: "A full name, or a photograph of the face, identifies a person with some effort.",
			Source:    "ENISA-2013 Annex 2",
		},
		Rule{
			ID: "ei.name_contact", When: AllOf(Name).AndAnyOf(contactOrAccount...), Effect: SetEI(0.75),
			Rationale: "A name with a way to reach the person identifies them easily.",
			Source:    "ENISA-2013 Annex 2",
		},
		Rule{
			ID: "ei.name_dob_contact", When: AllOf(Name, DateOfBirth).AndAnyOf(contactIdentifiers...), Effect: SetEI(1),
			Rationale: "Name, date of birth and a contact identifier single a person out: ENISA's own example.",
			Source:    "ENISA-2013 s. 3.1.2",
		},
		Rule{
			ID: "ei.name_document", When: AllOf(Name).AndAnyOf(documents...), Effect: SetEI(1),
			Rationale: "A name with an identity document or national number identifies the person with certainty.",
			Source:    "ENISA-2013 Annex 2",
		},
		Rule{
			ID: "ei.unique", When: AnyOf(withRole(RoleUnique)...), Effect: SetEI(1),
			Rationale: "An image of an identity document, or biometric data, identifies the person with certainty on its own.",
			Source:    "ENISA-2013 Annex 2; GDPR Art. 4(14)",
		},

		// Floors: harms the formula alone underrates.
		Rule{
			ID: "floor.identity_fraud", When: AllOf(Name).AndAnyOf(documents...), Effect: RaiseTier(TierHigh),
			Rationale: "A name with a document or national number is enough to attempt identity fraud.",
			Source:    "EDPB-9/2022 para. 102; FTC-GUIDE; US majority element [jurisdictions U4]",
		},
		Rule{
			ID: "floor.identity_document_image", When: AnyOf(IdentityDocumentImage), Effect: RaiseTier(TierHigh),
			Rationale: "An image of an identity document is enough to attempt identity fraud without any other data.",
			Source:    "EDPB-9/2022 para. 102",
		},
		Rule{
			ID: "floor.card_with_cvv", When: AnyOf(CardWithCVV), Effect: RaiseTier(TierVeryHigh),
			Rationale: "Full card details allow fraudulent payments at once.",
			Source:    "ENISA-2013 Annex A3; PCI-DSS-SAD",
		},
		Rule{
			ID: "floor.card_pin", When: AllOf(CardPIN).AndAnyOf(cards...), Effect: RaiseTier(TierVeryHigh),
			Rationale: "A card number with its PIN allows cash withdrawals and payments at once.",
			Source:    "ENISA-2013 Annex A3",
		},
		Rule{
			ID: "floor.password", When: AnyOf(Password), Effect: RaiseTier(TierHigh),
			Rationale: "A readable password opens the account, and often others where it was reused.",
			Source:    "EDPB-01/2021",
		},
		Rule{
			ID: "floor.account_takeover", When: AnyOf(SecurityAnswers, AuthenticationToken, PrivateKey), Effect: RaiseTier(TierHigh),
			Rationale: "Security answers reset a password, and a token or key signs in without one: each opens the account.",
			Source:    "SG account identifier with security answer or access code [jurisdictions S3]; US security question element [jurisdictions U9]",
		},
		Rule{
			ID: "floor.password_hash", When: AnyOf(PasswordHash), Effect: RaiseTier(TierMedium),
			Rationale: "A hash of a weak or reused password is cracked and tried elsewhere; a strong hash only delays that.",
			Source:    "EDPB-01/2021",
		},
		Rule{
			ID: "floor.special_category", When: AnyOf(special...), Effect: RaiseTier(TierHigh),
			Rationale: "Special-category and criminal data can lead to discrimination, exclusion and extortion: likely a high risk.",
			Source:    "EDPB-9/2022; GDPR Art. 9, 10",
		},

		// Actions, in urgency order (the order of the Action constants).
		Rule{
			ID: "action.cancel_and_reissue_card", When: AnyOf(CardWithCVV, CardPIN), Effect: Recommend(CancelAndReissueCard),
			Rationale: "Only a new card stops payments with the exposed details, and a new card comes with a new PIN.",
			Source:    "FTC-GUIDE",
		},
		Rule{
			ID: "action.change_password_now", When: AnyOf(Password, PasswordHash), Effect: Recommend(ChangePasswordNow),
			Rationale: "Changing an exposed password, and every reuse of it, closes the account to the attacker; a hash can be cracked.",
			Source:    "EDPB-01/2021; PCPD-2019; NIST-800-63B s. 5.1.1",
		},
		Rule{
			ID: "action.change_security_answers", When: AnyOf(SecurityAnswers), Effect: Recommend(ChangeSecurityAnswers),
			Rationale: "Known answers let anyone reset the password.",
			Source:    "FTC-GUIDE; NIST-800-63B s. 5.1.1",
		},
		Rule{
			ID: "action.sign_out_and_revoke_tokens", When: AnyOf(AuthenticationToken), Effect: Recommend(SignOutAndRevokeTokens),
			Rationale: "Signing out everywhere ends the sessions a stolen token opens.",
			Source:    "NCSC-ACCOUNTS",
		},
		Rule{
			ID: "action.replace_private_key", When: AnyOf(PrivateKey), Effect: Recommend(ReplacePrivateKey),
			Rationale: "An exposed key signs as the person until it is revoked.",
			Source:    "US-WA private key element [jurisdictions U7]",
		},
		Rule{
			ID: "action.contact_card_issuer", When: AnyOf(append(cards, CardPIN)...), Effect: Recommend(ContactCardIssuer),
			Rationale: "The issuer can watch the account and reverse charges the person did not make.",
			Source:    "FTC-GUIDE; SEED-NOTICE",
		},
		Rule{
			ID: "action.contact_bank", When: AnyOf(BankAccountNumber), Effect: Recommend(ContactBank),
			Rationale: "The bank can watch the account for debits the person did not set up and reverse them.",
			Source:    "FTC-GUIDE",
		},
		Rule{
			ID: "action.check_renewed_card_number", When: AnyOf(CardExpired), Effect: Recommend(CheckRenewedCardNumber),
			Rationale: "A renewed card often keeps the expired card's number.",
			Source:    "PCI-FAQ-1038",
		},
		Rule{
			ID: "action.enable_two_factor", When: AnyOf(Password, PasswordHash, SecurityAnswers, AuthenticationToken, Username), Effect: Recommend(EnableTwoFactor),
			Rationale: "A second step at sign-in protects the account even if a password leaks again.",
			Source:    "PCPD-2019; NCSC-ACCOUNTS",
		},
		Rule{
			ID: "action.ask_for_credit_freeze", When: AnyOf(NationalIDNumber, TaxID, DriversLicenceNumber, IdentityDocumentImage), Effect: Recommend(AskForCreditFreeze),
			Rationale: "A freeze or fraud alert stops credit being opened in the person's name with their numbers.",
			Source:    "FTC-GUIDE",
		},
		Rule{
			ID: "action.watch_for_identity_fraud", When: AnyOf(append(documents, IdentityDocumentImage)...), Effect: Recommend(WatchForIdentityFraud),
			Rationale: "Document and national numbers are used to impersonate people; the document itself remains valid.",
			Source:    "FTC-GUIDE; EDPB-9/2022 para. 102",
		},
		Rule{
			ID: "action.check_loyalty_account", When: AnyOf(FrequentFlyerNumber), Effect: Recommend(CheckLoyaltyAccount),
			Rationale: "Membership numbers are used to steal miles and points.",
			Source:    "SEED-NOTICE",
		},
		Rule{
			ID: "action.check_bookings", When: AnyOf(BookingReference), Effect: Recommend(CheckBookings),
			Rationale: "A booking reference with a surname opens the booking to change or cancel it.",
			Source:    "SEED-NOTICE",
		},
		Rule{
			ID: "action.check_health_insurance_statements", When: AnyOf(HealthInsuranceNumber), Effect: Recommend(CheckHealthInsuranceStatements),
			Rationale: "An insurance number is used to claim care in the person's name; the insurer's statements show it.",
			Source:    "FTC-GUIDE",
		},
		Rule{
			ID: "action.ask_about_biometric_sign_in", When: AnyOf(Biometric), Effect: Recommend(AskAboutBiometricSignIn),
			Rationale: "A fingerprint or face cannot be changed like a password; the services that use it for sign-in know what it allows.",
			Source:    "EDPB-9/2022",
		},
		Rule{
			ID: "action.expect_targeted_scams", When: AnyOf(DateOfBirth, TravelHistory, CustomerServiceRemarks, BookingReference, PreciseLocation, FinancialDetails, Employment), Effect: Recommend(ExpectTargetedScams),
			Rationale: "Personal details make a scam sound genuine.",
			Source:    "EDPB-9/2022",
		},
		Rule{
			ID: "action.beware_of_extortion", When: AnyOf(special...), Effect: Recommend(BewareOfExtortion),
			Rationale: "Sensitive data is used to threaten people into paying.",
			Source:    "EDPB-9/2022; EDPB-01/2021",
		},
		Rule{
			ID: "action.beware_of_phishing", When: AnyOf(everything...), Effect: Recommend(BewareOfPhishing),
			Rationale: "A breach is followed by mail pretending to come from the organisation.",
			Source:    "SEED-NOTICE",
		},
		Rule{
			ID: "action.watch_for_suspicious_activity", When: AnyOf(everything...), Effect: Recommend(WatchForSuspiciousActivity),
			Rationale: "Misuse shows first as activity the person does not recognise.",
			Source:    "SEED-NOTICE",
		},
		Rule{
			ID: "action.use_unique_passwords", When: AnyOf(everything...), Effect: Recommend(UseUniquePasswords),
			Rationale: "A password used on one account only cannot be tried on others; routine changes are not advised, as they lead to weaker passwords.",
			Source:    "NIST-800-63B s. 5.1.1.2; NCSC-PASSWORDS",
		},

		// Review.
		Rule{
			ID: "review.service_remarks", When: AnyOf(CustomerServiceRemarks), Effect: FlagForReview(),
			Rationale: "Free text can hold health or other special data that would raise the DPC; a person must read it.",
			Source:    "ENISA-2013 Annex 1",
		},
	)
	return rules
}
