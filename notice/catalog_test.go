package notice_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/notice"
)

// TestCatalogCheck requires every language's wording to be complete: no
// message missing, none that English lacks, the same placeholders as English,
// no empty text.
func TestCatalogCheck(t *testing.T) {
	for _, p := range notice.Catalog().Check() {
		t.Errorf("%v", p)
	}
}

// TestWordingIsNFC: the catalog files and the sample incidents are in
// Unicode NFC, so that a Vietnamese letter with two marks (ệ, ở) is one
// code point wherever it can be, as readers' search and copy expect, and
// compares equal to what a reader types.
func TestWordingIsNFC(t *testing.T) {
	files, err := filepath.Glob("catalog/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalog files: %v", err)
	}
	files = append(files, "../examples/sample/incidents/seed.json", "../examples/sample/incidents/cards.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormal(data) {
			t.Errorf("%s is not in NFC", f)
		}
	}
}
