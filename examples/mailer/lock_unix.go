//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lock is an advisory lock on a file, held by this process until released
// or until it exits (the kernel drops it then, so a crash leaves no stale
// lock behind).
type lock struct{ f *os.File }

// takeLock locks path, creating it, or says that another run holds it.
func takeLock(path string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another run of the mailer is using it (%s is locked); wait for it to end", path)
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return &lock{f: f}, nil
}

func (l *lock) release() {
	if l != nil {
		l.f.Close() // closing drops the lock
	}
}
