package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/locale"
)

func TestCatalogCheck(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Check() {
		t.Error(p)
	}
	var wantLangs []string
	for _, tag := range locale.Supported() {
		wantLangs = append(wantLangs, tag.String())
	}
	var langs []string
	for _, tag := range c.Languages() {
		langs = append(langs, tag.String())
	}
	if diff := cmp.Diff(wantLangs, langs); diff != "" {
		t.Errorf("catalog languages mismatch (-want +got):\n%s", diff)
	}
}

// The catalog holds exactly the messages the portal uses.
func TestCatalogIDs(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var w wording
	var used []string
	for _, m := range w.messages() {
		used = append(used, m.id)
	}
	slices.Sort(used)
	if diff := cmp.Diff(used, c.IDs()); diff != "" {
		t.Errorf("catalog IDs mismatch (-used +catalog):\n%s", diff)
	}
}

func TestWordingEveryLanguage(t *testing.T) {
	inc := sample.MustIncident("seed")
	names := make(map[string]string)
	for _, tag := range locale.Supported() {
		w := testWording(t, tag.String())
		for _, m := range w.messages() {
			if strings.TrimSpace(*m.dst) == "" || strings.ContainsAny(*m.dst, "{}") {
				t.Errorf("%s: %s: %q", tag, m.id, *m.dst)
			}
		}
		if !strings.Contains(w.NotFound, inc.Contact.Email) || !strings.Contains(w.Internal, inc.Contact.Email) {
			t.Errorf("%s: the not-found and error messages must give the contact address", tag)
		}
		if w.Organisation == "" || !strings.Contains(w.Title, w.Organisation) {
			t.Errorf("%s: title %q lacks the organisation %q", tag, w.Title, w.Organisation)
		}
		// Records hold the family name in Latin letters (as on a booking):
		// the hint says so with an example, which a reader of Chinese,
		// Japanese or Korean needs.
		if tag != locale.Pseudo && !latinExample.MatchString(w.FamilyNameHint) {
			t.Errorf("%s: the family-name hint %q gives no example in Latin letters", tag, w.FamilyNameHint)
		}
		if other, dup := names[w.LanguageName]; dup {
			t.Errorf("%s and %s are both called %q", tag, other, w.LanguageName)
		}
		names[w.LanguageName] = tag.String()
	}
}

var latinExample = regexp.MustCompile(`[A-Za-z]{2,}`)

// The wording follows the glossary's register and regional vocabulary.
func TestWordingRegister(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		must, mustNt []string
	}{
		{"ja", []string{"ください", "ません"}, []string{"だ。", "である"}},
		{"ko", []string{"습니다", "십시오"}, []string{"해요", "세요."}},
		{"zh-Hant-HK", []string{"你", "電郵", "資料外洩事故"}, []string{"您", "帳戶", "唔", "嘅"}},
		{"zh-Hant", []string{"您", "個資", "電子郵件"}, []string{"你", "賬", "電郵"}},
		{"zh-Hans", []string{"您", "个人信息", "会员号"}, []string{"你", "帐户", "个人资料"}},
	} {
		w := testWording(t, tc.lang)
		var all strings.Builder
		for _, m := range w.messages() {
			all.WriteString(*m.dst)
		}
		s := all.String()
		for _, m := range tc.must {
			if !strings.Contains(s, m) {
				t.Errorf("%s: no %q", tc.lang, m)
			}
		}
		for _, m := range tc.mustNt {
			if strings.Contains(s, m) {
				t.Errorf("%s: %q", tc.lang, m)
			}
		}
	}
}
