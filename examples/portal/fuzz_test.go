package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/breachkit/breachkit/locale"
)

// FuzzLookup posts any form values and Accept-Language: the answer is
// always a whole page without scripts, in a supported language, and one of
// three things. A notice only for a pair that matches, carrying the values
// back intact in its re-submit forms; "not involved" likewise; otherwise
// exactly the bytes of that language's one not-found page.
func FuzzLookup(f *testing.F) {
	for _, p := range samplePassengers(f) {
		f.Add(p.Membership, p.FamilyName, "", p.Language)
	}
	f.Add("１２３４５６７８９３", " ＹＡＭＡＤＡ ", "ja", "")
	f.Add(scriptTag, imgTag, scriptTag, imgTag)
	f.Add(imgTag, scriptTag, "en-XA", "zh-HK,zh;q=0.9")
	f.Add("1234567900", "O’Brien", "zh_hant_hk", "xx-!!, ja")
	f.Add("\xff", "\x00", "\u202e", "")

	s, err := buildServer(testConfig(f))
	if err != nil {
		f.Fatal(err)
	}
	h := newTestHandler(f, testConfig(f))

	f.Fuzz(func(t *testing.T, membership, familyName, lang, acceptLanguage string) {
		form := url.Values{"membership": {membership}, "family_name": {familyName}, "lang": {lang}}
		resp := lookup(h, testClient, acceptLanguage, form)
		body := readBody(t, resp)
		switch resp.StatusCode {
		case http.StatusOK, http.StatusBadRequest, http.StatusTooManyRequests:
		case http.StatusRequestEntityTooLarge:
			if len(form.Encode()) <= defaultMaxBody {
				t.Fatalf("413 for a body of %d bytes", len(form.Encode()))
			}
		default:
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc := parsePage(t, body) // parses; no script, style, img, event handler
		tag, err := locale.Exact(rootLang(doc))
		if err != nil || tag.String() != rootLang(doc) {
			t.Fatalf("<html lang=%q> is not a supported tag", rootLang(doc))
		}
		if resp.StatusCode != http.StatusOK {
			return
		}
		want := locale.Negotiate(acceptLanguage)
		if chosen, err := locale.Exact(lang); err == nil {
			want = chosen
		}
		if tag != want {
			t.Fatalf("page in %s, want %s", tag, want)
		}

		p, found, err := s.dir.find(context.Background(), membership, familyName)
		if err != nil {
			t.Fatal(err)
		}
		art := noticeArticle(t, doc)
		switch {
		case !found:
			if !bytes.Equal(body, s.sites[tag].notFound) {
				t.Fatalf("a lookup that found no one got another answer than the not-found page:\n%s", body)
			}
			return
		case p.Exposed.Len() == 0:
			if art != nil {
				t.Fatal("a notice for a passenger with nothing exposed")
			}
		case art == nil:
			t.Fatal("no notice for a matching pair")
		case attr(art, "lang") != rootLang(doc):
			t.Fatalf("notice in %q on a page in %q", attr(art, "lang"), rootLang(doc))
		}
		for _, fm := range elements(doc, "form") {
			in := inputs(fm)
			if in["membership"] != membership || in["family_name"] != familyName {
				t.Fatalf("re-submit form carries %q, %q; want %q, %q", in["membership"], in["family_name"], membership, familyName)
			}
		}
	})
}
