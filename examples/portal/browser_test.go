package main

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var screenshotDir = flag.String("screenshots", "", "also save the browser test's screenshots in this `directory`")

// findChromium returns the path of a Chromium or Chrome, or "".
func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium" // Debian's package, as CI installs it
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// violationRecorder is injected by the DevTools protocol, which the page's
// Content-Security-Policy does not govern, to record anything the policy
// blocks: a blocked stylesheet would show here before it showed as a
// broken layout.
const violationRecorder = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));`

// layout reads what a phone reader meets: no sideways scrolling, text and
// inputs at 16px or more.
type layout struct {
	ScrollWidth, InnerWidth int
	BodyFontSize            float64
	SmallestInputFont       float64
	Lang                    string
	Violations              []string
}

const readLayout = `(() => {
	const inputs = [...document.querySelectorAll("input:not([type=hidden]), button")];
	return {
		ScrollWidth: document.documentElement.scrollWidth,
		InnerWidth: window.innerWidth,
		BodyFontSize: parseFloat(getComputedStyle(document.body).fontSize),
		SmallestInputFont: Math.min(...inputs.map(e => parseFloat(getComputedStyle(e).fontSize))),
		Lang: document.documentElement.lang,
		Violations: window.__cspViolations || ["no recorder"],
	};
})()`

// A passenger on a phone: Japanese browser, 390x844 viewport. They open the
// form, type their membership number and family name, and read their
// notice in Japanese without scrolling sideways; then read it in English
// and in every other language.
func TestBrowserPhone(t *testing.T) {
	chromium := needChromium(t)

	ts := httptest.NewUnstartedServer(nil) // loopback only
	ts.Config = newHTTPServer(newTestHandler(t, testConfig(t)), nil)
	ts.Start()
	defer ts.Close()

	ctx, dir := newBrowser(t, chromium, "ja")

	yamada := samplePassenger(t, "P000004")
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("membership")),
	); err != nil {
		t.Fatalf("opening the form: %v", err)
	}
	checkLayout(t, ctx, "form", "ja")
	screenshot(t, ctx, dir, "form.png")

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("membership"), yamada.Membership),
		chromedp.SendKeys(chromedp.ID("family_name"), yamada.FamilyName),
		chromedp.Click(chromedp.CSS(".portal-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("article.breach-notice")),
	); err != nil {
		t.Fatalf("looking up %s: %v", yamada.ID, err)
	}
	lang, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("article.breach-notice"), "lang"))
	if err != nil {
		t.Fatal(err)
	}
	if lang.Value != "ja" {
		t.Errorf("<article lang=%q>, want ja", lang.Value)
	}
	checkLayout(t, ctx, "notice", "ja")
	structure, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[
		document.querySelectorAll("article.breach-notice h2").length,
		document.querySelectorAll("article.breach-notice .notice-categories li").length]`))
	if err != nil {
		t.Fatal(err)
	}
	if structure[0] < 5 || structure[1] != yamada.Exposed.Len() {
		t.Errorf("the notice shows %d headings and %d categories, want 5 or more and %d", structure[0], structure[1], yamada.Exposed.Len())
	}
	screenshot(t, ctx, dir, "portal.png")

	// The re-submit button posts the lookup again, in English.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.portal-resubmit button[lang="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.breach-notice[lang="en"]`)),
	); err != nil {
		t.Fatalf("reading the notice in English: %v", err)
	}
	checkLayout(t, ctx, "notice in English", "en")

	// And in every other language, each with its own script and long words
	// (German compounds, Thai without spaces), still without scrolling
	// sideways; the switcher names all of them on every page.
	for _, tag := range chooser {
		if tag == "en" || tag == "ja" {
			continue
		}
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.portal-resubmit button[lang="`+tag+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`article.breach-notice[lang="`+tag+`"]`)),
		); err != nil {
			t.Fatalf("reading the notice in %s: %v", tag, err)
		}
		checkLayout(t, ctx, "notice in "+tag, tag)
	}
	screenshot(t, ctx, dir, "portal-th.png")
}

