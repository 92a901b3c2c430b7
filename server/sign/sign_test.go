package sign_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/server/sign"
)

func seeded(b byte) *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{b}, 64)) }

func TestSignVerify(t *testing.T) {
	pub, priv, err := sign.GenerateKey(seeded(1))
	require.NoError(t, err)
	other, _, err := sign.GenerateKey(seeded(2))
	require.NoError(t, err)
	data := []byte("a bundle's bytes")
	sig := sign.Sign(priv, data)
	require.True(t, bytes.HasPrefix(sig, []byte("corerec-ed25519-signature:")))

	require.NoError(t, sign.Verify(pub, data, sig))
	flipped := bytes.Clone(data)
	flipped[0] ^= 1
	for name, c := range map[string]struct {
		pub       ed25519.PublicKey
		data, sig []byte
		want      error
	}{
		"changed bundle": {pub, flipped, sig, sign.ErrSignature},
		"other key":      {other, data, sig, sign.ErrSignature},
		"no signature":   {pub, data, nil, sign.ErrSignature},
		"garbage":        {pub, data, []byte("hello"), sign.ErrFormat},
		"short base64":   {pub, data, []byte("corerec-ed25519-signature:AAAA"), sign.ErrFormat},
		"bad base64":     {pub, data, []byte("corerec-ed25519-signature:!!!"), sign.ErrFormat},
		"huge":           {pub, data, bytes.Repeat([]byte("a"), 1<<20), sign.ErrFormat},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, sign.Verify(c.pub, c.data, c.sig), c.want)
		})
	}
	// A raw 64-byte signature (openssl pkeyutl -rawin) is accepted.
	require.NoError(t, sign.Verify(pub, data, ed25519.Sign(priv, data)))
}

func TestKeyFilesRoundTrip(t *testing.T) {
	pub, priv, err := sign.GenerateKey(seeded(3))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "k"), sign.MarshalPrivateKey(priv), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "k.pub"), sign.MarshalPublicKey(pub), 0o644))
	priv2, err := sign.LoadPrivateKey(filepath.Join(dir, "k"))
	require.NoError(t, err)
	require.Equal(t, priv, priv2)
	pub2, err := sign.LoadPublicKey(filepath.Join(dir, "k.pub"))
	require.NoError(t, err)
	require.Equal(t, pub, pub2)

	_, err = sign.LoadPublicKey(filepath.Join(dir, "k")) // a private key where a public one belongs
	require.ErrorIs(t, err, sign.ErrFormat)
	_, err = sign.LoadPublicKey(filepath.Join(dir, "missing"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestPEMKeys(t *testing.T) {
	pub, priv, err := sign.GenerateKey(seeded(4))
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	privPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	der, err = x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})

	priv2, err := sign.ParsePrivateKey(privPEM)
	require.NoError(t, err)
	require.Equal(t, priv, priv2)
	pub2, err := sign.ParsePublicKey(pubPEM)
	require.NoError(t, err)
	require.Equal(t, pub, pub2)
	_, err = sign.ParsePublicKey(privPEM)
	require.ErrorIs(t, err, sign.ErrFormat)
	_, err = sign.ParsePrivateKey([]byte("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n"))
	require.ErrorIs(t, err, sign.ErrFormat)
}

func FuzzParse(f *testing.F) {
	_, priv, _ := sign.GenerateKey(seeded(5))
	f.Add(sign.Sign(priv, []byte("x")))
	f.Add(sign.MarshalPrivateKey(priv))
	f.Add(sign.MarshalPublicKey(priv.Public().(ed25519.PublicKey)))
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := sign.ParseSignature(b); err == nil {
			require.Len(t, s, ed25519.SignatureSize)
		}
		if k, err := sign.ParsePublicKey(b); err == nil {
			require.Len(t, k, ed25519.PublicKeySize)
		}
		if k, err := sign.ParsePrivateKey(b); err == nil {
			require.Len(t, k, ed25519.PrivateKeySize)
		}
	})
}
