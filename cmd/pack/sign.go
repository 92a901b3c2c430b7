package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/server/sign"
)

// runSign makes an ed25519 key pair (--gen-key), signs bundles (BUNDLE.sig beside each), or checks their
// signatures (--verify). File formats: server/sign's package doc.
func runSign(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("sign", "sign --key bundle.key BUNDLE... | sign --gen-key [--key bundle.key] [--pub bundle.pub] | sign --verify --pub bundle.pub BUNDLE...", stderr)
	key := fl.String("key", "bundle.key", "private key file (written by --gen-key with mode 0600; a PKCS #8 PEM key from openssl works too)")
	pub := fl.String("pub", "bundle.pub", "public key file (written by --gen-key; read by --verify and by edge --public-key)")
	gen := fl.Bool("gen-key", false, "make a new key pair in --key and --pub (never overwrites a file)")
	verify := fl.Bool("verify", false, "check each BUNDLE.sig against --pub instead of signing")
	bundles, err := parseInterleaved(fl, args)
	if err != nil {
		return err
	}
	switch {
	case *gen && (*verify || len(bundles) > 0):
		return usagef("--gen-key takes no bundles and no --verify")
	case *gen:
		return genKey(*key, *pub, stdout)
	case len(bundles) == 0:
		return usagef("give the bundles to sign (or --gen-key)")
	case *verify:
		return verifyBundles(*pub, bundles, stdout)
	}
	return signBundles(*key, bundles, stdout)
}

// parseInterleaved parses flags that may come before, between or after positional arguments.
func parseInterleaved(fl *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fl, args, 1<<30); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func genKey(keyPath, pubPath string, stdout io.Writer) error {
	pub, priv, err := sign.GenerateKey(nil)
	if err != nil {
		return err
	}
	if err := writeNew(keyPath, sign.MarshalPrivateKey(priv), 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, sign.MarshalPublicKey(pub), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (private, keep it secret) and %s (public, give it to edge --public-key)\n", keyPath, pubPath)
	return nil
}

func writeNew(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: not overwriting a key", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func signBundles(keyPath string, bundles []string, stdout io.Writer) error {
	priv, err := sign.LoadPrivateKey(keyPath)
	if err != nil {
		return err
	}
	for _, path := range bundles {
		data, err := readBundle(path)
		if err != nil {
			return err
		}
		if err := writeAtomic(path+".sig", sign.Sign(priv, data)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s.sig\n", path)
	}
	return nil
}

func verifyBundles(pubPath string, bundles []string, stdout io.Writer) error {
	pub, err := sign.LoadPublicKey(pubPath)
	if err != nil {
		return err
	}
	for _, path := range bundles {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sig, err := os.ReadFile(path + ".sig")
		if err != nil {
			return err
		}
		if err := sign.Verify(pub, data, sig); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(stdout, "%s: signature ok\n", path)
	}
	return nil
}

// readBundle reads a bundle and checks it opens (every section's checksum): only sound bundles get signed.
func readBundle(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err := modelpack.OpenBytes(data, modelpack.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: not signing: %w", path, err)
	}
	b.Close()
	return data, nil
}

// writeAtomic writes through a temporary file and a rename, so a reader polling path never sees half a file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
