package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSend measures mailer send to go-smtp's in-process sink with
// the SQLite ledger: queueing, rendering, submitting and recording 5,000
// synthetic people per iteration, over 1 and 4 connections. It reports
// messages/s and the CPU time per message of the whole process, the
// in-process sink included (so the mailer's own share is lower).
func BenchmarkSend(b *testing.B) {
	const n = 5000
	template := filepath.Join(b.TempDir(), "people.db")
	if code, _, stderr := runCmd(b, nil, "", "import", "-synthetic", strconv.Itoa(n), "-store", template); code != 0 {
		b.Fatalf("import: %s", stderr)
	}
	data, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	for _, conns := range []int{1, 4} {
		b.Run("connections="+strconv.Itoa(conns), func(b *testing.B) {
			sk := newSink(b, nil)
			sk.discard = true
			b.ReportAllocs()
			var sent int64
			var elapsed, cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "people.db")
				if err := os.WriteFile(db, data, 0o644); err != nil {
					b.Fatal(err)
				}
				before := sk.n.Load()
				cpu0 := cpuTime()
				start := time.Now()
				b.StartTimer()
				cfg, err := parseFlags([]string{"send", "-store", db, "-relay", "smtp://" + sk.addr, "-insecure-plaintext", "-connections", strconv.Itoa(conns)})
				if err != nil {
					b.Fatal(err)
				}
				cfg.stdout, cfg.stderr, cfg.now, cfg.getenv = io.Discard, io.Discard, time.Now, func(string) string { return "" }
				if _, err := runJob(b.Context(), cfg); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				elapsed += time.Since(start)
				cpu += cpuTime() - cpu0
				sent += sk.n.Load() - before
				b.StartTimer()
			}
			b.ReportMetric(float64(sent)/elapsed.Seconds(), "messages/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(sent), "cpu-µs/msg")
		})
	}
}

// cpuTime is the CPU time, user and system, of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
