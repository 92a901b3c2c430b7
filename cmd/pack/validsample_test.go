package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/eval"
)

func TestSampleCases(t *testing.T) {
	cases := make([]eval.Case, 100)
	for u := range cases {
		cases[u] = eval.Case{User: int32(u), Targets: []int32{int32(u % 7)}}
	}
	for _, tc := range []struct {
		name string
		n    int
		want int
	}{{"zero keeps all", 0, 100}, {"larger keeps all", 500, 100}, {"sample", 30, 30}} {
		t.Run(tc.name, func(t *testing.T) {
			got := sampleCases(cases, tc.n)
			require.Len(t, got, tc.want)
			seen := map[int32]bool{}
			for k, c := range got {
				require.Equal(t, cases[c.User], c, "a sampled case is one of the inputs, unchanged")
				require.False(t, seen[c.User], "no case twice")
				seen[c.User] = true
				if k > 0 {
					require.Less(t, got[k-1].User, c.User, "original order kept")
				}
			}
			require.Equal(t, got, sampleCases(cases, tc.n), "the same sample every run")
		})
	}
}
