package meter

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLEB(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 624485, math.MaxUint32} {
		r := reader{b: appendULEB(nil, v)}
		require.Equal(t, v, r.uleb(32))
		require.NoError(t, r.err)
	}
	for _, v := range []int64{0, 1, -1, 63, 64, -64, -65, math.MaxInt32, math.MinInt32} {
		r := reader{b: appendSLEB(nil, v)}
		require.Equal(t, v, r.sleb(32))
		require.NoError(t, r.err)
	}
	for _, v := range []int64{math.MaxInt64, math.MinInt64, 1 << 40, -(1 << 40)} {
		r := reader{b: appendSLEB(nil, v)}
		require.Equal(t, v, r.sleb(64))
		require.NoError(t, r.err)
	}
	for name, tc := range map[string]struct {
		b      []byte
		signed bool
		bits   uint
	}{
		"u32 six bytes":      {[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, false, 32},
		"u32 high bits":      {[]byte{0xff, 0xff, 0xff, 0xff, 0x1f}, false, 32},
		"s32 bad sign fill":  {[]byte{0xff, 0xff, 0xff, 0xff, 0x4f}, true, 32},
		"s32 positive fill":  {[]byte{0x80, 0x80, 0x80, 0x80, 0x10}, true, 32},
		"s33 too long":       {[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, true, 33},
		"s64 eleven bytes":   {[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, true, 64},
		"s64 last byte bits": {[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}, true, 64},
		"truncated":          {[]byte{0x80}, false, 32},
	} {
		t.Run(name, func(t *testing.T) {
			r := reader{b: tc.b}
			if tc.signed {
				r.sleb(tc.bits)
			} else {
				r.uleb(tc.bits)
			}
			require.ErrorIs(t, r.err, ErrMalformed)
		})
	}
	// Non-canonical but valid: padded encodings within the width are allowed by the specification.
	r := reader{b: []byte{0x80, 0x80, 0x00}}
	require.Equal(t, uint64(0), r.uleb(32))
	r = reader{b: []byte{0xff, 0xff, 0xff, 0xff, 0x7f}}
	require.Equal(t, int64(-1), r.sleb(32))
	r = reader{b: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}}
	require.Equal(t, int64(-1), r.sleb(64))
	require.NoError(t, r.err)
}
