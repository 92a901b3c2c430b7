package dataset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

func TestReadLists(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "lists.txt"))
	require.NoError(t, err)
	defer f.Close()
	lists, err := dataset.ReadLists(f, "lists.txt")
	require.NoError(t, err)
	want := []dataset.List{{"u1", []string{"10", "11", "12"}}, {"u2", nil}, {"u3", []string{"12"}}}
	require.Equal(t, want, lists)

	var buf bytes.Buffer
	require.NoError(t, dataset.WriteLists(&buf, want))
	require.Equal(t, "u1\t10,11,12\nu2\t\nu3\t12\n", buf.String())
}

func TestReadListsErrors(t *testing.T) {
	tests := []struct{ input, want string }{
		{"u1\t1\nu2 1,2\n", `dataset: l.txt:2: want user<TAB>item,item,...`},
		{"\t1,2\n", `dataset: l.txt:1: column "user": empty id`},
		{"u\t1,,2\n", `dataset: l.txt:1: column "items": empty id`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := dataset.ReadLists(strings.NewReader(tc.input), "l.txt")
			require.EqualError(t, err, tc.want)
			require.ErrorIs(t, err, dataset.ErrMalformed)
		})
	}
}

func TestWriteListsRejects(t *testing.T) {
	for _, l := range []dataset.List{{"", nil}, {"#u", nil}, {"u", []string{"a,b"}}, {"u", []string{" a"}}, {"u\tv", nil}} {
		require.Error(t, dataset.WriteLists(&bytes.Buffer{}, []dataset.List{l}), "%q", l)
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	for _, file := range []string{"u.data", "interactions.csv", "interactions.tsv", "sequences.txt"} {
		t.Run(file, func(t *testing.T) {
			d, err := dataset.Load(filepath.Join("testdata", file), dataset.LoadOptions{})
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, dataset.WriteCSV(&buf, d))
			back, err := dataset.Read(&buf, "back.csv", dataset.LoadOptions{})
			require.NoError(t, err)
			require.Equal(t, rows(d), rows(back))
			require.Equal(t, d.HasTime, back.HasTime)
			require.Equal(t, d.HasRating, back.HasRating)
		})
	}
	d, err := dataset.Read(strings.NewReader("user,item\n\" a\",b\n"), "x.csv", dataset.LoadOptions{})
	require.NoError(t, err)
	d.Users.Add("#hash")
	d.Rows[0].User = 1
	require.Error(t, dataset.WriteCSV(&bytes.Buffer{}, d), "a user id starting with '#' would read back as a comment")
}
