package modelpack

import (
	"encoding/binary"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStringsRoundTrip(t *testing.T) {
	tests := map[string][]string{
		"empty":  {},
		"one":    {"a"},
		"blanks": {"", "x", "yy"},
		"utf8":   {"héllo", "世界", "🙂"},
		"dups":   {"a", "b", "a"}, // no hash table: Index falls back to a map
	}
	many := make([]string, 1000)
	for i := range many {
		many[i] = fmt.Sprintf("item-%d", i*7)
	}
	tests["many"] = many
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			b := NewBuilder(Manifest{})
			require.NoError(t, b.AddStrings("s", in))
			bd := openT(t, build(t, b))
			s, err := bd.Strings("s")
			require.NoError(t, err)
			require.Equal(t, name != "dups", bd.Has("s.hash"))
			mem, err := NewStrings(in)
			require.NoError(t, err)
			for _, x := range []*Strings{s, mem} {
				require.Equal(t, len(in), x.Len())
				for i, v := range in {
					require.Equal(t, v, x.At(i))
					require.Equal(t, v, string(x.Bytes(i)))
					j, ok := x.Index(v)
					require.True(t, ok)
					require.Equal(t, v, in[j]) // first occurrence for duplicates
				}
				_, ok := x.Index("absent")
				require.False(t, ok)
				require.Equal(t, "", x.At(len(in)))
				require.Nil(t, x.Bytes(-1))
			}
		})
	}
}

func TestStringsIndexNoAlloc(t *testing.T) {
	s, err := NewStrings([]string{"alpha", "beta", "gamma"})
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		if i, ok := s.Index("gamma"); !ok || i != 2 {
			t.Fatal("gamma not found")
		}
	})
	require.Zero(t, allocs)
}

func TestNewStringsValidation(t *testing.T) {
	tests := []struct {
		name    string
		offsets []uint32
		data    string
		hash    []uint32
	}{
		{"no offsets", nil, "", nil},
		{"first not zero", []uint32{1, 2}, "ab", nil},
		{"last not len", []uint32{0, 1}, "ab", nil},
		{"decreasing", []uint32{0, 2, 1, 3}, "abc", nil},
		{"hash too small", []uint32{0, 1, 2}, "ab", []uint32{1, 2}},
		{"hash not pow2", []uint32{0, 1}, "a", []uint32{1, 0, 0}},
		{"hash entry range", []uint32{0, 1}, "a", []uint32{2, 0}},
		{"hash misses", []uint32{0, 1, 2}, "ab", []uint32{0, 0, 0, 0}},
		{"hash twice", []uint32{0, 1, 2}, "ab", []uint32{1, 1, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newStrings(tt.offsets, []byte(tt.data), tt.hash, true)
			require.ErrorIs(t, err, ErrCorrupt)
		})
	}
}

// Concurrent lookups on a Strings without hash table (lazy map) and with.
func TestStringsHammer(t *testing.T) {
	ids := make([]string, 500)
	for i := range ids {
		ids[i] = fmt.Sprint("u", i)
	}
	hashed, err := NewStrings(ids)
	require.NoError(t, err)
	offsets, data, err := encodeStrings(ids)
	require.NoError(t, err)
	plain, err := newStrings(offsets, data, nil, true)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ids {
				for _, s := range []*Strings{hashed, plain} {
					j, ok := s.Index(ids[i])
					if !ok || j != i {
						t.Errorf("Index(%q) = %d, %v", ids[i], j, ok)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzStrings feeds arbitrary offsets, blob and table to the validator;
// whatever it accepts must be safe to read in full.
func FuzzStrings(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0}, []byte("a"), []byte{1, 0, 0, 0, 0, 0, 0, 0}, true)
	f.Add([]byte{0, 0, 0, 0}, []byte{}, []byte{}, false)
	f.Fuzz(func(t *testing.T, off, data, hash []byte, withHash bool) {
		var h []uint32
		if withHash {
			h = u32s(hash)
		}
		s, err := newStrings(u32s(off), data, h, len(data)%2 == 0)
		if err != nil {
			return
		}
		for i := -1; i <= s.Len(); i++ {
			v := s.At(i)
			if i >= 0 && i < s.Len() {
				if _, ok := s.Index(v); !ok && h == nil {
					t.Fatalf("string %d not found without table", i)
				}
			}
		}
		s.Index("x")
	})
}

func u32s(b []byte) []uint32 {
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}