// needChromium returns Chromium's path, or skips the test without it
// (fails it under CI).
func needChromium(t *testing.T) string {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and no Chromium: install Debian's chromium package (see .ci/run)")
		}
		t.Skip("no Chromium installed; with CI=true this test fails instead")
	}
	return chromium
}

// A reader on a phone checks the code of their notice, in every language:
// they type the address of the check page, type the code (in small
// letters, as people do) and read that we sent it; then type it with one
// character wrong and read that we did not. No page scrolls sideways.
func TestBrowserVerify(t *testing.T) {
	chromium := needChromium(t)
	ts := httptest.NewUnstartedServer(nil) // loopback only
	ts.Config = newHTTPServer(newTestHandler(t, testCodeConfig(t)), nil)
	ts.Start()
	defer ts.Close()
	ctx, dir := newBrowser(t, chromium, "en")
	code := passengerCode(t, samplePassenger(t, "P000004"), notice.ChannelEmail).String()

	for _, tag := range locale.Supported() {
		lang := tag.String()
		for _, try := range []struct {
			typed, answer string
		}{
			{strings.ToLower(code), ".portal-good"},
			{alter(code, 3), `.portal-message[role="alert"]`},
		} {
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
				chromedp.Navigate(ts.URL+"/verify?lang="+lang),
				chromedp.WaitVisible(chromedp.ID("code")),
			); err != nil {
				t.Fatalf("%s: opening the check page: %v", lang, err)
			}
			checkLayout(t, ctx, "check page in "+lang, lang)
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.ID("code"), try.typed),
				chromedp.Click(chromedp.CSS(".portal-form button[type=submit]")),
				chromedp.WaitVisible(chromedp.CSS(try.answer)),
			); err != nil {
				t.Fatalf("%s: checking %q: %v", lang, try.typed, err)
			}
			checkLayout(t, ctx, "answer to "+try.typed+" in "+lang, lang)
		}
		if lang == "th" || lang == "de" {
			screenshot(t, ctx, dir, "verify-"+lang+".png")
		}
	}
}

// newBrowser starts a headless Chromium for the test, sending
// acceptLanguage, with the recorder of policy violations; it returns the
// tab and a directory for screenshots.
func newBrowser(t *testing.T, chromium, acceptLanguage string) (context.Context, string) {
	t.Helper()
	// The browser lives no longer than this, whatever happens.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	dir := t.TempDir()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// The network is closed: nothing may wait on it.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancelTab)

	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": acceptLanguage},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: violationRecorder,
	}); err != nil {
		t.Fatal(err)
	}

	return ctx, dir
}

func checkLayout(t *testing.T, ctx context.Context, what, lang string) {
	t.Helper()
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](readLayout))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if l.Lang != lang {
		t.Errorf("%s: <html lang=%q>, want %q", what, l.Lang, lang)
	}
	if l.InnerWidth != 390 {
		t.Errorf("%s: the page is laid out %dpx wide, want the phone's 390", what, l.InnerWidth)
	}
	if l.ScrollWidth > l.InnerWidth {
		t.Errorf("%s: scrolls sideways: %dpx of content in a %dpx window", what, l.ScrollWidth, l.InnerWidth)
	}
	if l.BodyFontSize < 16 || l.SmallestInputFont < 16 {
		t.Errorf("%s: text at %vpx, inputs at %vpx; want 16px or more (is the stylesheet loaded?)", what, l.BodyFontSize, l.SmallestInputFont)
	}
	if len(l.Violations) > 0 {
		t.Errorf("%s: Content-Security-Policy violations: %q", what, l.Violations)
	}
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	for _, d := range []string{dir, *screenshotDir} {
		if d == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot: %s", filepath.Join(dir, name))
}
