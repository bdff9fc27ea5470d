package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// outDir is the folder a run writes its messages to. A run takes it for
// itself (a lock), refuses a folder that holds files of another incident
// or files it did not write, and lists what it wrote.
type outDir struct {
	dir  string
	lock *lock
	list *os.File
	bw   *bufio.Writer
}

// The files a run keeps in its folder beside the messages.
const (
	tempPattern = ".breachkit-*.tmp"      // a message being written
	markerName  = ".breachkit-incident"   // the incident whose messages these are
	lockName    = ".breachkit.lock"       // held while a run writes
	listName    = "breachkit-written.txt" // what the last run wrote, one file a line
)

// openOutDir prepares dir for a run of incident: created if missing,
// locked, checked, and cleared of the temporary files an interrupted run
// left. Every failure here is the run's (exit 1), not the command line's:
// the path was well formed, the filesystem said no.
func openOutDir(dir, incident string) (_ *outDir, err error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("-out %s is a file, not a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	l, err := takeLock(filepath.Join(dir, lockName))
	if err != nil {
		return nil, fmt.Errorf("-out %s: %w", dir, err)
	}
	o := &outDir{dir: dir, lock: l}
	defer func() {
		if err != nil {
			o.close()
		}
	}()
	if err := o.claim(incident); err != nil {
		return nil, err
	}
	stale, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return nil, err
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			return nil, err
		}
	}
	if o.list, err = os.Create(o.listPath()); err != nil {
		return nil, err
	}
	o.bw = bufio.NewWriter(o.list)
	fmt.Fprintf(o.bw, "# messages of incident %s written by the last run of the mailer into this folder\n", incident)
	return o, nil
}

// claim checks that the folder is empty or holds only what runs of this
// incident wrote, and marks it as this incident's.
func (o *outDir) claim(incident string) error {
	marker := filepath.Join(o.dir, markerName)
	data, err := os.ReadFile(marker)
	switch {
	case err == nil && strings.TrimSpace(string(data)) == incident:
		return nil
	case err == nil:
		return fmt.Errorf("-out %s holds the messages of incident %q, not %q: give an empty folder", o.dir, strings.TrimSpace(string(data)), incident)
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != lockName {
			return fmt.Errorf("-out %s is not empty (it holds %s) and no run of the mailer wrote it: give an empty folder", o.dir, e.Name())
		}
	}
	return os.WriteFile(marker, []byte(incident+"\n"), 0o644)
}

func (o *outDir) listPath() string { return filepath.Join(o.dir, listName) }

// listed records a file the run wrote. It is not safe for concurrent use:
// write calls it from its one reporter goroutine, in id order; letters
// from its printers under their lock, in the order batches finish.
func (o *outDir) listed(name string) { fmt.Fprintln(o.bw, name) }

// finish completes the list.
func (o *outDir) finish() error {
	if err := o.bw.Flush(); err != nil {
		return err
	}
	return o.list.Sync()
}

func (o *outDir) close() {
	if o.list != nil {
		o.list.Close()
	}
	o.lock.release()
}
