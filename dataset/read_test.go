package dataset_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

// row is an Interaction with original ids, for readable expectations.
type row struct {
	User, Item string
	Time       int64
	Rating     float32
}

func rows(d *dataset.Dataset) []row {
	out := make([]row, len(d.Rows))
	for i, r := range d.Rows {
		out[i] = row{d.Users.ID(r.User), d.Items.ID(r.Item), r.Time, r.Rating}
	}
	return out
}

func TestLoadFormats(t *testing.T) {
	tests := []struct {
		file              string
		opt               dataset.LoadOptions
		want              []row
		hasTime, hasRated bool
		lines             int
	}{
		{
			file: "u.data", hasTime: true, hasRated: true, lines: 10,
			want: []row{{"196", "242", 881250949, 3}, {"186", "302", 891717742, 3}, {"22", "377", 878887116, 1}},
		},
		{
			file: "interactions.csv", hasTime: true, hasRated: true, lines: 8,
			want: []row{{"u1", "i,1", 100, 5}, {"u1", "i2", 90, 3.5}, {"u2", "i2", 100, 4}, {"u2", "i3", 50, 1}, {"u1", "i3", 100, 2}},
		},
		{
			file: "interactions.tsv", hasTime: true, lines: 4,
			want: []row{{"alice", `book"1`, 10, 0}, {"bob", "book2", 20, 0}, {"alice", "book2", 5, 0}},
		},
		{
			file: "sequences.txt", hasTime: true, lines: 4,
			want: []row{{"1", "10", 0, 0}, {"1", "11", 1, 0}, {"1", "12", 2, 0}, {"1", "13", 3, 0}, {"2", "11", 0, 0}},
		},
		{
			file: "interactions.csv", opt: dataset.LoadOptions{Format: dataset.FormatCSV, MinRating: 3.5},
			hasTime: true, hasRated: true, lines: 8,
			want: []row{{"u1", "i,1", 100, 5}, {"u1", "i2", 90, 3.5}, {"u2", "i2", 100, 4}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			d, err := dataset.Load(filepath.Join("testdata", tc.file), tc.opt)
			require.NoError(t, err)
			got := rows(d)
			require.GreaterOrEqual(t, len(got), len(tc.want))
			require.Equal(t, tc.want, got[:len(tc.want)])
			require.Equal(t, tc.hasTime, d.HasTime)
			require.Equal(t, tc.hasRated, d.HasRating)
			require.Equal(t, tc.lines, d.Stats.Lines)
			require.Equal(t, len(d.Rows), d.Stats.Rows)
		})
	}
}

func TestReadDetect(t *testing.T) {
	tests := []struct {
		name, input  string
		users, items int
		hasRating    bool
	}{
		{"u.data", "1\t2\t5\t100\n", 1, 1, true},
		{"ml/u1.base", "1\t2\t5\t100\n", 1, 1, true},
		{"x.txt", "user,item,rating\n1,2,4\n", 1, 1, true},
		{"x.txt", "# c\n\nuser\titem\n1\t2\n3\t2\n", 2, 1, false},
		{"x.txt", "1 2 3 4\n", 1, 3, false},
		{"x.txt", "1\t2\t5\t100\n", 1, 3, false}, // not named u.data: a sequence
		{"x.csv", "ITEM_ID;USER_ID\n", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/"+strings.ReplaceAll(tc.input[:min(12, len(tc.input))], "\n", `\n`), func(t *testing.T) {
			d, err := dataset.Read(strings.NewReader(tc.input), tc.name, dataset.LoadOptions{})
			if tc.users == 0 {
				require.Error(t, err, "a .csv without a user,item header is an error, not a silent fallback")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.users, d.Users.Len())
			require.Equal(t, tc.items, d.Items.Len())
			require.Equal(t, tc.hasRating, d.HasRating)
		})
	}
}

func TestReadStats(t *testing.T) {
	in := "1 a b\n2\n# comment\n\n3 b\n2 c\n"
	d, err := dataset.Read(strings.NewReader(in), "s.txt", dataset.LoadOptions{Format: dataset.FormatSequences})
	require.NoError(t, err)
	require.Equal(t, dataset.Stats{Lines: 6, Rows: 4, Skipped: 1,
		SkipReasons: map[string]int{dataset.SkipEmptySequence: 1}}, d.Stats)
	require.Equal(t, 3, d.Users.Len(), "a user without items is still a user")
	// User 2's positions continue across lines.
	require.Equal(t, row{"2", "c", 0, 0}, rows(d)[3])

	d, err = dataset.Read(strings.NewReader("user,item,rating\na,x,1\na,y,4\nb,x,3\n"), "r.csv",
		dataset.LoadOptions{MinRating: 3})
	require.NoError(t, err)
	require.Equal(t, dataset.Stats{Lines: 4, Rows: 2, Skipped: 1,
		SkipReasons: map[string]int{dataset.SkipBelowMinRating: 1}}, d.Stats)
}

