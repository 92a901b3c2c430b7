package dataset_test

import (
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

// tiesCSV has equal timestamps within users; file order must break the ties.
const tiesCSV = `user,item,timestamp
a,x,5
b,y,1
a,y,3
a,z,5
a,w,5
b,x,1
c,x,9
b,z,0
a,v,1
d,x,1
d,y,1
d,z,1
d,x,1
`

func TestSequencesStable(t *testing.T) {
	d, err := dataset.Read(strings.NewReader(tiesCSV), "ties.csv", dataset.LoadOptions{})
	require.NoError(t, err)
	ids := func(seq []int32) string {
		var s []string
		for _, i := range seq {
			s = append(s, d.Items.ID(i))
		}
		return strings.Join(s, " ")
	}
	seqs := d.Sequences()
	require.Len(t, seqs, 4)
	require.Equal(t, "v y x z w", ids(seqs[0]))
	require.Equal(t, "z y x", ids(seqs[1]))
	require.Equal(t, "x", ids(seqs[2]))
	require.Equal(t, "x y z x", ids(seqs[3]), "duplicate pairs are kept")
}

func TestLeaveOneOut(t *testing.T) {
	d, err := dataset.Read(strings.NewReader(tiesCSV+"e,q,1\ne,x,2\n"), "ties.csv", dataset.LoadOptions{})
	require.NoError(t, err)
	s := dataset.LeaveOneOut(d)
	item := func(id string) int32 { i, _ := d.Items.Index(id); return i }
	items := func(ids ...string) []int32 {
		out := []int32{}
		for _, id := range ids {
			out = append(out, item(id))
		}
		return out
	}
	require.Equal(t, 5, s.NumUsers)
	require.Equal(t, d.Items.Len(), s.NumItems)
	// a: v y x z w → train v y x, valid z, test w (z and w tie at t=5: file order).
	require.Equal(t, items("v", "y", "x"), s.Train[0])
	require.Equal(t, item("z"), s.Valid[0])
	require.Equal(t, item("w"), s.Test[0])
	require.Equal(t, items("v", "y", "x", "z"), s.TrainValid(0))
	// b: z y x → train z, valid y, test x.
	require.Equal(t, items("z"), s.Train[1])
	require.Equal(t, []int32{item("y"), item("x")}, []int32{s.Valid[1], s.Test[1]})
	// c has 1 item, e has 2: short users keep everything in train.
	for u, n := range map[int]int{2: 1, 4: 2} {
		require.Len(t, s.Train[u], n)
		require.Equal(t, int32(-1), s.Valid[u])
		require.Equal(t, int32(-1), s.Test[u])
		require.Len(t, s.TrainValid(u), n)
	}
	require.Equal(t, dataset.SplitStats{Users: 5, Evaluable: 3, Short: 2, TrainRows: 3 + 1 + 1 + 2 + 2}, s.Stats)
}

func TestLeaveOneOutEmptyUser(t *testing.T) {
	d, err := dataset.Read(strings.NewReader("u1 a b c\nu2\n"), "s.txt", dataset.LoadOptions{})
	require.NoError(t, err)
	s := dataset.LeaveOneOut(d)
	require.Equal(t, dataset.SplitStats{Users: 2, Evaluable: 1, Short: 1, Empty: 1, TrainRows: 1}, s.Stats)
	require.Empty(t, s.Train[1])
}
