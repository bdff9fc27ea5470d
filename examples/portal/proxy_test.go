package main

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientAddr(t *testing.T) {
	proxies, err := parseProxies("10.0.0.0/8, 2001:db8::/32,192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"no proxy, a forged header", "198.51.100.1:5000", []string{"203.0.113.9"}, "198.51.100.1:5000"},
		{"no proxy, no header", "198.51.100.1:5000", nil, "198.51.100.1:5000"},
		{"trusted proxy", "10.1.2.3:443", []string{"203.0.113.9"}, "203.0.113.9:0"},
		{"a single trusted address", "192.0.2.7:443", []string{"203.0.113.9"}, "203.0.113.9:0"},
		{"the address next to it is not trusted", "192.0.2.8:443", []string{"203.0.113.9"}, "192.0.2.8:443"},
		{"trusted proxy, the client forged entries to the left", "10.1.2.3:443", []string{"1.1.1.1, 203.0.113.9"}, "203.0.113.9:0"},
		{"two trusted proxies", "10.1.2.3:443", []string{"203.0.113.9, 10.9.9.9"}, "203.0.113.9:0"},
		{"two headers are one list", "10.1.2.3:443", []string{"1.1.1.1", "203.0.113.9"}, "203.0.113.9:0"},
		{"IPv6 proxy and client", "[2001:db8::1]:443", []string{"2001:db8:ffff::1, 2a00:1450::5"}, "[2a00:1450::5]:0"},
		{"garbage keeps the proxy's address", "10.1.2.3:443", []string{"not-an-address"}, "10.1.2.3:443"},
		{"garbage on the right", "10.1.2.3:443", []string{"203.0.113.9, x"}, "10.1.2.3:443"},
		{"no header from the proxy", "10.1.2.3:443", nil, "10.1.2.3:443"},
		{"only proxies", "10.1.2.3:443", []string{"10.4.4.4"}, "10.1.2.3:443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/lookup", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r, proxies); got != tc.want {
				t.Errorf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}
	r := httptest.NewRequest("POST", "/lookup", nil)
	r.RemoteAddr = "10.1.2.3:443"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := clientAddr(r, nil); got != "10.1.2.3:443" {
		t.Errorf("without -trusted-proxy the header counted: %q", got)
	}
}

// TestTrustedProxyLimitsEachClient: behind a trusted balancer, each client
// has its own limit; a client that forges X-Forwarded-For straight to the
// portal does not escape its own.
func TestTrustedProxyLimitsEachClient(t *testing.T) {
	cfg := testConfig(t)
	cfg.Burst = 2
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	h := newTestHandler(t, cfg)
	post := func(remote, xff string) int {
		r := httptest.NewRequest("POST", "/lookup", strings.NewReader(pair("1", "x").Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = remote
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for i := range 2 {
		if code := post("10.0.0.1:443", "203.0.113.1"); code != 200 {
			t.Fatalf("client 1, lookup %d: %d", i, code)
		}
	}
	if code := post("10.0.0.1:443", "203.0.113.1"); code != 429 {
		t.Errorf("client 1 past its burst: %d, want 429", code)
	}
	if code := post("10.0.0.1:443", "203.0.113.2"); code != 200 {
		t.Errorf("client 2 behind the same balancer: %d, want 200", code)
	}
	for range 2 {
		post("198.51.100.5:1000", "203.0.113.100")
	}
	if code := post("198.51.100.5:1000", "203.0.113.101"); code != 429 {
		t.Errorf("a forged header from an untrusted client escaped its limit: %d, want 429", code)
	}
}
