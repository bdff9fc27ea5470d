package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/breachkit/breachkit/locale"
)

// pageLayout is what a phone reader of the incident's page meets.
type pageLayout struct {
	ScrollWidth, InnerWidth int
	BodyFontSize            float64
	Lang                    string
	H1, Sections, Switcher  int
	Violations              []string
}

const readPageLayout = `(() => ({
	ScrollWidth: document.documentElement.scrollWidth,
	InnerWidth: window.innerWidth,
	BodyFontSize: parseFloat(getComputedStyle(document.body).fontSize),
	Lang: document.documentElement.lang,
	H1: document.querySelectorAll("main h1").length,
	Sections: document.querySelectorAll("main section h2").length,
	Switcher: document.querySelectorAll("nav.public-languages a[hreflang]").length,
	Violations: window.__cspViolations || ["no recorder"],
}))()`

// A reader on a phone (390x844) opens the incident's public page in every
// language: it is laid out for the phone without scrolling sideways, its
// text at 16px or more (the stylesheet loaded under the portal's
// Content-Security-Policy, which nothing violates), with its heading, its
// sections and the switcher to every language. A screenshot of each is
// kept in the test's directory (and in -screenshots).
func TestBrowserIncidentPage(t *testing.T) {
	chromium := needChromium(t)
	ts := httptest.NewUnstartedServer(nil) // loopback only
	ts.Config = newHTTPServer(newTestHandler(t, testConfig(t)), nil)
	ts.Start()
	defer ts.Close()
	ctx, dir := newBrowser(t, chromium, "ja")

	for _, tag := range locale.Supported() {
		lang := tag.String()
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
			chromedp.Navigate(ts.URL+"/incident/"+lang),
			chromedp.WaitVisible(chromedp.CSS("main h1")),
		); err != nil {
			t.Fatalf("%s: opening the page: %v", lang, err)
		}
		l, err := chromedp.Run(ctx, chromedp.Evaluate[pageLayout](readPageLayout))
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		switch {
		case l.Lang != lang:
			t.Errorf("%s: <html lang=%q>", lang, l.Lang)
		case l.InnerWidth != 390:
			t.Errorf("%s: laid out %dpx wide, want the phone's 390", lang, l.InnerWidth)
		case l.ScrollWidth > l.InnerWidth:
			t.Errorf("%s: scrolls sideways: %dpx of content in a %dpx window", lang, l.ScrollWidth, l.InnerWidth)
		case l.BodyFontSize < 16:
			t.Errorf("%s: text at %vpx; want 16px or more (is the stylesheet loaded?)", lang, l.BodyFontSize)
		case len(l.Violations) > 0:
			t.Errorf("%s: Content-Security-Policy violations: %q", lang, l.Violations)
		case l.H1 != 1 || l.Sections < 8 || l.Switcher != len(locale.Supported())-1:
			t.Errorf("%s: %d h1, %d sections, %d languages in the switcher", lang, l.H1, l.Sections, l.Switcher)
		}
		if lang == "ja" {
			screenshot(t, ctx, dir, "incident-ja-full.png") // the whole page, once: it takes seconds
		}
		viewportShot(t, ctx, dir, "incident-"+lang+".png")
	}

	// /incident negotiates: this browser asks for Japanese.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/incident"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if l, err := chromedp.Run(ctx, chromedp.Evaluate[pageLayout](readPageLayout)); err != nil || l.Lang != "ja" {
		t.Errorf("/incident for a Japanese browser: lang %q (%v)", l.Lang, err)
	}
}

// viewportShot saves what the phone's screen shows (the page's first
// 390x844), as screenshot saves the whole page.
func viewportShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	for _, d := range []string{dir, *screenshotDir} {
		if d != "" {
			if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
