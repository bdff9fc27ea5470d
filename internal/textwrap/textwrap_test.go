package textwrap_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

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
		{"number stays with its counter", "一二三、2018年", 12, "", "",
			[]string{"一二三、", "2018年"}},
		{"number stays with the word before it", "一二三四約400名", 12, "", "",
			[]string{"一二三四", "約400名"}},
		{"myriad unit stays with its counter", "一二三四五240万名", 14, "", "",
			[]string{"一二三四", "五240万名"}},
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
	f.Add(thaiText, 9)
	f.Add("ๆๆๆ่่่ะะะเเเ ขอบคุณ", 4)
	f.Add("Kính gửi Quý khách Nguyễn Thị Ánh,", 7)
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

func TestThaiWords(t *testing.T) {
	for _, tc := range []struct {
		run  string
		want []string
	}{
		{"การละเมิดข้อมูลส่วนบุคคล", []string{"การ", "ละเมิด", "ข้อมูล", "ส่วน", "บุคคล"}},
		{"กรุณาเปลี่ยนรหัสผ่านของบัญชีทันที", []string{"กรุณา", "เปลี่ยน", "รหัส", "ผ่าน", "ของ", "บัญชี", "ทันที"}},
		{"คาเธ่ย์แปซิฟิค", []string{"คาเธ่ย์", "แปซิฟิค"}},
		// A word the dictionary lacks falls back to clusters; a silenced
		// consonant (ร์) stays in its syllable.
		{"ทูแฟกเตอร์", []string{"ทู", "แฟ", "ก", "เต", "อร์"}},
		{"", []string{""}},
	} {
		if diff := cmp.Diff(tc.want, textwrap.ThaiWords(tc.run)); diff != "" {
			t.Errorf("ThaiWords(%q) mismatch (-want +got):\n%s", tc.run, diff)
		}
	}
}

// thaiText is Thai as a notice writes it: spaces between phrases, none
// between words.
const thaiText = "เราขอแจ้งให้ท่านทราบเกี่ยวกับเหตุการณ์ด้านความปลอดภัยของข้อมูล ซึ่งเกี่ยวข้องกับข้อมูลส่วนบุคคลบางส่วนของท่าน เราขออภัยอย่างสุดซึ้งต่อความกังวลที่เกิดขึ้น กรุณาเปลี่ยนรหัสผ่านของบัญชีทันที และตรวจสอบรายการเดินบัญชีของท่าน"

// TestThaiLines: at every width, Thai lines break only between the words
// that segmentation finds, never before a combining mark or a following
// vowel, and the lines joined give the text back.
func TestThaiLines(t *testing.T) {
	// The places a line may end inside a run of Thai: word boundaries.
	words := map[int]bool{}
	off, widest := 0, 0
	for _, phrase := range strings.Split(thaiText, " ") {
		for _, w := range textwrap.ThaiWords(phrase) {
			off += len(w)
			words[off] = true
			widest = max(widest, textwrap.Width(w))
		}
		off++ // the space
	}
	// From the width where the widest word fits on a line with the prefix
	// (a wider word is broken hard, as a long Latin word is).
	for width := widest + 2; width <= 76; width++ {
		out := string(textwrap.Append(nil, thaiText, width, "- ", "  "))
		checkLayout(t, thaiText, out, width, "- ", "  ")
		pos := 0
		for i, line := range lines(out) {
			line = line[2:]
			r, _ := utf8.DecodeRuneInString(line)
			if unicode.Is(unicode.Mn, r) || strings.ContainsRune("ะาำๅๆฯ", r) {
				t.Fatalf("width %d: line %d %q starts with %q", width, i, line, r)
			}
			for pos < len(thaiText) && thaiText[pos] == ' ' {
				pos++
			}
			if !strings.HasPrefix(thaiText[pos:], line) {
				t.Fatalf("width %d: line %d %q is not the text at %d", width, i, line, pos)
			}
			pos += len(line)
			if pos < len(thaiText) && thaiText[pos] != ' ' && !words[pos] {
				t.Fatalf("width %d: line %d %q ends inside a word", width, i, line)
			}
		}
		if pos != len(thaiText) {
			t.Fatalf("width %d: the lines hold %d of %d bytes", width, pos, len(thaiText))
		}
	}
}

// TestVietnameseMarksStay: NFC Vietnamese, and the same text decomposed,
// never start a line with a combining mark, and a base with its marks is
// one column.
func TestVietnameseMarksStay(t *testing.T) {
	nfc := "Chúng tôi thành thật xin lỗi vì sự lo lắng mà việc này gây ra cho Quý khách."
	nfd := norm.NFD.String(nfc)
	if a, b := textwrap.Width(nfc), textwrap.Width(nfd); a != b || a != utf8.RuneCountInString(nfc) {
		t.Errorf("Width NFC %d, NFD %d, want both %d", a, b, utf8.RuneCountInString(nfc))
	}
	for _, s := range []string{nfc, nfd} {
		for width := 4; width <= 40; width++ {
			out := string(textwrap.Append(nil, s, width, "", ""))
			checkLayout(t, s, out, width, "", "")
			for i, line := range lines(out) {
				if r, _ := utf8.DecodeRuneInString(line); unicode.Is(unicode.Mn, r) {
					t.Fatalf("width %d: line %d %q starts with a combining mark", width, i, line)
				}
			}
		}
	}
}
