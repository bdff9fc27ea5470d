package store_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/pgtest"
)

var binding = store.Binding{Incident: "test-1", Scoring: store.ScoringOf(exposure.Of(exposure.Name, exposure.Email), exposure.Set{}, exposure.SeedCircumstances())}

// backend opens a new, empty store of one kind, and reopens it.
type backend struct {
	name   string
	open   func(t *testing.T) store.Store
	reopen func(t *testing.T, b store.Binding, readOnly bool) (store.Store, error)
}

func backends(t *testing.T) []backend {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.db")
	sqlite := backend{
		name: "sqlite",
		reopen: func(t *testing.T, b store.Binding, readOnly bool) (store.Store, error) {
			return store.OpenSQLite(context.Background(), path, b, store.SQLiteOptions{ReadOnly: readOnly})
		},
	}
	sqlite.open = func(t *testing.T) store.Store {
		s, err := sqlite.reopen(t, binding, false)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	out := []backend{sqlite}
	if pgtest.Reachable(t) {
		url := pgtest.Schema(t, "store_test")
		pg := backend{
			name: "postgres",
			reopen: func(t *testing.T, b store.Binding, readOnly bool) (store.Store, error) {
				return store.OpenPostgres(context.Background(), url, b, readOnly)
			},
		}
		pg.open = func(t *testing.T) store.Store {
			s, err := pg.reopen(t, binding, false)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		out = append(out, pg)
	}
	return out
}

func person(id, membership string, line int64) store.Person {
	return store.Person{ID: id, Line: line, Name: "Chan Tai Man", Email: id + "@example.com", Language: "zh-Hant-HK",
		Exposed: exposure.Of(exposure.Name, exposure.Email), Tier: exposure.TierLow, Membership: membership,
		Family: store.FamilyDigest([]byte("k"), "Chan")}
}

var personOpts = cmp.Options{cmpopts.EquateComparable(exposure.Set{}), cmpopts.EquateEmpty()}

func TestStore(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := be.open(t)
			defer s.Close()
			a := person("P1", "1001", 1)
			a.Jurisdiction, a.AddressLines, a.Country = "HK", []string{"1 Harbour Road", "Wan Chai"}, "HK"
			b := person("P2", "", 2)
			b.Tier, b.Exposed, b.Family = exposure.TierNone, exposure.Set{}, nil
			other := person("P5", "1001", 6) // the same number, another family name
			other.Family = store.FamilyDigest([]byte("k"), "Wong")
			results, err := s.Put(ctx, []store.Person{a, b, person("p1", "1002", 3), person("P3", "1001", 4), person("P4", "1004", 5), other})
			if err != nil {
				t.Fatal(err)
			}
			wantErrs := []error{nil, nil, store.ErrDuplicateID, store.ErrDuplicateCard, nil, nil}
			for i, want := range wantErrs {
				if !errors.Is(results[i], want) || (want == nil) != (results[i] == nil) {
					t.Errorf("person %d: %v, want %v", i, results[i], want)
				}
			}
			if err := s.Refuse(ctx, []store.Refusal{{Line: 6, ID: "X", Reason: "no email"}, {Line: 7, Reason: "not JSON"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Refuse(ctx, []store.Refusal{{Line: 6, ID: "X", Reason: "no email"}}); err != nil {
				t.Fatalf("refusing a line again (a rerun): %v", err)
			}
			var all []store.Person
			for after := ""; ; {
				page, err := s.Page(ctx, after, 2)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, page...)
				if len(page) < 2 {
					break
				}
				after = page[len(page)-1].ID
			}
			if diff := cmp.Diff([]store.Person{a, b, person("P4", "1004", 5), other}, all, personOpts); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
			got, found, err := s.Find(ctx, "1001", a.Family)
			if err != nil || !found {
				t.Fatalf("Find(1001, Chan) = %v, %v", found, err)
			}
			if diff := cmp.Diff(a, got, personOpts); diff != "" {
				t.Errorf("Find mismatch (-want +got):\n%s", diff)
			}
			if got, found, err := s.Find(ctx, "1001", other.Family); !found || err != nil || got.ID != "P5" {
				t.Errorf("Find(1001, Wong) = %s, %v, %v; want P5", got.ID, found, err)
			}
			for _, miss := range []struct {
				membership string
				family     []byte
			}{{"9999", a.Family}, {"1001", store.FamilyDigest([]byte("k"), "Lee")}, {"1001", nil}, {"", a.Family}} {
				if _, found, err := s.Find(ctx, miss.membership, miss.family); found || err != nil {
					t.Errorf("Find(%q, %x) = %v, %v; want not found", miss.membership, miss.family, found, err)
				}
			}
			c, err := s.Counts(ctx)
			if diff := cmp.Diff(store.Counts{People: 4, Affected: 3, Refused: 2}, c); err != nil || diff != "" {
				t.Errorf("Counts: %v, mismatch (-want +got):\n%s", err, diff)
			}
			key := s.LookupKey()
			s.Close()

			again, err := be.reopen(t, binding, true)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.LookupKey(), key) || len(key) != 32 {
				t.Errorf("the lookup key changed on reopening")
			}
			again.Close()
			otherIncident := binding
			otherIncident.Incident = "test-2"
			if s, err := be.reopen(t, otherIncident, false); !errors.Is(err, store.ErrOtherIncident) {
				t.Errorf("opening for another incident: %v", err)
				if s != nil {
					s.Close()
				}
			}
			rescored := binding
			rescored.Scoring = store.ScoringOf(exposure.Of(exposure.Name), exposure.Set{}, exposure.Circumstances{})
			if s, err := be.reopen(t, rescored, false); !errors.Is(err, store.ErrOtherIncident) {
				t.Errorf("opening with other scoring: %v", err)
				if s != nil {
					s.Close()
				}
			}
		})
	}
}

