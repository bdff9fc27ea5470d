package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"
)

// TestDKIM: with -dkim-key, every message the relay receives carries a
// signature that verifies against the public key, RSA or Ed25519; without
// it, none does. The clock moves an hour at each reading, so that every
// message is dated again (and signed again) as it is handed over. Each
// message is 7-bit, lines within 998 octets: a relay whose next hop lacks
// 8BITMIME has nothing to re-encode (RFC 6152), so the signature survives
// it; the signature covers Feedback-ID and Auto-Submitted, and changing
// one octet of the body breaks it.
func TestDKIM(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	for _, tt := range []struct {
		name string
		key  any
		pub  any
		kind string
	}{
		{"rsa", rsaKey, &rsaKey.PublicKey, "rsa"},
		{"ed25519", edKey, edKey.Public(), "ed25519"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			der, err := x509.MarshalPKCS8PrivateKey(tt.key)
			if err != nil {
				t.Fatal(err)
			}
			keyFile := filepath.Join(t.TempDir(), "dkim.pem")
			os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
			pubDER, err := x509.MarshalPKIXPublicKey(tt.pub)
			if err != nil {
				t.Fatal(err)
			}
			pubText := base64.StdEncoding.EncodeToString(pubDER)
			if tt.kind == "ed25519" {
				pubText = base64.StdEncoding.EncodeToString(tt.pub.(ed25519.PublicKey))
			}
			record := "v=DKIM1; k=" + tt.kind + "; p=" + pubText
			db := importSample(t)
			sk := newSink(t, nil)
			code, _, stderr := runCmdClock(t.Context(), t, steppingClock(time.Hour), nil, "", sendArgs(db, sk, "-dkim-key", keyFile, "-dkim-selector", "notices2018")...)
			if code != 0 {
				t.Fatalf("send: exit %d\n%s", code, stderr)
			}
			ledger := ledgerOf(t, db)
			ids := map[string]string{}
			for id, addr := range sampleEmails(t, db) {
				ids[addr] = id
			}
			n := 0
			verify := func(msg []byte) ([]*dkim.Verification, error) {
				return dkim.VerifyWithOptions(bytes.NewReader(msg), &dkim.VerifyOptions{LookupTXT: func(domain string) ([]string, error) {
					if domain != "notices2018._domainkey.cathaypacific.com" {
						t.Errorf("looked up %s", domain)
					}
					return []string{record}, nil
				}})
			}
			for addr, msgs := range sk.got() {
				msg := msgs[0]
				for i, l := range bytes.Split(msg, []byte("\r\n")) {
					if len(l) > 998 || bytes.IndexFunc(l, func(r rune) bool { return r >= 0x80 || r == '\r' || r == '\n' }) >= 0 {
						t.Errorf("%s: line %d is not 7-bit within 998 octets: %q", addr, i+1, l[:min(len(l), 80)])
					}
				}
				vs, err := verify(msg)
				if err != nil || len(vs) != 1 || vs[0].Err != nil {
					t.Errorf("%s: %v %+v", addr, err, vs)
					continue
				}
				for _, f := range []string{"feedback-id", "auto-submitted", "date", "message-id"} {
					if !containsFold(vs[0].HeaderKeys, f) {
						t.Errorf("%s: the signature does not cover %s (h=%v)", addr, f, vs[0].HeaderKeys)
					}
				}
				tampered := bytes.Clone(msg)
				tampered[len(tampered)-len("--\r\n")-40] ^= 1 // in the last part's body
				if vs, err := verify(tampered); err == nil && len(vs) == 1 && vs[0].Err == nil {
					t.Errorf("%s: a changed body still verifies", addr)
				}
				if !strings.HasPrefix(string(msg), "DKIM-Signature: ") {
					t.Errorf("%s: the signature is not the first field", addr)
				}
				if sum := sha256.Sum256(msg); !bytes.Equal(ledger[ids[addr]+"/email"].Digest, sum[:]) {
					t.Errorf("%s: the ledger's digest is not that of the signed message", addr)
				}
				n++
			}
			if n != 19 {
				t.Errorf("%d messages verified, want 19", n)
			}
		})
	}
	if code, _, stderr := runCmd(t, nil, "", "send", "-store", "x.db", "-relay", "smtp://127.0.0.1:1", "-dkim-key", "k.pem"); code != 2 || !strings.Contains(stderr, "go together") {
		t.Errorf("-dkim-key without a selector: exit %d\n%s", code, stderr)
	}
}
