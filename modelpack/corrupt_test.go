package modelpack

import (
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// mustFail fails the test on a panic or on success, and requires a
// *FormatError.
func mustFail(t *testing.T, data []byte, opt Options, format string, args ...any) error {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("panic on %s: %v", what, p)
			}
		}()
		var bd *Bundle
		bd, err = OpenBytes(data, opt)
		if err == nil {
			_ = bd.Close()
		}
	}()
	if err == nil {
		t.Fatalf("Open accepted %s", what)
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("%s: %v is not a *FormatError", what, err)
	}
	return err
}

// Acceptance: every single-byte change and every truncation of the golden
// bundle makes Open fail with a *FormatError (never a panic, never success).
func TestEveryByteFlipFails(t *testing.T) {
	golden := build(t, goldenBuilder(t))
	openT(t, golden)
	data := make([]byte, len(golden))
	for i := range golden {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			copy(data, golden)
			data[i] ^= x
			mustFail(t, data, Options{}, "flip 0x%02x at byte %d", x, i)
		}
	}
	t.Logf("%d bytes × 3 flips rejected", len(golden))
}

func TestEveryTruncationFails(t *testing.T) {
	golden := build(t, goldenBuilder(t))
	for n := 0; n < len(golden); n++ {
		for _, opt := range []Options{{}, {SkipVerify: true}} {
			err := mustFail(t, golden[:n:n], opt, "truncation to %d bytes", n)
			require.True(t, errors.Is(err, ErrTruncated) || errors.Is(err, ErrCorrupt), "%d: %v", n, err)
		}
	}
	mustFail(t, append(golden[:len(golden):len(golden)], 0), Options{}, "a trailing byte")
}

// With SkipVerify, payload flips may pass, but structure flips still fail
// and nothing panics.
func TestByteFlipsSkipVerifyNeverPanic(t *testing.T) {
	golden := build(t, goldenBuilder(t))
	data := make([]byte, len(golden))
	for i := range golden {
		copy(data, golden)
		data[i] ^= 0xff
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic at byte %d: %v", i, p)
				}
			}()
			if bd, err := OpenBytes(data, Options{SkipVerify: true, skipHeaderCRC: true}); err == nil {
				exercise(bd)
			}
		}()
	}
}

// exercise reads everything an opened bundle offers.
func exercise(bd *Bundle) {
	for _, s := range bd.Sections() {
		_, _, _ = bd.Raw(s.Name)
		_, _, _ = bd.F32(s.Name)
	}
	for name, m := range bd.mats {
		for i := 0; i < m.Rows; i++ {
			m.Row(i, nil)
		}
		_, _ = bd.Matrix(name)
	}
	for _, s := range bd.strs {
		for i := 0; i < s.Len(); i++ {
			s.Index(s.At(i))
		}
	}
	for _, c := range bd.csrs {
		for i := 0; i < c.Rows; i++ {
			c.Row(i)
		}
	}
	if c, err := bd.Catalog(); err == nil {
		for i := int32(0); int(i) < c.NumItems(); i++ {
			c.ItemIndex(c.ItemID(i))
			c.ItemCategory(i)
			c.ItemTags(i)
			c.ItemCreatedAt(i)
		}
	}
	_ = bd.Close()
}

func TestFormatErrorContent(t *testing.T) {
	golden := build(t, goldenBuilder(t))
	bd := openT(t, golden)
	info := bd.Sections()[0]

	data := append([]byte(nil), golden...)
	data[info.Offset] ^= 1
	err := mustFail(t, data, Options{}, "payload flip")
	var fe *FormatError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, info.Name, fe.Section)
	require.Equal(t, info.Offset, fe.Offset)
	require.ErrorIs(t, err, ErrChecksum)
	require.Regexp(t, `^modelpack: section "items.int8" at offset \d+: checksum mismatch: got [0-9a-f]{8}, want [0-9a-f]{8}$`, err.Error())
	// SkipVerify does not see it.
	_, err = OpenBytes(data, Options{SkipVerify: true})
	require.NoError(t, err)

	tests := []struct {
		name   string
		mutate func(d []byte)
		want   error
		msg    string
	}{
		{"magic", func(d []byte) { d[0] = 'X' }, ErrBadMagic, "modelpack: at offset 0: bad magic (not a CoreRec bundle)"},
		{"major", func(d []byte) { binary.LittleEndian.PutUint16(d[8:], 2) }, ErrVersion, "modelpack: at offset 8: unsupported format version: file is 2.0, reader is 1.1"},
		{"header crc", func(d []byte) { d[20] ^= 1 }, ErrChecksum, ""},
		{"header len", func(d []byte) { binary.LittleEndian.PutUint32(d[12:], 1<<30) }, ErrCorrupt, ""},
		{"padding", func(d []byte) { d[info.Offset-1] = 1 }, ErrCorrupt, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := append([]byte(nil), golden...)
			tt.mutate(d)
			err := mustFail(t, d, Options{}, "%s", tt.name)
			require.ErrorIs(t, err, tt.want)
			if tt.msg != "" {
				require.EqualError(t, err, tt.msg)
			}
		})
	}
}

func TestOpenBytesMisaligned(t *testing.T) {
	golden := build(t, goldenBuilder(t))
	buf := make([]byte, len(golden)+1)
	copy(buf[1:], golden)
	bd := openT(t, buf[1:])
	require.False(t, aligned8(buf[1:]))
	require.True(t, aligned8(bd.data)) // copied once
	f, _, err := bd.F32("bias")
	require.NoError(t, err)
	require.Equal(t, []float32{0.5, -1, 2, 0, 3.25}, f)
	c, err := bd.Catalog()
	require.NoError(t, err)
	checkGoldenCatalog(t, c)
}

func TestSwapInPlace(t *testing.T) {
	b := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	swapInPlace(b, 2)
	require.Equal(t, []byte{2, 1, 4, 3, 6, 5, 8, 7}, b)
	swapInPlace(b, 2)
	swapInPlace(b, 4)
	require.Equal(t, []byte{4, 3, 2, 1, 8, 7, 6, 5}, b)
	swapInPlace(b, 4)
	swapInPlace(b, 8)
	require.Equal(t, []byte{8, 7, 6, 5, 4, 3, 2, 1}, b)
	swapInPlace(b, 1)
	require.Equal(t, []byte{8, 7, 6, 5, 4, 3, 2, 1}, b)
}
