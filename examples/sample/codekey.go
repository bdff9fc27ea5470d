package sample

import (
	"bytes"
	"fmt"
	"os"

	"github.com/breachkit/breachkit/notice"
)

// SampleCodeKey is the verification code key of the samples: it is in the
// source for everyone to read, so the codes it gives prove nothing. It
// lets the sample commands (notify, the portal without -store) run without
// setup; a real incident's key comes from the environment or a file.
const SampleCodeKey = "breachkit SAMPLE verification code key - not a secret, do not use for real notices"

// CodeKeyEnv names the environment variable that holds the verification
// code key, when no key file is given.
const CodeKeyEnv = "BREACHKIT_CODE_KEY"

// LoadCodeKey returns the organisation's verification code key
// ([notice.DeriveCode]): the contents of file if it is not empty (without
// a final newline), else the environment variable [CodeKeyEnv], else, if
// allowSample, [SampleCodeKey] with sampleKey true. A key shorter than
// [notice.MinCodeKeyLen] bytes is refused.
func LoadCodeKey(file string, getenv func(string) string, allowSample bool) (key []byte, sampleKey bool, err error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	switch {
	case file != "":
		key, err = os.ReadFile(file)
		if err != nil {
			return nil, false, fmt.Errorf("verification code key: %w", err)
		}
		key = bytes.TrimRight(key, "\r\n")
	case getenv(CodeKeyEnv) != "":
		key = []byte(getenv(CodeKeyEnv))
	case allowSample:
		return []byte(SampleCodeKey), true, nil
	default:
		return nil, false, fmt.Errorf("no verification code key: give a key file or set %s", CodeKeyEnv)
	}
	if len(key) < notice.MinCodeKeyLen {
		return nil, false, fmt.Errorf("verification code key of %d bytes: at least %d, best 32 random bytes", len(key), notice.MinCodeKeyLen)
	}
	return key, false, nil
}
