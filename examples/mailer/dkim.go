package main

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/emersion/go-msgauth/dkim"
)

// signer signs messages with DKIM (RFC 6376), for relays that do not.
// It signs the fields a reader sees and the ledger names (From, To,
// Subject, Date, Message-ID and the MIME fields), Auto-Submitted, and
// Feedback-ID (Gmail reads it only when a DKIM signature covers it),
// relaxed/relaxed, so that the digest in the ledger is that of the signed
// bytes a receiver verifies. Every part is 7-bit (appendPart), as RFC
// 6376 s. 5.3 advises a signer, so no relay re-encodes what is signed.
type signer struct {
	opts dkim.SignOptions
}

var dkimFields = []string{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Language", "Auto-Submitted", "Feedback-ID", "Content-Type"}

func newSigner(c *sendConfig, env envelope) (*signer, error) {
	data, err := os.ReadFile(c.dkimKey)
	if err != nil {
		return nil, usageError{fmt.Errorf("-dkim-key: %w", err)}
	}
	key, err := parseKey(data)
	if err != nil {
		return nil, usageError{fmt.Errorf("-dkim-key %s: %w", c.dkimKey, err)}
	}
	domain := c.dkimDomain
	if domain == "" {
		domain = env.domain
	}
	s := &signer{opts: dkim.SignOptions{Domain: domain, Selector: c.dkimSelector, Signer: key,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed, BodyCanonicalization: dkim.CanonicalizationRelaxed,
		HeaderKeys: dkimFields}}
	if _, err := s.sign([]byte("From: a@b.c\r\n\r\n")); err != nil {
		return nil, usageError{fmt.Errorf("-dkim-key %s: %w", c.dkimKey, err)}
	}
	return s, nil
}

// parseKey reads an RSA or Ed25519 private key in PEM (PKCS #1 or #8).
func parseKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T cannot sign", k)
	}
	return s, nil
}

// sign returns the message with its DKIM-Signature field first.
func (s *signer) sign(msg []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(msg) + 600)
	if err := dkim.Sign(&out, bytes.NewReader(msg), &s.opts); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
