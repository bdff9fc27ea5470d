package main

import "hash/maphash"

// idSet remembers the passenger ids of a run, to refuse a repeated one. At
// breach scale it is the one structure that grows with the input, so it
// keeps 8 bytes per id: a 64-bit hash in an open-addressing table, split in
// shards so that growing one shard never copies the whole set. Two
// different ids share a hash with a probability of about n²/2^65 (some
// 2 in a million for 9.4 million ids); such a passenger would be reported
// as a repeat, never silently dropped.
//
// An idSet is not safe for concurrent use: the pipeline's sequencer, which
// sees passengers in line order, owns it.
type idSet struct {
	seed   maphash.Seed
	shards [256]idShard
}

type idShard struct {
	slots []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	n     int
}

func newIDSet() *idSet { return &idSet{seed: maphash.MakeSeed()} }

// add records id and reports whether it was new.
func (s *idSet) add(id string) bool {
	h := maphash.String(s.seed, id)
	if h == 0 {
		h = 1
	}
	return s.shards[h>>56].add(h)
}

func (sh *idShard) add(h uint64) bool {
	if sh.n+1 > len(sh.slots)*3/4 {
		sh.grow()
	}
	mask := uint64(len(sh.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch sh.slots[i] {
		case h:
			return false
		case 0:
			sh.slots[i] = h
			sh.n++
			return true
		}
	}
}

func (sh *idShard) grow() {
	old := sh.slots
	sh.slots = make([]uint64, max(64, 2*len(old)))
	sh.n = 0
	for _, h := range old {
		if h != 0 {
			sh.add(h)
		}
	}
}
