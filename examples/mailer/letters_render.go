package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Letters are printed by Chromium from the notice's own HTML (research
// delivery.md s. 5): every language, Thai and the Han variants included,
// is shaped and drawn as the email's reader sees it, and there is no
// second layout of the notice to keep in step. Chromium costs about
// 300 ms for a document of one letter, most of it per document (starting
// the print, embedding fonts), so many letters share one document, a
// batch, and the fonts are embedded once per batch: a print house wants
// batches anyway. Several tabs print batches side by side.

// renderer is one headless Chromium and its tabs.
type renderer struct {
	cancel  []context.CancelFunc
	tabs    chan context.Context
	profile string
}

// findChromium returns the path of a Chromium or Chrome, or "".
func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium" // Debian's package, as .ci/run installs it
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newRenderer starts Chromium at path with n tabs. Flags as the portal's
// browser test has them: no sandbox (CI runs as root), and nothing that
// reaches for the network.
func newRenderer(ctx context.Context, path string, n int) (_ *renderer, err error) {
	profile, err := os.MkdirTemp("", "breachkit-letters-chromium-")
	if err != nil {
		return nil, err
	}
	r := &renderer{tabs: make(chan context.Context, n), profile: profile}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	actx, cancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
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
	r.cancel = append(r.cancel, cancel)
	bctx, cancel := chromedp.NewContext(actx)
	r.cancel = append(r.cancel, cancel)
	if err := chromedp.Do(bctx); err != nil {
		return nil, fmt.Errorf("starting Chromium %s: %w", path, err)
	}
	for range n {
		tctx, cancel := chromedp.NewContext(bctx)
		r.cancel = append(r.cancel, cancel)
		if err := chromedp.Do(tctx, chromedp.Navigate("about:blank")); err != nil {
			return nil, fmt.Errorf("opening a Chromium tab: %w", err)
		}
		r.tabs <- tctx
	}
	return r, nil
}

func (r *renderer) close() {
	for i := len(r.cancel) - 1; i >= 0; i-- {
		r.cancel[i]()
	}
	os.RemoveAll(r.profile)
}

// batchTimeout bounds the printing of one batch: a hung browser must not
// hang the run.
const batchTimeout = 5 * time.Minute

// print lays doc out in a free tab and prints it to PDF, at the @page
// size and margins of its CSS.
func (r *renderer) print(ctx context.Context, doc []byte) ([]byte, error) {
	var tab context.Context
	select {
	case tab = <-r.tabs:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { r.tabs <- tab }()
	tctx, cancel := context.WithTimeout(tab, batchTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the run's Ctrl-C ends the print too
	defer stop()
	tree, err := chromedp.Call(tctx, cdppage.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("Chromium: %w", err)
	}
	if _, err := chromedp.Call(tctx, cdppage.SetDocumentContent, cdppage.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(doc)}); err != nil {
		return nil, fmt.Errorf("Chromium: %w", err)
	}
	// Installed fonts need no download, but a face is opened when the
	// layout first needs it: wait until every face is ready.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("Chromium: %w", err)
	}
	// An address that does not fit its window would be cut off by the
	// envelope: those letters are named, and the batch printed without them.
	over, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".letter-window")].filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map(e => e.dataset.id)`))
	if err != nil {
		return nil, fmt.Errorf("Chromium: %w", err)
	}
	if len(over) > 0 {
		return nil, &windowOverflowError{ids: over}
	}
	// The @page rule sets the paper and margins; a batch of hundreds of
	// pages comes back as a stream rather than one protocol message.
	pdf, err := chromedp.Run(tctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground(), chromedp.PDFMargin(0), chromedp.PDFStream()))
	if err != nil {
		return nil, fmt.Errorf("Chromium: %w", err)
	}
	return pdf, nil
}

// windowOverflowError names the letters whose address block is larger
// than the envelope's window.
type windowOverflowError struct{ ids []string }

func (e *windowOverflowError) Error() string {
	return fmt.Sprintf("the address of %s does not fit the envelope's window", strings.Join(e.ids, ", "))
}

// pageRange is where one letter is in its batch: pages from 1.
type pageRange struct{ first, last int }

func (p pageRange) String() string {
	if p.first == p.last {
		return strconv.Itoa(p.first)
	}
	return fmt.Sprintf("%d-%d", p.first, p.last)
}

// letterPages finds where each letter of a batch is. Every letter's
// reference (the person's id, on the top line of its first page) is a link
// to the letter's own start, so Chromium writes a named destination
// "L-<id>" with the page the letter starts on, which pdfinfo (poppler-utils)
// lists without reading the pages' text (pdftotext over a batch of CJK
// letters took longer than printing it). The destinations must be there
// for every letter, in the batch's order, the first on page 1: anything
// else means the layout went wrong, and the batch is not used. The last
// range ends on the batch's last page.
func letterPages(ctx context.Context, pdfFile string, ids []string) ([]pageRange, error) {
	info, err := exec.CommandContext(ctx, "pdfinfo", pdfFile).Output()
	if err != nil {
		return nil, fmt.Errorf("pdfinfo: %w", err)
	}
	m := pagesLine.FindSubmatch(info)
	if m == nil {
		return nil, errors.New("pdfinfo gives no page count")
	}
	pages, _ := strconv.Atoi(string(m[1]))
	out, err := exec.CommandContext(ctx, "pdfinfo", "-dests", pdfFile).Output()
	if err != nil {
		return nil, fmt.Errorf("pdfinfo -dests: %w", err)
	}
	dest := map[string]int{}
	for _, m := range destLine.FindAllSubmatch(out, -1) {
		page, _ := strconv.Atoi(string(m[1]))
		if _, dup := dest[string(m[2])]; dup {
			return nil, fmt.Errorf("the batch has the destination %s twice", m[2])
		}
		dest[string(m[2])] = page
	}
	if pages == 0 {
		return nil, errors.New("the batch has no pages")
	}
	ranges := make([]pageRange, len(ids))
	for i, id := range ids {
		start, ok := dest[letterAnchor(id)]
		switch {
		case !ok:
			return nil, fmt.Errorf("the first page of the letter of %s was not found in the batch", id)
		case i == 0 && start != 1:
			return nil, fmt.Errorf("the batch's page 1 is not the first page of a letter")
		case i > 0 && start <= ranges[i-1].first:
			return nil, fmt.Errorf("the letter of %s starts on page %d, not after the letter before it (page %d)", id, start, ranges[i-1].first)
		case start > pages:
			return nil, fmt.Errorf("the letter of %s starts on page %d of %d", id, start, pages)
		}
		ranges[i].first = start
		if i > 0 {
			ranges[i-1].last = start - 1
		}
	}
	ranges[len(ranges)-1].last = pages
	return ranges, nil
}

var (
	pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)\s*$`)
	destLine  = regexp.MustCompile(`(?m)^\s*(\d+)\s+\[[^\]]*\]\s+"([^"]*)"\s*$`)
)

// letterAnchor is the id of a letter's section in its batch, and the name
// of its destination in the PDF.
func letterAnchor(id string) string { return "L-" + id }

// writeFileAtomic writes data as dir/name through a temporary file that
// the out folder's next run removes if this one stops half way: a reader
// of dir sees the whole file or none.
func writeFileAtomic(dir, name string, data []byte, check func(tmp string) error) error {
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a rename, there is nothing to remove
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	// CreateTemp makes the file for its owner only; a batch is for the
	// print house, like the messages write makes.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if check != nil {
		if err := check(tmp); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable before the ledger records it.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
