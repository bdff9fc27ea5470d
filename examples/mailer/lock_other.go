//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
)

// lock is a lock file created exclusively; where flock is not available a
// crash can leave it behind, and the message says so.
type lock struct{ path string }

func takeLock(path string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("another run of the mailer is using it (%s exists; remove it if no run is going on)", path)
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	return &lock{path: path}, nil
}

func (l *lock) release() {
	if l != nil {
		os.Remove(l.path)
	}
}
