package exposure

// This file is the default policy, to be read top to bottom: the DPC of each
// category, the ease of identification, the floors the formula alone misses,
// the actions, and what needs a person's review. Sources are the short names
// of SOURCES.md. The bands are [DefaultBands]; the circumstances of the seed
// incident are [SeedCircumstances].

// DefaultRules returns the default rule table, in a fresh slice.
func DefaultRules() []Rule {
	// "Contact identifier" means these three and nothing else.
	contactIdentifiers := []Category{Phone, Email, PostalAddress}
	contactOrMembership := []Category{Phone, Email, PostalAddress, FrequentFlyerNumber}
	everything := Categories()

	return []Rule{
		// DPC: the highest class among the exposed categories (ENISA-2013 Annex 1).
		{
			ID: "dpc.simple", Effect: SetDPC(1),
			When: AnyOf(Name, Nationality, DateOfBirth, Phone, Email, PostalAddress,
				PassportNumber, IdentityCardNumber, FrequentFlyerNumber, CustomerServiceRemarks),
			Rationale: "Simple data; identity document numbers weigh through EI and the identity-fraud floor instead.",
			Source:    "ENISA-2013 Annex 1",
		},
		{
			ID: "dpc.behavioural", When: AnyOf(TravelHistory), Effect: SetDPC(2),
			Rationale: "Past flights reveal habits and whereabouts: behavioural data.",
			Source:    "ENISA-2013 Annex 1",
		},
		{
			ID: "dpc.card_expired", When: AnyOf(CardExpired), Effect: SetDPC(2),
			Rationale: "ENISA scores an invalid card 1, but the renewed card often keeps the number, so we score it as partial financial data.",
			Source:    "ENISA-2013 Annex A3; PCI-FAQ-1038",
		},
		{
			ID: "dpc.card_without_cvv", When: AnyOf(CardWithoutCVV), Effect: SetDPC(2),
			Rationale: "A card number without its security code is not the set of details needed to transact: partial financial data.",
			Source:    "ENISA-2013 Annex A3",
		},
		{
			ID: "dpc.card_with_cvv", When: AnyOf(CardWithCVV), Effect: SetDPC(4),
			Rationale: "Number and security code together can be used for fraud: full financial data.",
			Source:    "ENISA-2013 Annex A3; PCI-DSS-SAD",
		},
		{
			ID: "dpc.credential", When: AnyOf(Password), Effect: SetDPC(3),
			Rationale: "A credential scores as the account it opens; 3 is our assumption for an airline account.",
			Source:    "ENISA-2013 s. 3.1.1",
		},

		// EI: the highest level any of these reaches (ENISA-2013 s. 3.1.2, Annex 2).
		{
			ID: "ei.any", When: AnyOf(everything...), Effect: SetEI(0.25),
			Rationale: "Any personal data identifies its subject at least negligibly.",
			Source:    "ENISA-2013 s. 3.1.2",
		},
		{
			ID: "ei.contact_or_membership", When: AnyOf(contactOrMembership...), Effect: SetEI(0.5),
			Rationale: "A contact identifier or a membership number reaches one person.",
			Source:    "ENISA-2013 Annex 2",
		},
		{
			ID: "ei.name", When: AllOf(Name), Effect: SetEI(0.5),
			Rationale: "A full name alone identifies a person with some effort.",
			Source:    "ENISA-2013 Annex 2",
		},
		{
			ID: "ei.name_contact", When: AllOf(Name).AndAnyOf(contactOrMembership...), Effect: SetEI(0.75),
			Rationale: "A name with a way to reach the person identifies them easily.",
			Source:    "ENISA-2013 Annex 2",
		},
		{
			ID: "ei.name_dob_contact", When: AllOf(Name, DateOfBirth).AndAnyOf(contactIdentifiers...), Effect: SetEI(1),
			Rationale: "Name, date of birth and a contact identifier single a person out: ENISA's own example.",
			Source:    "ENISA-2013 s. 3.1.2",
		},
		{
			ID: "ei.name_document", When: AllOf(Name).AndAnyOf(PassportNumber, IdentityCardNumber), Effect: SetEI(1),
			Rationale: "A name with an identity document number identifies the person with certainty.",
			Source:    "ENISA-2013 Annex 2",
		},

		// Floors: harms the formula alone underrates.
		{
			ID: "floor.identity_fraud", When: AllOf(Name).AndAnyOf(PassportNumber, IdentityCardNumber), Effect: RaiseTier(TierHigh),
			Rationale: "A name with a document number is enough to attempt identity fraud.",
			Source:    "EDPB-9/2022 para. 102; FTC-GUIDE",
		},
		{
			ID: "floor.card_with_cvv", When: AnyOf(CardWithCVV), Effect: RaiseTier(TierVeryHigh),
			Rationale: "Full card details allow fraudulent payments at once.",
			Source:    "ENISA-2013 Annex A3; PCI-DSS-SAD",
		},
		{
			ID: "floor.password", When: AnyOf(Password), Effect: RaiseTier(TierHigh),
			Rationale: "A password opens the account, and often others where it was reused.",
			Source:    "EDPB-01/2021",
		},

		// Actions, in urgency order (the order of the Action constants).
		{
			ID: "action.cancel_and_reissue_card", When: AnyOf(CardWithCVV), Effect: Recommend(CancelAndReissueCard),
			Rationale: "Only a new card stops payments with the exposed details.",
			Source:    "FTC-GUIDE",
		},
		{
			ID: "action.change_password_now", When: AnyOf(Password), Effect: Recommend(ChangePasswordNow),
			Rationale: "Changing the password, and every reuse of it, closes the account to the attacker.",
			Source:    "EDPB-01/2021; PCPD-2019",
		},
		{
			ID: "action.contact_card_issuer", When: AnyOf(CardExpired, CardWithoutCVV, CardWithCVV), Effect: Recommend(ContactCardIssuer),
			Rationale: "The issuer can watch the account and reverse charges the person did not make.",
			Source:    "FTC-GUIDE; SEED-NOTICE",
		},
		{
			ID: "action.check_renewed_card_number", When: AnyOf(CardExpired), Effect: Recommend(CheckRenewedCardNumber),
			Rationale: "A renewed card often keeps the expired card's number.",
			Source:    "PCI-FAQ-1038",
		},
		{
			ID: "action.enable_two_factor", When: AnyOf(Password), Effect: Recommend(EnableTwoFactor),
			Rationale: "A second step at sign-in protects the account even if a password leaks again.",
			Source:    "PCPD-2019",
		},
		{
			ID: "action.watch_for_identity_fraud", When: AnyOf(PassportNumber, IdentityCardNumber), Effect: Recommend(WatchForIdentityFraud),
			Rationale: "Document numbers are used to impersonate people; the document itself remains valid.",
			Source:    "FTC-GUIDE; EDPB-9/2022 para. 102",
		},
		{
			ID: "action.check_loyalty_account", When: AnyOf(FrequentFlyerNumber), Effect: Recommend(CheckLoyaltyAccount),
			Rationale: "Membership numbers are used to steal miles and points.",
			Source:    "SEED-NOTICE",
		},
		{
			ID: "action.expect_targeted_scams", When: AnyOf(DateOfBirth, TravelHistory, CustomerServiceRemarks), Effect: Recommend(ExpectTargetedScams),
			Rationale: "Personal details make a scam sound genuine.",
			Source:    "EDPB-9/2022",
		},
		{
			ID: "action.beware_of_phishing", When: AnyOf(everything...), Effect: Recommend(BewareOfPhishing),
			Rationale: "A breach is followed by mail pretending to come from the organisation.",
			Source:    "SEED-NOTICE",
		},
		{
			ID: "action.watch_for_suspicious_activity", When: AnyOf(everything...), Effect: Recommend(WatchForSuspiciousActivity),
			Rationale: "Misuse shows first as activity the person does not recognise.",
			Source:    "SEED-NOTICE",
		},
		{
			ID: "action.change_passwords_regularly", When: AnyOf(everything...), Effect: Recommend(ChangePasswordsRegularly),
			Rationale: "Regular changes limit the use of any password exposed elsewhere.",
			Source:    "SEED-NOTICE",
		},

		// Review.
		{
			ID: "review.service_remarks", When: AnyOf(CustomerServiceRemarks), Effect: FlagForReview(),
			Rationale: "Free text can hold health or other special data that would raise the DPC; a person must read it.",
			Source:    "ENISA-2013 Annex 1",
		},
	}
}