func TestReadSharedMaps(t *testing.T) {
	users, items := dataset.NewIDMap(), dataset.NewIDMap()
	opt := dataset.LoadOptions{Users: users, Items: items}
	train, err := dataset.Read(strings.NewReader("0 5 6\n1 6\n"), "train.txt", opt)
	require.NoError(t, err)
	test, err := dataset.Read(strings.NewReader("1 5\n0 7\n"), "test.txt", opt)
	require.NoError(t, err)
	require.Same(t, train.Users, test.Users)
	require.Equal(t, 3, items.Len())
	require.Equal(t, []row{{"1", "5", 0, 0}, {"0", "7", 0, 0}}, rows(test))
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, input string
		format      dataset.Format
		want        string
	}{
		{"u.csv", "user,item,timestamp\n" + strings.Repeat("a,b,1\n", 15) + "a,b,abc\n", "",
			`dataset: u.csv:17: column "timestamp": not an integer: "abc"`},
		{"r.csv", "user,item,score\n\n# x\na,b,1e99\n", "",
			`dataset: r.csv:4: column "score": not a number in float32 range: "1e99"`},
		{"r.csv", "user,item,score\na,b,NaN\n", "", `dataset: r.csv:2: column "score": not a finite number: "NaN"`},
		{"m.csv", "user,item,ts\na\n", "", `dataset: m.csv:2: column "item": missing (row has 1 fields)`},
		{"e.csv", "user,item\n ,b\n", "", `dataset: e.csv:2: column "user": empty id`},
		{"h.csv", "a,b\n1,2\n", "", `dataset: h.csv:1: header must name a user and an item column, got ["a" "b"]`},
		{"q.csv", "user,item\na,\"b\n", "", `dataset: q.csv:2: extraneous or missing " in quoted-field`},
		{"u.data", "1\t2\t3\t4\n1\t2\t3\n", "", `dataset: u.data:2: want 4 fields (user item rating timestamp), got 3`},
		{"u.data", "1\t2\tx\t4\n", "", `dataset: u.data:1: column "rating": not a number in float32 range: "x"`},
		{"u.data", "1\t2\t3\t4.5\n", "", `dataset: u.data:1: column "timestamp": not an integer: "4.5"`},
		{"x", "", "parquet", `dataset: "parquet": unknown format`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dataset.Read(strings.NewReader(tc.input), tc.name, dataset.LoadOptions{Format: tc.format})
			require.EqualError(t, err, tc.want)
			var pe *dataset.ParseError
			if errors.As(err, &pe) {
				require.ErrorIs(t, err, dataset.ErrMalformed)
				require.Equal(t, tc.name, pe.File)
			}
		})
	}
}

func TestLineTooLong(t *testing.T) {
	long := strings.Repeat("x", 40)
	tests := []struct {
		name, input string
		line        int
	}{
		{"s.txt", "1 2\n1 3\n1 " + long + "\n1 4\n", 3},
		{"s.csv", "user,item\n1,2\n\n1," + long + "\n", 4},
		{"u.data", "1\t2\t3\t4\n" + long, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dataset.Read(strings.NewReader(tc.input), tc.name, dataset.LoadOptions{MaxLineBytes: 32})
			require.ErrorIs(t, err, dataset.ErrLineTooLong)
			var pe *dataset.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, tc.line, pe.Line)
		})
	}
	// A line of exactly the cap is fine, with or without "\r\n".
	d, err := dataset.Read(strings.NewReader("1 "+strings.Repeat("y", 30)+"\n2 z"), "ok.txt", dataset.LoadOptions{MaxLineBytes: 32})
	require.NoError(t, err)
	require.Equal(t, 2, d.Stats.Rows)
}

func TestLoadMissingFile(t *testing.T) {
	_, err := dataset.Load(filepath.Join("testdata", "absent.csv"), dataset.LoadOptions{})
	require.ErrorContains(t, err, "dataset: open testdata/absent.csv")
}
