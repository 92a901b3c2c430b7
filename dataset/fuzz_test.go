package dataset_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

// seed adds every testdata file and a few inline inputs to f's corpus.
func seed(f *testing.F, extra ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	require.NoError(f, err)
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkRead asserts the invariants of one Read: any error is a *ParseError,
// indices are in range, stats add up, and WriteCSV reads back to the same rows.
func checkRead(t *testing.T, data []byte, name string, format dataset.Format) {
	d, err := dataset.Read(bytes.NewReader(data), name, dataset.LoadOptions{Format: format, MaxLineBytes: 4096})
	if err != nil {
		var pe *dataset.ParseError
		require.True(t, errors.As(err, &pe), "error is not a ParseError: %v", err)
		require.Positive(t, pe.Line)
		return
	}
	require.Equal(t, len(d.Rows), d.Stats.Rows)
	sum := 0
	for _, n := range d.Stats.SkipReasons {
		sum += n
	}
	require.Equal(t, d.Stats.Skipped, sum)
	for _, r := range d.Rows {
		require.True(t, r.User >= 0 && int(r.User) < d.Users.Len())
		require.True(t, r.Item >= 0 && int(r.Item) < d.Items.Len())
	}
	n := 0
	for _, s := range d.Sequences() {
		n += len(s)
	}
	require.Equal(t, len(d.Rows), n)
	var buf bytes.Buffer
	if dataset.WriteCSV(&buf, d) != nil {
		return // ids that CSV cannot carry unchanged
	}
	back, err := dataset.Read(&buf, "back.csv", dataset.LoadOptions{MaxLineBytes: 1 << 20})
	require.NoError(t, err)
	require.Equal(t, rows(d), rows(back))
}

func FuzzReadCSV(f *testing.F) {
	seed(f, "user,item\n\"a\"\"b\",c\n", "userId,itemId,rating\n1,2,3.5\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "f.csv", dataset.FormatCSV) })
}

func FuzzReadTSV(f *testing.F) {
	seed(f, "user\titem\ttime\nx\ty\t-3\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "f.tsv", dataset.FormatTSV) })
}

func FuzzReadMovieLens(f *testing.F) {
	seed(f, "1\t2\t3\t4\r\n", "1 2 3 4\n\n#\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "u.data", dataset.FormatMovieLens) })
}

func FuzzReadSequences(f *testing.F) {
	seed(f, "1 2 3\n1 4\n2\n", "a\tb  c\r\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "s.txt", dataset.FormatSequences) })
}

func FuzzReadAuto(f *testing.F) {
	seed(f, "user\titem\n1\t2\n", "item,user\n1,2\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "auto.txt", dataset.FormatAuto) })
}

func FuzzReadItemAttributes(f *testing.F) {
	seed(f, "item,created_at\n10,2020-02-02T10:00:00+02:00\n")
	items, err := dataset.IDMapOf([]string{"10", "11", "12", "13", "a"})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := dataset.ReadItemAttributes(bytes.NewReader(data), "a.csv", items)
		if err != nil {
			var pe *dataset.ParseError
			require.True(t, errors.As(err, &pe), "error is not a ParseError: %v", err)
			return
		}
		for _, n := range []int{len(a.Category), len(a.CreatedAt), len(a.Tags)} {
			require.True(t, n == 0 || n == items.Len())
		}
		require.LessOrEqual(t, a.Stats.Rows, items.Len())
	})
}

func FuzzReadLists(f *testing.F) {
	seed(f, "u\ta, b\n", "u\t\t\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		lists, err := dataset.ReadLists(bytes.NewReader(data), "l.txt")
		if err != nil {
			var pe *dataset.ParseError
			require.True(t, errors.As(err, &pe), "error is not a ParseError: %v", err)
			return
		}
		var buf bytes.Buffer
		if dataset.WriteLists(&buf, lists) != nil {
			return
		}
		back, err := dataset.ReadLists(strings.NewReader(buf.String()), "back.txt")
		require.NoError(t, err)
		require.Equal(t, lists, back)
	})
}
