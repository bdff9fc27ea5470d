package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned makes a certificate for 127.0.0.1 and returns the server's
// TLS configuration and a PEM file a client can trust it by.
func selfSigned(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "relay.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, ca
}

// TestSendTLSAndAuth: the production path. STARTTLS (smtp://) and
// implicit TLS (smtps://) with AUTH PLAIN, the password from the
// environment or a file; a wrong password stops the run before anyone is
// sent to; an untrusted certificate too.
func TestSendTLSAndAuth(t *testing.T) {
	cfg, ca := selfSigned(t)
	users := map[string]string{"notices": "s3cret"}
	passFile := filepath.Join(t.TempDir(), "password")
	os.WriteFile(passFile, []byte("s3cret\n"), 0o600)
	for _, tt := range []struct {
		name     string
		implicit bool
		scheme   string
		env      map[string]string
		args     []string
		code     int
		want     string
	}{
		{"STARTTLS, password in the environment", false, "smtp", map[string]string{envPassword: "s3cret"}, []string{"-relay-ca", ca}, 0, "19 sent"},
		{"smtps, password in a file, user in the environment", true, "smtps", map[string]string{envUser: "notices"}, []string{"-relay-ca", ca, "-password-file", passFile}, 0, "19 sent"},
		{"a wrong password", false, "smtp", map[string]string{envPassword: "guess"}, []string{"-relay-ca", ca}, 1, `refused the credentials of "notices"`},
		{"a certificate nobody vouches for", false, "smtp", map[string]string{envPassword: "s3cret"}, nil, 1, "certificate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sk := newSinkWith(t, nil, sinkOptions{tls: cfg, implicit: tt.implicit, users: users})
			user := "notices@"
			if tt.env[envUser] != "" {
				user = ""
			}
			db := importSample(t)
			args := append([]string{"send", "-store", db, "-relay", tt.scheme + "://" + user + sk.addr}, tt.args...)
			code, _, stderr := runCmd(t, tt.env, "", args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, tt.code, tt.want, stderr)
			}
			if n := len(sk.got()); (tt.code == 0) != (n == 19) || (tt.code != 0 && n != 0) {
				t.Errorf("%d people received a message", n)
			}
		})
	}
}
