package main

import (
	"context"
	"flag"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
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
	ctx, dir := startBrowser(t, chromium, 60*time.Second)
	prepareTab(t, ctx, acceptLanguage)
	return ctx, dir
}

// startBrowser starts a headless Chromium that lives no longer than
// timeout, and returns its first tab (not yet prepared: see prepareTab)
// and a directory for screenshots. chromedp.NewContext of the tab opens
// another tab in the same browser.
func startBrowser(t *testing.T, chromium string, timeout time.Duration) (context.Context, string) {
	t.Helper()
	// The browser lives no longer than this, whatever happens.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
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
		// Tabs in the background would have their timers slowed, and
		// axe-core waits on timers: the axe test's tabs work side by side.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancelTab)
	return ctx, dir
}

// prepareTab makes a tab send acceptLanguage and record what the
// Content-Security-Policy blocks.
func prepareTab(t *testing.T, ctx context.Context, acceptLanguage string) {
	t.Helper()
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

// axeEnv names the file of axe-core's axe.min.js, which CI installs with
// npm outside the repository (see .ci/run).
const axeEnv = "BREACHKIT_AXE"

// needAxe returns axe-core's source, or skips the test without it (fails
// it under CI).
func needAxe(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no %s: .ci/run installs axe-core and sets it", axeEnv)
		}
		t.Skipf("no axe-core: run `npm install --prefix /tmp/axe axe-core@4` and set %s=/tmp/axe/node_modules/axe-core/axe.min.js", axeEnv)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", axeEnv, err)
	}
	return string(src)
}

