package main

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestLimiterBurstRefusalRefill(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(rate.Every(6*time.Second), 5, 100)
	for i := range 5 {
		if !l.allow("a", clock.Now()) {
			t.Fatalf("lookup %d of the burst refused", i+1)
		}
	}
	if l.allow("a", clock.Now()) {
		t.Fatal("lookup after the burst allowed")
	}
	if !l.allow("b", clock.Now()) {
		t.Error("another client was refused")
	}
	clock.Advance(5 * time.Second)
	if l.allow("a", clock.Now()) {
		t.Error("allowed before a token was refilled")
	}
	clock.Advance(1 * time.Second)
	if !l.allow("a", clock.Now()) {
		t.Error("refused after a token was refilled")
	}
	if l.allow("a", clock.Now()) {
		t.Error("allowed two after one token was refilled")
	}
}

// A client idle until its bucket is full again is forgotten, which costs it
// nothing: it comes back to a full bucket either way.
func TestLimiterForgetsIdleClients(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(rate.Every(6*time.Second), 5, 100) // full again after 30 s
	for i := range 50 {
		l.allow(strconv.Itoa(i), clock.Now())
	}
	if n := l.len(); n != 50 {
		t.Fatalf("%d clients tracked, want 50", n)
	}
	clock.Advance(29 * time.Second)
	l.allow("late", clock.Now())
	if n := l.len(); n != 51 {
		t.Errorf("%d clients tracked before they were idle, want 51", n)
	}
	clock.Advance(1 * time.Second)
	l.allow("late", clock.Now())
	if n := l.len(); n != 1 {
		t.Errorf("%d clients tracked after 50 went idle, want 1", n)
	}

	// A spent client that is forgotten comes back to a full bucket, as it
	// would have if remembered.
	for range 5 {
		l.allow("spent", clock.Now())
	}
	clock.Advance(30 * time.Second)
	l.allow("other", clock.Now())
	for i := range 5 {
		if !l.allow("spent", clock.Now()) {
			t.Fatalf("lookup %d refused after a full refill", i+1)
		}
	}
}

// However many clients come, the table holds at most max; the least
// recently seen make room.
func TestLimiterMemoryBound(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(rate.Every(time.Minute), 5, 1000)
	for i := range 100_000 {
		l.allow(fmt.Sprintf("client-%d", i), clock.Now())
		if i%1000 == 0 {
			clock.Advance(time.Millisecond)
		}
	}
	if n := l.len(); n != 1000 {
		t.Errorf("%d clients tracked, want the bound of 1000", n)
	}
	if len(l.clients) != l.recent.Len() {
		t.Errorf("map holds %d, list %d", len(l.clients), l.recent.Len())
	}

	// Recently seen clients are kept; the least recently seen goes.
	l = newLimiter(rate.Every(time.Minute), 2, 3)
	for _, c := range []string{"a", "b", "c", "a", "a"} { // a is spent
		l.allow(c, clock.Now())
	}
	l.allow("d", clock.Now()) // evicts b, the least recently seen
	if l.allow("a", clock.Now()) {
		t.Error("a was forgotten: its spent bucket was reset")
	}
	if _, ok := l.clients["b"]; ok {
		t.Error("b, the least recently seen, was kept")
	}
}

