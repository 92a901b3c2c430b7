package modelpack

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen opens arbitrary bytes twice: as is (checksums on, the common
// case: almost everything is rejected early) and with every checksum off,
// so mutations reach the header decoder, the layout checks and the
// composite validators. Whatever opens must be fully readable.
func FuzzOpen(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.crpack")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add(build(f, NewBuilder(Manifest{})))
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {SkipVerify: true, skipHeaderCRC: true}} {
			bd, err := OpenBytes(data, opt)
			if err != nil {
				if _, ok := err.(*FormatError); !ok {
					t.Fatalf("error %v is not a *FormatError", err)
				}
				continue
			}
			exercise(bd)
		}
	})
}

// FuzzHeader drives the msgpack header decoder directly.
func FuzzHeader(f *testing.F) {
	if data, err := os.ReadFile(goldenPath); err == nil && len(data) > PreambleLen {
		f.Add(data[PreambleLen:])
	}
	f.Add([]byte{0x82, 0xa8, 'm', 'a', 'n', 'i', 'f', 'e', 's', 't', 0x80, 0xa8, 's', 'e', 'c', 't', 'i', 'o', 'n', 's', 0x90})
	f.Fuzz(func(t *testing.T, hdr []byte) {
		_, secs, err := decodeHeader(hdr, 1<<20)
		if err == nil && (len(secs)-1)*sectionCost > 1<<20 {
			t.Fatalf("%d sections accepted", len(secs))
		}
	})
}
