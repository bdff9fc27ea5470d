package notice_test

import (
	"testing"

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