func TestClientKey(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"192.0.2.10:4321", "192.0.2.10"},
		{"192.0.2.10:1", "192.0.2.10"},
		{"[::ffff:192.0.2.10]:4321", "192.0.2.10"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff:ffff:ffff:ffff]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:3::1]:443", "2001:db8:1:3::/64"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"@", "@"},
		{"", ""},
	} {
		if got := clientKey(tc.remote); got != tc.want {
			t.Errorf("clientKey(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
}

// The limit as a client meets it: a burst of lookups, then a translated
// 429 page, then lookups again once the bucket refills. It counts only
// lookups: the form and the stylesheet are never limited.
func TestRateLimitedLookups(t *testing.T) {
	clock := newFakeClock()
	cfg := testConfig(t)
	cfg.Rate, cfg.Burst, cfg.Now = rate.Every(6*time.Second), 5, clock.Now
	h := newTestHandler(t, cfg)
	yamada := samplePassenger(t, "P000004")
	form := pair(yamada.Membership, yamada.FamilyName)

	for i := range 5 {
		if resp := lookup(h, testClient, "ja", form); resp.StatusCode != http.StatusOK {
			t.Fatalf("lookup %d: status %d, want 200", i+1, resp.StatusCode)
		}
	}
	for _, acceptLanguage := range []string{"ja", "ko"} {
		resp := lookup(h, testClient, acceptLanguage, form)
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429", resp.StatusCode)
		}
		if got := resp.Header.Get("Retry-After"); got != "6" {
			t.Errorf("Retry-After %q, want 6", got)
		}
		doc := parsePage(t, readBody(t, resp))
		if rootLang(doc) != acceptLanguage {
			t.Errorf("429 page in %q, want %q", rootLang(doc), acceptLanguage)
		}
		if msgs := withClass(doc, "portal-message"); len(msgs) != 1 || text(msgs[0]) != testWording(t, acceptLanguage).TooMany {
			t.Error("want the translated rate-limit message")
		}
		if noticeArticle(t, doc) != nil {
			t.Error("a refused lookup showed a notice")
		}
	}
	if resp := get(h, "/", "ja"); resp.StatusCode != http.StatusOK {
		t.Errorf("the form: status %d, want 200", resp.StatusCode)
	}
	if resp := get(h, "/style.css", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("the stylesheet: status %d, want 200", resp.StatusCode)
	}
	// Another client, and another IPv6 /64, are not limited by this one.
	if resp := lookup(h, "198.51.100.7:5555", "ja", form); resp.StatusCode != http.StatusOK {
		t.Errorf("another client: status %d, want 200", resp.StatusCode)
	}
	// The limiter's language is the one chosen in the form too.
	chosen := pair(yamada.Membership, yamada.FamilyName)
	chosen.Set("lang", "zh-Hant-HK")
	if doc := parsePage(t, readBody(t, lookup(h, testClient, "ja", chosen))); rootLang(doc) != "zh-Hant-HK" {
		t.Errorf("429 page in %q, want the chosen zh-Hant-HK", rootLang(doc))
	}

	clock.Advance(6 * time.Second)
	if resp := lookup(h, testClient, "ja", form); resp.StatusCode != http.StatusOK {
		t.Errorf("after a refill: status %d, want 200", resp.StatusCode)
	}
	if resp := lookup(h, testClient, "ja", form); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after one refill, a second lookup: status %d, want 429", resp.StatusCode)
	}
}

func TestRateLimitIPv6Prefix(t *testing.T) {
	cfg := testConfig(t)
	cfg.Burst, cfg.Now = 5, newFakeClock().Now
	h := newTestHandler(t, cfg)
	form := pair("1", "x")
	for i := range 5 {
		remote := fmt.Sprintf("[2001:db8:0:1::%x]:443", i+1) // five addresses, one /64
		if resp := lookup(h, remote, "", form); resp.StatusCode != http.StatusOK {
			t.Fatalf("lookup %d: status %d", i+1, resp.StatusCode)
		}
	}
	if resp := lookup(h, "[2001:db8:0:1:abcd::1]:443", "", form); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a sixth address in the /64: status %d, want 429", resp.StatusCode)
	}
	if resp := lookup(h, "[2001:db8:0:2::1]:443", "", form); resp.StatusCode != http.StatusOK {
		t.Errorf("another /64: status %d, want 200", resp.StatusCode)
	}
}

// Under the race detector: many clients at once keep the table's bound and
// its map and list in step.
func TestLimiterConcurrent(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(rate.Every(time.Second), 5, 64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				l.allow(fmt.Sprintf("%d-%d", g, i%200), clock.Now())
				if i%500 == 0 {
					clock.Advance(time.Second)
				}
			}
		})
	}
	wg.Wait()
	if n := l.len(); n > 64 || n != l.recent.Len() {
		t.Errorf("%d clients in the map, %d in the list, bound 64", n, l.recent.Len())
	}
}
