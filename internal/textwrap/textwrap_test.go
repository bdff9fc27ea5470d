package textwrap_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/internal/textwrap"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"Dear Chan,", 10},
		{"パスポート番号", 14},
		{"護照號碼", 8},
		{"여권번호", 8},
		{"ＡＢ", 4},      // fullwidth
		{"ｱｲ", 2},      // halfwidth katakana
		{"é", 1},       // precomposed
		{"e\u0301", 1}, // e + combining acute
		{"a\u200db", 2},
		{"·", 1}, // ambiguous: narrow
	}
	for _, tt := range tests {
		if got := textwrap.Width(tt.s); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func TestAppend(t *testing.T) {
	tests := []struct {
		name        string
		s           string
		width       int
		first, rest string
		want        []string
	}{
		{"fits", "Hello world", 20, "", "", []string{"Hello world"}},
		{"words kept whole", "the quick brown fox jumps over the lazy dog", 10, "", "",
			[]string{"the quick", "brown fox", "jumps over", "the lazy", "dog"}},
		{"list item indent", "ask your bank to cancel the card", 14, "- ", "  ",
			[]string{"- ask your", "  bank to", "  cancel the", "  card"}},
		{"long token broken hard", "see https://example.com/a/very/long/path now", 12, "", "",
			[]string{"see", "https://exam", "ple.com/a/ve", "ry/long/path", "now"}},
		{"spaces collapse at breaks", "aaa    bbb", 5, "", "", []string{"aaa", "bbb"}},
		{"japanese breaks between characters", "弊社はお客様の個人情報を守ります。", 10, "", "",
			[]string{"弊社はお客", "様の個人情", "報を守り", "ます。"}},
		{"closing punctuation never starts a line", "情報を確認してください。以上", 14, "", "",
			[]string{"情報を確認し", "てください。", "以上"}},
		{"small kana stays with its syllable", "あいうえきっと", 10, "", "",
			[]string{"あいうえ", "きっと"}},
		{"katakana word kept whole", "アカウントのパスワード", 10, "", "",
			[]string{"アカウント", "の", "パスワード"}},
		{"katakana word wider than a line broken hard", "セキュリティセキュリティ", 10, "", "",
			[]string{"セキュリ", "ティセキュ", "リティ"}},
		{"polite ending kept whole", "内容をご確認ください", 16, "", "",
			[]string{"内容をご確認", "ください"}},
		{"polite ending kept whole after an inflection", "内容を確認してください", 16, "", "",
			[]string{"内容を確認し", "てください"}},
		{"polite ending not split", "情報を守りますので", 10, "", "",
			[]string{"情報を守り", "ますので"}},
		{"line ends at a comma when that costs little", "弊社は、お客様の情報を守ります。", 16, "", "",
			[]string{"弊社は、", "お客様の情報を守", "ります。"}},
		{"but not when it costs much", "弊社は、お客様の個人情報を守ります。", 20, "", "",
			[]string{"弊社は、お客様の個人", "情報を守ります。"}},
		{"opening bracket never ends a line", "一二三四「五六」", 10, "", "",
			[]string{"一二三四", "「五六」"}},
		{"number stays with its counter", "一二三四2018年", 12, "", "",
			[]string{"一二三四", "2018年"}},
		{"chinese", "我們建議你立即聯絡發卡機構，並檢查月結單。", 16, "", "",
			[]string{"我們建議你立即聯", "絡發卡機構，", "並檢查月結單。"}},
		{"korean breaks at spaces", "카드사에 연락하여 카드 정지·재발급을 요청하십시오.", 20, "", "",
			[]string{"카드사에 연락하여", "카드 정지·재발급을", "요청하십시오."}},
		{"mixed latin in japanese", "メールアドレスinfo@example.comへ", 16, "", "",
			[]string{"メールアドレス", "info@example.com", "へ"}},
		{"empty", "", 10, "- ", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(textwrap.Append(nil, tt.s, tt.width, tt.first, tt.rest))
			var got []string
			if out != "" {
				got = lines(out)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Append(%q, %d) mismatch (-want +got):\n%s", tt.s, tt.width, diff)
			}
			checkLayout(t, tt.s, out, tt.width, tt.first, tt.rest)
		})
	}
}

// checkLayout asserts the layout rules for any input: no line wider than
// width; nothing but spaces lost or added; no line starting with closing
// punctuation unless the hard-break fallback had no other choice.
func checkLayout(t *testing.T, in, out string, width int, first, rest string) {
	t.Helper()
	if out == "" {
		if strings.TrimSpace(strings.ReplaceAll(in, " ", "")) != "" {
			t.Fatalf("Append(%q) wrote nothing", in)
		}
		return
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output %q does not end in a newline", out)
	}
	var body []string
	for i, line := range lines(out) {
		if w := textwrap.Width(line); w > width {
			t.Fatalf("line %d %q is %d columns wide, more than %d", i, line, w, width)
		}
		prefix := rest
		if i == 0 {
			prefix = first
		}
		if !strings.HasPrefix(line, prefix) {
			t.Fatalf("line %d %q lacks its prefix %q", i, line, prefix)
		}
		line = line[len(prefix):]
		body = append(body, line)
		if line == "" || line[0] == ' ' || line[len(line)-1] == ' ' {
			t.Fatalf("line %d %q is empty or has an edge space", i, line)
		}
		// Closing punctuation may start a line only when the line before
		// holds a single character: then carrying that character over
		// would leave the line empty, and the width limit comes first.
		if r := []rune(line)[0]; i > 0 && strings.ContainsRune("、。，．：；？！）」』】》", r) &&
			utf8.RuneCountInString(body[i-1]) > 1 {
			t.Fatalf("line %d %q starts with closing punctuation", i, line)
		}
	}
	squash := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\n", "") }
	if squash(in) != squash(strings.Join(body, "")) {
		t.Fatalf("content changed:\n in  %q\n out %q", in, out)
	}
}

// TestLatinWordsNotSplit checks that a word no wider than a line always stays
// on one line.
func TestLatinWordsNotSplit(t *testing.T) {
	text := "Contact your bank or card company and tell them that your card number was involved in this incident."
	for width := 12; width <= 80; width++ {
		out := string(textwrap.Append(nil, text, width, "- ", "  "))
		var words []string
		for _, l := range lines(out) {
			words = append(words, strings.Fields(l)...)
		}
		words = slicesDeleteDash(words)
		if diff := cmp.Diff(strings.Fields(text), words); diff != "" {
			t.Fatalf("width %d split a word (-want +got):\n%s", width, diff)
		}
	}
}

func slicesDeleteDash(ws []string) []string {
	if len(ws) > 0 && ws[0] == "-" {
		return ws[1:]
	}
	return ws
}

func FuzzAppend(f *testing.F) {
	f.Add("Dear Chan Tai Man,", 20)
	f.Add("弊社はお客様の個人情報を守ります。「安全」です。", 9)
	f.Add("카드사에 연락하여 카드 정지·재발급을 요청하십시오.", 11)
	f.Add("e\u0301e\u0301e\u0301e\u0301 ））））", 3)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 4 || width > 200 {
			return
		}
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || r == '\uFFFD' || !unicode.IsPrint(r) && r != ' ' {
				return -1 // the notice refuses control characters before layout
			}
			return r
		}, s)
		out := string(textwrap.Append(nil, s, width, "- ", "  "))
		if out == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("Append(%q) wrote nothing", s)
			}
			return
		}
		checkLayout(t, s, out, width, "- ", "  ")
	})
}
