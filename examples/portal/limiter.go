package main

import (
	"container/list"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter limits lookups per client: a token bucket (rate.Limiter) each, in
// a table of bounded size.
//
// Memory is bounded two ways. A client idle long enough for its bucket to
// fill up again is forgotten: forgetting it loses nothing, since a new
// bucket starts full. And when the table holds max clients, the least
// recently seen is forgotten to make room. That one may lose a partly spent
// bucket, which only matters to someone who controls more addresses than the
// table holds, and such a client is not slowed by a per-address limit anyway.
//
// Both happen inside allow, on a list kept in order of last use, so there is
// no sweeper goroutine to start and stop; the work per call is constant
// amortised. The time is passed in, so tests can run the clock.
type limiter struct {
	rate  rate.Limit
	burst int
	idle  time.Duration // how long a spent bucket takes to fill up
	max   int

	mu      sync.Mutex
	clients map[string]*list.Element // of *client
	recent  list.List                // most recently seen first
}

type client struct {
	key      string
	bucket   *rate.Limiter
	lastSeen time.Time
}

// newLimiter returns a limiter allowing each client burst lookups at once,
// refilled at r per second, tracking at most max clients. r must be positive
// and finite, burst and max at least 1.
func newLimiter(r rate.Limit, burst, max int) *limiter {
	l := &limiter{
		rate:    r,
		burst:   burst,
		idle:    time.Duration(float64(burst) / float64(r) * float64(time.Second)),
		max:     max,
		clients: make(map[string]*list.Element),
	}
	l.recent.Init()
	return l
}

// allow reports whether the client called key may make a lookup at now, and
// takes a token if so.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()

	// Forget clients whose buckets have filled up again.
	for e := l.recent.Back(); e != nil; e = l.recent.Back() {
		c := e.Value.(*client)
		if now.Sub(c.lastSeen) < l.idle {
			break
		}
		l.forget(e)
	}

	e, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= l.max {
			l.forget(l.recent.Back())
		}
		e = l.recent.PushFront(&client{key: key, bucket: rate.NewLimiter(l.rate, l.burst)})
		l.clients[key] = e
	} else {
		l.recent.MoveToFront(e)
	}
	c := e.Value.(*client)
	c.lastSeen = now
	return c.bucket.AllowN(now, 1)
}

func (l *limiter) forget(e *list.Element) {
	delete(l.clients, e.Value.(*client).key)
	l.recent.Remove(e)
}

// len returns the number of clients tracked.
func (l *limiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// clientKey names the client of a request for the limiter, from the
// connection's address (r.RemoteAddr). Headers such as X-Forwarded-For are
// not trusted: anyone can send them. An IPv6 client is its /64, the usual
// smallest network one subscriber is given, since they can use every
// address in it; an IPv4-mapped IPv6 address is its IPv4 address. An address
// that does not parse is used as it is.
func clientKey(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	a := ap.Addr().Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
