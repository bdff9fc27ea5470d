package main

import (
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the address of the client of r, as "host:port" for
// clientKey. It is the connection's address, unless the connection comes
// from a trusted proxy (a load balancer named with -trusted-proxy): then it
// is the address the proxies recorded in X-Forwarded-For, read from the
// right and skipping the trusted proxies themselves, since only the last
// entries were written by proxies we trust; anything to their left may be
// the client's own invention. A header that does not parse, or that names
// only trusted proxies, leaves the connection's address: a client can
// never choose its own address, only lose its proxy's.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	if len(trusted) == 0 {
		return r.RemoteAddr
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !isTrusted(ap.Addr().Unmap(), trusted) {
		return r.RemoteAddr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return r.RemoteAddr
		}
		a = a.Unmap().WithZone("")
		if !isTrusted(a, trusted) {
			return netip.AddrPortFrom(a, 0).String()
		}
	}
	return r.RemoteAddr
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseProxies reads -trusted-proxy: CIDRs separated by commas
// ("10.0.0.0/8,2001:db8::/32"); a bare address is its own /32 or /128.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, err
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
