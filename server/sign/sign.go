package sign

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
)

// Tags that start each text file.
const (
	privateTag   = "corerec-ed25519-private:"
	publicTag    = "corerec-ed25519-public:"
	signatureTag = "corerec-ed25519-signature:"
)

// maxFile bounds what the parsers accept: keys and signatures are a few hundred bytes at most.
const maxFile = 4096

// GenerateKey makes a key pair from rand (crypto/rand when nil).
func GenerateKey(rnd io.Reader) (ed25519.PublicKey, ed25519.PrivateKey, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	pub, priv, err := ed25519.GenerateKey(rnd)
	if err != nil {
		return nil, nil, fmt.Errorf("sign: generate key: %w", err)
	}
	return pub, priv, nil
}

// Sign returns the signature file's content for data.
func Sign(priv ed25519.PrivateKey, data []byte) []byte {
	return encode(signatureTag, ed25519.Sign(priv, data))
}

// Verify checks sig (a signature file's content) over data. A missing, malformed or wrong signature is an
// error wrapping ErrSignature or ErrFormat.
func Verify(pub ed25519.PublicKey, data, sig []byte) error {
	if len(sig) == 0 {
		return fmt.Errorf("%w: no signature", ErrSignature)
	}
	raw, err := ParseSignature(sig)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, data, raw) {
		return ErrSignature
	}
	return nil
}

// ParseSignature returns the raw 64-byte signature of a signature file: the tagged text form, or 64 raw bytes.
func ParseSignature(b []byte) ([]byte, error) {
	if len(b) == ed25519.SignatureSize && !bytes.HasPrefix(b, []byte(signatureTag)) {
		return b, nil
	}
	return decode(signatureTag, b, ed25519.SignatureSize)
}

// MarshalPrivateKey returns the private key file's content (the seed, tagged).
func MarshalPrivateKey(priv ed25519.PrivateKey) []byte { return encode(privateTag, priv.Seed()) }

// MarshalPublicKey returns the public key file's content.
func MarshalPublicKey(pub ed25519.PublicKey) []byte { return encode(publicTag, pub) }

// ParsePrivateKey reads a private key file: the tagged text form or a PKCS #8 PEM block.
func ParsePrivateKey(b []byte) (ed25519.PrivateKey, error) {
	if k, ok, err := parsePEM(b, "PRIVATE KEY", x509.ParsePKCS8PrivateKey); ok {
		if err != nil {
			return nil, err
		}
		priv, isEd := k.(ed25519.PrivateKey)
		if !isEd {
			return nil, fmt.Errorf("%w: PEM private key is %T, not ed25519", ErrFormat, k)
		}
		return priv, nil
	}
	seed, err := decode(privateTag, b, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// ParsePublicKey reads a public key file: the tagged text form or a PKIX PEM block.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	if k, ok, err := parsePEM(b, "PUBLIC KEY", x509.ParsePKIXPublicKey); ok {
		if err != nil {
			return nil, err
		}
		pub, isEd := k.(ed25519.PublicKey)
		if !isEd {
			return nil, fmt.Errorf("%w: PEM public key is %T, not ed25519", ErrFormat, k)
		}
		return pub, nil
	}
	raw, err := decode(publicTag, b, ed25519.PublicKeySize)
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(raw), nil
}

func encode(tag string, raw []byte) []byte {
	return []byte(tag + base64.StdEncoding.EncodeToString(raw) + "\n")
}

func decode(tag string, b []byte, size int) ([]byte, error) {
	if len(b) > maxFile {
		return nil, fmt.Errorf("%w: %d bytes, want a line of under %d", ErrFormat, len(b), maxFile)
	}
	line := bytes.TrimSpace(b)
	rest, ok := bytes.CutPrefix(line, []byte(tag))
	if !ok {
		return nil, fmt.Errorf("%w: want a line starting %q", ErrFormat, tag)
	}
	raw, err := base64.StdEncoding.DecodeString(string(rest))
	if err != nil {
		return nil, fmt.Errorf("%w: %s base64: %v", ErrFormat, tag, err)
	}
	if len(raw) != size {
		return nil, fmt.Errorf("%w: %s %d bytes, want %d", ErrFormat, tag, len(raw), size)
	}
	return raw, nil
}

// parsePEM decodes a PEM block of the given type with parse; ok is false when b is not PEM.
func parsePEM(b []byte, typ string, parse func([]byte) (any, error)) (k any, ok bool, err error) {
	if len(b) > maxFile || !bytes.HasPrefix(bytes.TrimSpace(b), []byte("-----BEGIN")) {
		return nil, false, nil
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != typ {
		return nil, true, fmt.Errorf("%w: want a PEM %q block", ErrFormat, typ)
	}
	k, err = parse(blk.Bytes)
	if err != nil {
		return nil, true, fmt.Errorf("%w: PEM %s: %v", ErrFormat, typ, err)
	}
	return k, true, nil
}
