package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// The program as run: it serves on the address given, and stops cleanly
// when its context ends (as on SIGINT or SIGTERM).
func TestRunServesAndShutsDown(t *testing.T) {
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-rate", "20", "-burst", "5"}, slog.New(slog.NewTextHandler(&logs, nil)))
	}()

	serving := regexp.MustCompile(`msg=serving url=(http://\S+)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; {
		if m := serving.FindStringSubmatch(logs.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("the portal did not start:\n%s", logs.String())
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}

	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET /: status %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after shutdown: %v", err)
		}
	case <-time.After(shutdownTimeout + 5*time.Second):
		t.Fatal("run did not return after its context ended")
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, args := range [][]string{
		{"-rate", "0"},
		{"-rate", "-1"},
		{"-burst", "0"},
		{"-addr", "127.0.0.1:99999"},
		{"-nonsense"},
		{"extra"},
	} {
		err := run(context.Background(), args, discard)
		if err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
		if errors.Is(err, flag.ErrHelp) {
			t.Errorf("run(%q): %v", args, err)
		}
	}
}
