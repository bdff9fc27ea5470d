package notice_test

import (
	"errors"
	"testing"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// FuzzCompose: whatever the recipient's name and the incident's narrative,
// Compose either refuses them with the right error or writes a notice whose
// text keeps the layout rules and whose HTML keeps its structure, showing
// the name as text.
func FuzzCompose(f *testing.F) {
	f.Add("Chan Tai Man", "We found suspicious activity.\nNo data was misused.", uint8(0))
	f.Add(`<script>alert(1)</script>`, `</p><script>x</script><p class="notice-greeting">`, uint8(1))
	f.Add("陳大文", "弊社は「不審な」アクセスを検知しました。」」」」", uint8(2))
	f.Add("Ｗｏｎｇ　Ｓｉｕ　Ｍｉｎｇ", "x\u0301\u0301\u0301 "+string(make([]byte, 0)), uint8(3))
	f.Add("a\u202eb", "\x00", uint8(4))
	inc := sample.MustIncident("seed")
	tags := locale.Supported()
	var lc layoutChecker
	f.Fuzz(func(t *testing.T, name, narrative string, pick uint8) {
		tag := tags[int(pick)%len(tags)]
		i := inc
		i.Narrative = notice.Localized{locale.English: narrative, locale.Japanese: narrative}
		c, err := notice.NewComposer(i)
		if err != nil {
			if !errors.Is(err, notice.ErrInvalidIncident) {
				t.Fatalf("NewComposer: %v, want ErrInvalidIncident", err)
			}
			return
		}
		exposed := exposure.Of(exposure.Name, exposure.Email, exposure.PassportNumber)
		a := exposure.Assess(exposed)
		d, err := c.Compose(notice.Recipient{Name: name, Language: tag.String()}, a)
		if err != nil {
			if !errors.Is(err, notice.ErrInvalidRecipient) {
				t.Fatalf("Compose: %v, want ErrInvalidRecipient", err)
			}
			return
		}
		lc.check(t, string(d.AppendText(nil)))
		w := wordingFor(t, tag, organisation(i, tag))
		checkHTML(t, d.AppendHTML(nil), htmlExpectation{tag: tag, name: name, categories: w.section2(exposed),
			summary: w.summary(a), actions: w.section4(a)})
	})
}