// axeViolation is one rule axe-core found broken, with the elements that
// break it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// runAxe checks the page against WCAG 2.0 and 2.1, levels A and AA: the
// tags the review used, without its best-practice rules, which are no
// conformance requirement.
const runAxe = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
	resultTypes: ["violations"],
	reporter: "no-passes",
	iframes: false,
}).then(r => r.violations.map(v => ({
	ID: v.id, Impact: v.impact || "", Help: v.help,
	Nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
})))`

// smallTargets lists the controls smaller than 44 by 44 CSS pixels (WCAG
// 2.1 SC 2.5.5), with their size. The skip link is measured though it is
// off screen until focused.
const smallTargets = `[...document.querySelectorAll("a[href], button, input:not([type=hidden])")].flatMap(e => {
	const r = e.getBoundingClientRect();
	return r.width >= 44 && r.height >= 44 ? [] :
		[e.outerHTML.slice(0, 80) + " is " + Math.round(r.width) + "x" + Math.round(r.height)];
})`

// Every kind of page in every language, at a phone's size and a desktop's,
// checked by axe-core for WCAG 2.1 A and AA, with the portal's
// Content-Security-Policy on: axe is injected through the DevTools
// protocol, which the policy does not govern. Each page's bytes and
// headers are the portal's own answer to the request that gets that kind
// of page (pageKinds), served at /kind/NAME so that the browser only has
// to navigate. One browser, one tab per language, languages in parallel.
//
// It also checks what axe does not: every control is at least 44px square,
// and the answer that found nothing has moved the focus to the first field.
func TestBrowserAxe(t *testing.T) {
	chromium := needChromium(t)
	axeSource := needAxe(t)
	start := time.Now()

	kinds := pageKinds(t)
	byName := make(map[string]pageKind)
	for _, k := range kinds {
		byName[k.name] = k
	}
	rest := newTestHandler(t, testConfig(t)) // the stylesheet
	ts := httptest.NewUnstartedServer(nil)   // loopback only
	ts.Config = newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/kind/")
		if !ok {
			rest.ServeHTTP(w, r)
			return
		}
		k, ok := byName[name]
		if !ok {
			http.Error(w, "no kind "+name, http.StatusNotFound)
			return
		}
		resp := k.fetch(r.URL.Query().Get("lang"))
		defer resp.Body.Close()
		maps.Copy(w.Header(), resp.Header)
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}), nil)
	ts.Start()
	// Not deferred: the languages' subtests run in parallel, after this
	// function returns.
	t.Cleanup(ts.Close)

	browser, _ := startBrowser(t, chromium, 300*time.Second) // ~25 s of CPU; room for a busy machine
	if _, err := chromedp.Run(browser, chromedp.Evaluate[int]("1")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	var runs atomic.Int64

	t.Run("harness", func(t *testing.T) {
		// A clean result must mean clean, not a check that did not run: on
		// the form with one label removed, axe must find the unlabelled
		// field.
		tab := newAxeTab(t, browser, "en")
		if err := chromedp.Do(tab,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
			chromedp.Navigate(ts.URL+"/kind/form?lang=en"),
		); err != nil {
			t.Fatal(err)
		}
		injectAxe(t, tab, axeSource)
		version, err := chromedp.Run(tab, chromedp.Evaluate[string](`axe.version`))
		if err != nil {
			t.Fatalf("axe-core is not in the page: %v", err)
		}
		t.Logf("axe-core %s", version)
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector("label[for=membership]").remove(), true`)); err != nil {
			t.Fatal(err)
		}
		vs, err := chromedp.Run(tab, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		runs.Add(1)
		if !slices.ContainsFunc(vs, func(v axeViolation) bool { return v.ID == "label" }) {
			t.Errorf("axe did not find the field without a label: %+v", vs)
		}
	})

	for _, tag := range locale.Supported() {
		lang := tag.String()
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tab := newAxeTab(t, browser, lang)
			for _, k := range kinds {
				if err := chromedp.Do(tab,
					chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
					chromedp.Navigate(ts.URL+"/kind/"+k.name+"?lang="+lang),
				); err != nil {
					t.Fatalf("%s: %v", k.name, err)
				}
				injectAxe(t, tab, axeSource)
				if k.name == "not-found" || k.name == "verify-not-sent" {
					want := "membership"
					if k.name == "verify-not-sent" {
						want = "code"
					}
					focused, err := chromedp.Run(tab, chromedp.Evaluate[string](focusedField, chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatal(err)
					}
					if focused != want {
						t.Errorf("%s: the focus is on %q, want the field #%s", k.name, focused, want)
					}
				}
				small, err := chromedp.Run(tab, chromedp.Evaluate[[]string](smallTargets))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range small {
					t.Errorf("%s at 390px: a target under 44x44: %s", k.name, s)
				}
				for _, size := range []struct {
					name string
					set  chromedp.Action[chromedp.Void]
				}{
					{"390x844", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2))},
					{"1280x900", chromedp.EmulateViewport(1280, 900)},
				} {
					if err := chromedp.Do(tab, size.set); err != nil {
						t.Fatal(err)
					}
					vs, err := chromedp.Run(tab, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatalf("%s at %s: axe: %v", k.name, size.name, err)
					}
					runs.Add(1)
					for _, v := range vs {
						t.Errorf("%s at %s: %s (%s): %s\n\t%s", k.name, size.name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
					}
				}
				l, err := chromedp.Run(tab, chromedp.Evaluate[layout](readLayout))
				if err != nil {
					t.Fatal(err)
				}
				if len(l.Violations) > 0 {
					t.Errorf("%s: Content-Security-Policy violations: %q", k.name, l.Violations)
				}
			}
		})
	}
	t.Cleanup(func() {
		t.Logf("axe-core: %d runs over %d kinds of page in %d languages at 2 sizes, in %v",
			runs.Load(), len(kinds), len(locale.Supported()), time.Since(start).Round(time.Millisecond))
	})
}

// focusedField is the id of the element that has the focus, once the
// browser has run autofocus, which it does at its next rendering update,
// not at load; "" if nothing has it within two seconds.
const focusedField = `new Promise(resolve => {
	const start = performance.now();
	(function poll() {
		const id = document.activeElement ? document.activeElement.id : "";
		if (id || performance.now() - start > 2000) resolve(id);
		else setTimeout(poll, 10);
	})();
})`

// newAxeTab opens a tab of the browser for a reader of acceptLanguage.
func newAxeTab(t *testing.T, browser context.Context, acceptLanguage string) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	prepareTab(t, tab, acceptLanguage)
	return tab
}

// injectAxe puts axe-core into the tab's page by Runtime.evaluate, which
// the page's Content-Security-Policy (no scripts at all) does not govern:
// the page is checked with its policy on. It is injected into the pages
// checked only, once each (Page.addScriptToEvaluateOnNewDocument would parse
// its 650 kB in every document, checked or not).
func injectAxe(t *testing.T, tab context.Context, axeSource string) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](axeSource+"\n;typeof axe === \"object\"")); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
}