func TestOpenSQLiteReadOnlyNeedsAStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	if s, err := store.OpenSQLite(context.Background(), path, binding, store.SQLiteOptions{ReadOnly: true}); err == nil {
		s.Close()
		t.Error("opened a store that does not exist, read-only")
	}
}

func TestNormalisation(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Müller", "MÜLLER"}, {"ＹＡＭＡＤＡ", "yamada"}, {"O’Brien", "o'brien"}, {"  van  der Berg ", "VAN DER BERG"},
	} {
		if store.NormFamilyName(tc.a) != store.NormFamilyName(tc.b) {
			t.Errorf("%q and %q are not one name", tc.a, tc.b)
		}
		if !bytes.Equal(store.FamilyDigest([]byte("k"), tc.a), store.FamilyDigest([]byte("k"), tc.b)) {
			t.Errorf("%q and %q have other digests", tc.a, tc.b)
		}
	}
	if bytes.Equal(store.FamilyDigest([]byte("k1"), "Chan"), store.FamilyDigest([]byte("k2"), "Chan")) {
		t.Error("the digest does not depend on the key")
	}
	if store.FamilyDigest([]byte("k"), "  ") != nil {
		t.Error("an empty name has a digest")
	}
	if got := store.NormMembership("１２３４ 5678-90"); got != "1234567890" {
		t.Errorf("NormMembership = %q", got)
	}
}

func TestNormFamilyName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chan", "chan"},
		{"  CHAN  ", "chan"},
		{"Müller", "müller"},
		{"Mu\u0308ller", "müller"},
		{"MÜLLER", "müller"},
		{"O’Brien", "o'brien"},
		{"O'Brien", "o'brien"},
		{"ＹＡＭＡＤＡ", "yamada"},
		{"山田", "山田"},
		{"\u3000山田\u3000", "山田"}, // ideographic spaces
		{"van  der\tBerg", "van der berg"},
		{"Straße", "strasse"},
		{"김", "김"},
		{"", ""},
	} {
		if got := store.NormFamilyName(tc.in); got != tc.want {
			t.Errorf("store.NormFamilyName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormMembership(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1234567890", "1234567890"},
		{" 1234567890 ", "1234567890"},
		{"１２３４５６７８９０", "1234567890"},
		{"1234 567 890", "1234567890"},
		{"1234-567-890", "1234567890"},
		{"\u00a01234567890\u3000", "1234567890"},
		{"abc", "abc"},
	} {
		if got := store.NormMembership(tc.in); got != tc.want {
			t.Errorf("store.NormMembership(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
