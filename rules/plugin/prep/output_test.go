package prep

import (
	"testing"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// flat is a plugin memory of its bytes.
type flat []byte

func (m flat) Read(ptr, n uint32) ([]byte, bool) {
	if uint64(ptr)+uint64(n) > uint64(len(m)) {
		return nil, false
	}
	return m[ptr : ptr+n], true
}

// Apply keeps and rescores what a valid output says, and refuses anything else with the sentinel and the
// words both hosts use.
func TestOutputApply(t *testing.T) {
	at := func(ptr int, block []byte) flat { return append(make(flat, ptr), block...) }
	valid := abi.AppendOutput(nil, []int32{2, 0}, []float32{9, 8})
	for _, tc := range []struct {
		name     string
		mem      flat
		ptr      uint32
		want     []runtime.Candidate
		sentinel error
		text     string
	}{
		{"reorder and rescore", at(16, valid), 16, []runtime.Candidate{{Index: 12, Score: 9}, {Index: 10, Score: 8}}, nil, ""},
		{"null", at(16, valid), 0, nil, ErrFailed, "corerec_rerank returned 0"},
		{"header outside", at(16, valid), 40, nil, ErrOutput, "the output pointer 0x28 is outside the plugin's memory (64 bytes)"},
		{"block past the end", at(16, valid)[:26], 16, nil, ErrOutput, "runs past the plugin's memory (64 bytes)"},
		{"position out of range", at(8, abi.AppendOutput(nil, []int32{3}, nil)), 8, nil, ErrOutput, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cands := []runtime.Candidate{{Index: 10, Score: 1}, {Index: 11, Score: 2}, {Index: 12, Score: 3}}
			var o Output
			got, err := o.Apply("p", tc.mem, 64, tc.ptr, cands)
			if tc.sentinel != nil {
				require.ErrorIs(t, err, tc.sentinel)
				require.ErrorContains(t, err, tc.text)
				require.Equal(t, []runtime.Candidate{{Index: 10, Score: 1}, {Index: 11, Score: 2}, {Index: 12, Score: 3}}, cands)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// The exhaustion errors name the plugin, the function and the budget, with the sentinel a caller branches on.
func TestExhaustionErrors(t *testing.T) {
	info := &Info{Name: "p", Fuel: 1000, Stack: 64}
	require.ErrorIs(t, info.FuelError("corerec_rerank"), ErrFuel)
	require.EqualError(t, info.StackError("corerec_alloc"),
		`plugin "p": trapped: corerec_alloc: stack overflow: calls nested deeper than its stack budget of 64 slots (unbounded recursion?)`)
	require.Len(t, Bounded(string(make([]byte, 5000))), maxErrorText+len(" …"))
}
