// Package sign signs and verifies CoreRec bundles with ed25519, and reads and writes the key and signature
// files that `pack sign` and `edge --public-key` exchange.
//
// # Files
//
// A signature covers the bundle's exact bytes (pure ed25519, no pre-hash) and sits beside the bundle as
// BUNDLE.sig. All three files are one line of text, a tag and the standard base64 of the raw bytes:
//
//	bundle.key   corerec-ed25519-private:<base64 of the 32-byte seed>      (mode 0600)
//	bundle.pub   corerec-ed25519-public:<base64 of the 32-byte public key>
//	B.sig        corerec-ed25519-signature:<base64 of the 64-byte signature>
//
// Keys made by OpenSSL are accepted too (`openssl genpkey -algorithm ed25519` gives a PKCS #8 PEM private
// key, `openssl pkey -pubout` a PKIX PEM public key), and so is a raw 64-byte signature file
// (`openssl pkeyutl -sign -rawin -inkey k.pem -in B -out B.sig`).
//
// # Concurrency
//
// Every function is safe for concurrent use; nothing is shared.
package sign
