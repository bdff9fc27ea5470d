// Command thaigen writes the Thai word list that package textwrap embeds,
// thai_words.txt.gz, from the dictionary trie that Debian's libthai-data
// package ships (/usr/share/libthai/thbrk.tri, in libdatrie's file
// format): every key of the trie, sorted, one a line, gzipped. Run it from
// the repository root:
//
//	go run ./internal/textwrap/internal/thaigen /usr/share/libthai/thbrk.tri internal/textwrap/thai_words.txt.gz
//
// The file format, all integers big-endian: an alpha map (signature
// 0xD9FCD9FC, a count of ranges, each range's first and last code point;
// the code points of the ranges, in order, are trie characters 1, 2, ...,
// and 0 ends a key), a double array (signature 0xDAFCDAFC and the number of
// cells in cell 0, then each cell's base and check; the root is cell 2; a
// negative base -k points to tail block k-1), and the tails (signature
// 0xDFFCDFFC, the first free block, the number of blocks, then each block's
// next free block, data, and a 16-bit length with that many trie
// characters of the key's suffix).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: thaigen thbrk.tri out.txt.gz")
		os.Exit(2)
	}
	words, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "thaigen:", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for _, w := range words {
		zw.Write([]byte(w + "\n"))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[2], buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "thaigen:", err)
		os.Exit(1)
	}
	fmt.Println(len(words), "words")
}

func read(path string) (words []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if recover() != nil {
			err = errors.New(path + ": truncated")
		}
	}()
	off := 0
	i32 := func() int32 { v := int32(binary.BigEndian.Uint32(data[off:])); off += 4; return v }
	if uint32(i32()) != 0xd9fcd9fc {
		return nil, errors.New(path + ": no alpha map")
	}
	toRune := []rune{0} // by trie character; 0 ends a key
	for n := i32(); n > 0; n-- {
		first, last := i32(), i32()
		for c := first; c <= last; c++ {
			toRune = append(toRune, rune(c))
		}
	}
	if uint32(i32()) != 0xdafcdafc {
		return nil, errors.New(path + ": no double array")
	}
	ncells := int(i32())
	base, check := make([]int32, ncells), make([]int32, ncells)
	for k := 1; k < ncells; k++ {
		base[k], check[k] = i32(), i32()
	}
	if uint32(i32()) != 0xdffcdffc {
		return nil, errors.New(path + ": no tails")
	}
	i32() // the first free block
	tails := make([][]byte, i32())
	for k := range tails {
		i32() // next free block
		i32() // data
		n := int(binary.BigEndian.Uint16(data[off:]))
		off += 2
		tails[k] = data[off : off+n]
		off += n
	}
	var walk func(s int, prefix []rune)
	walk = func(s int, prefix []rune) {
		if base[s] < 0 {
			w := slices.Clone(prefix)
			for _, c := range tails[-base[s]-1] {
				if c == 0 {
					break
				}
				w = append(w, toRune[c])
			}
			words = append(words, string(w))
			return
		}
		for c := range toRune {
			t := int(base[s]) + c
			if t <= 0 || t >= ncells || int(check[t]) != s {
				continue
			}
			if c == 0 {
				words = append(words, string(prefix))
				continue
			}
			walk(t, append(prefix, toRune[c]))
		}
	}
	walk(2, nil)
	slices.Sort(words)
	return slices.Compact(words), nil
}
