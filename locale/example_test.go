package locale_test

import (
	"fmt"
	"testing/fstest"
	"time"

	"github.com/breachkit/breachkit/locale"
	"golang.org/x/text/language"
)

func ExampleNegotiate() {
	for _, header := range []string{
		"zh-HK,zh;q=0.9,en-US;q=0.8,en;q=0.7", // Hong Kong
		"zh-MO,zh;q=0.9",                      // Macau: Traditional, never Simplified
		"zh-CN,zh;q=0.9",                      // mainland China
		"es-ES,es;q=0.9,ja;q=0.8,en;q=0.7",    // Spanish first, which we lack
		"de-CH,de;q=0.9",                      // Swiss German reads German
		"xx-!!, ja",                           // a malformed entry is skipped
		"en-XA",                               // the pseudo-locale is never negotiated
	} {
		fmt.Println(locale.Negotiate(header))
	}
	// Output:
	// zh-Hant-HK
	// zh-Hant-HK
	// zh-Hans
	// ja
	// de
	// ja
	// en
}

func ExampleNegotiatePreferences() {
	fmt.Println(locale.NegotiatePreferences("zh_TW"))
	fmt.Println(locale.NegotiatePreferences("pt-BR", "ZH-hk"))
	fmt.Println(locale.NegotiatePreferences("yue"))
	fmt.Println(locale.NegotiatePreferences("es", "it"))
	fmt.Println(locale.NegotiatePreferences("in-ID"))
	// Output:
	// zh-Hant
	// zh-Hant-HK
	// zh-Hant-HK
	// en
	// id
}

func ExampleExact() {
	for _, s := range []string{"zh_hant_hk", "en-XA", "zh-HK"} {
		tag, err := locale.Exact(s)
		fmt.Println(tag, err)
	}
	// Output:
	// zh-Hant-HK <nil>
	// en-XA <nil>
	// und locale: unsupported language: "zh-HK" is not one of en, ja, zh-Hant-HK, zh-Hant, zh-Hans, ko, de, fr, vi, id, th, en-XA
}

func ExampleFallback() {
	for tag, ok := locale.ChineseHK, true; ok; tag, ok = locale.Fallback(tag) {
		fmt.Println(tag)
	}
	// Output:
	// zh-Hant-HK
	// zh-Hant
	// en
}

// catalogFS stands for the files a package embeds with //go:embed.
func catalogFS() fstest.MapFS {
	return fstest.MapFS{
		"en.json": {Data: []byte(`{
		"greeting": "Dear {name},",
		"notified": "We wrote to you on {date}."
	}`)},
		"zh-Hant.json": {Data: []byte(`{
		"greeting": "{name} 您好：",
		"notified": "我們已於{date}通知您。"
	}`)},
		"zh-Hant-HK.json": {Data: []byte(`{
		"greeting": "{name} 你好："
	}`)},
		"ja.json": {Data: []byte(`{
		"greeting": "{name} 様"
	}`)},
	}
}

func ExampleCatalog_Lookup() {
	c, err := locale.Load(catalogFS())
	if err != nil {
		panic(err)
	}
	for _, q := range []struct {
		tag language.Tag
		id  string
	}{
		{locale.ChineseHK, "greeting"}, // Hong Kong's own text
		{locale.ChineseHK, "notified"}, // falls back to Taiwan's Traditional text
		{locale.Japanese, "notified"},  // falls back to English
		{locale.Pseudo, "greeting"},    // generated from English
	} {
		m, from, ok := c.Lookup(q.tag, q.id)
		if !ok {
			continue
		}
		text, err := m.Format(locale.Arg{Name: "name", Value: "陳大文"}, locale.Arg{Name: "date", Value: "2018年10月25日"})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-10v %-8s from %-7v fell back: %-5v %s\n", q.tag, q.id, from, from != q.tag, text)
	}
	// Output:
	// zh-Hant-HK greeting from zh-Hant-HK fell back: false 陳大文 你好：
	// zh-Hant-HK notified from zh-Hant fell back: true  我們已於2018年10月25日通知您。
	// ja         notified from en      fell back: true  We wrote to you on 2018年10月25日.
	// en-XA      greeting from en-XA   fell back: false [Ðéåŕ 陳大文, ···]
}

func ExampleMessage_Append() {
	c, err := locale.Load(catalogFS())
	if err != nil {
		panic(err)
	}
	m, _, _ := c.Lookup(locale.English, "notified")
	buf, err := m.Append(nil, locale.Arg{Name: "date", Value: locale.FormatDate(locale.English, locale.Day(2018, time.October, 25))})
	fmt.Printf("%s %v\n", buf, err)
	_, err = m.Append(nil)
	fmt.Println(err)
	// Output:
	// We wrote to you on 25 October 2018. <nil>
	// locale: placeholder without a value: {date} in message "notified"
}

func ExampleCatalog_Check() {
	c, err := locale.Load(catalogFS())
	if err != nil {
		panic(err)
	}
	for _, p := range c.Check() {
		fmt.Println(p)
	}
	// Output:
	// ja: "notified": missing
	// zh-Hans: "greeting": missing
	// zh-Hans: "notified": missing
	// ko: "greeting": missing
	// ko: "notified": missing
	// de: "greeting": missing
	// de: "notified": missing
	// fr: "greeting": missing
	// fr: "notified": missing
	// vi: "greeting": missing
	// vi: "notified": missing
	// id: "greeting": missing
	// id: "notified": missing
	// th: "greeting": missing
	// th: "notified": missing
}

func ExampleFormatDate() {
	sent := locale.Day(2018, time.October, 25)
	last := locale.Month(2018, time.November, locale.Early)
	for _, tag := range locale.Supported() {
		fmt.Printf("%-10v %s / %s\n", tag, locale.FormatDate(tag, sent), locale.FormatDate(tag, last))
	}
	// Output:
	// en         25 October 2018 / early November 2018
	// ja         2018年10月25日 / 2018年11月上旬
	// zh-Hant-HK 2018年10月25日 / 2018年11月上旬
	// zh-Hant    2018年10月25日 / 2018年11月上旬
	// zh-Hans    2018年10月25日 / 2018年11月上旬
	// ko         2018년 10월 25일 / 2018년 11월 초
	// de         25. Oktober 2018 / Anfang November 2018
	// fr         25 octobre 2018 / début novembre 2018
	// vi         ngày 25 tháng 10 năm 2018 / đầu tháng 11 năm 2018
	// id         25 Oktober 2018 / awal November 2018
	// th         25 ตุลาคม 2561 / ต้นเดือนพฤศจิกายน 2561
	// en-XA      [25 Öçţöƀéŕ 2018 ······] / [éåŕļý Ñöṽéɱƀéŕ 2018 ·······]
}

func ExampleFormatCount() {
	fmt.Println(locale.FormatCount(locale.English, 9400000))
	fmt.Println(locale.FormatCount(locale.Japanese, 9400000))
	fmt.Println(locale.FormatCount(locale.Korean, 9400000))
	fmt.Println(locale.FormatCount(locale.Japanese, 48200))
	fmt.Println(locale.FormatCount(locale.German, 9400000))
	// Output:
	// 9,400,000
	// 940万
	// 940만
	// 48,200
	// 9.400.000
}
