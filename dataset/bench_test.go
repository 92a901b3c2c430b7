package dataset_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/dataset"
)

// benchInput renders the same 100,000 random interactions (1,000 users,
// 5,000 items) in each format.
func benchInput(format dataset.Format) []byte {
	rng := rand.New(rand.NewPCG(1, 1))
	var buf bytes.Buffer
	switch format {
	case dataset.FormatCSV:
		buf.WriteString("user_id,item_id,rating,timestamp\n")
	case dataset.FormatTSV:
		buf.WriteString("user_id\titem_id\trating\ttimestamp\n")
	}
	for u := range 1000 {
		if format == dataset.FormatSequences {
			fmt.Fprintf(&buf, "%d", u)
		}
		for range 100 {
			item, rating, ts := rng.IntN(5000), 1+rng.IntN(5), 880000000+rng.IntN(1e7)
			switch format {
			case dataset.FormatCSV:
				fmt.Fprintf(&buf, "%d,%d,%d,%d\n", u, item, rating, ts)
			case dataset.FormatTSV, dataset.FormatMovieLens:
				fmt.Fprintf(&buf, "%d\t%d\t%d\t%d\n", u, item, rating, ts)
			case dataset.FormatSequences:
				fmt.Fprintf(&buf, " %d", item)
			}
		}
		if format == dataset.FormatSequences {
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}

func BenchmarkRead(b *testing.B) {
	for _, f := range []dataset.Format{dataset.FormatCSV, dataset.FormatTSV, dataset.FormatMovieLens, dataset.FormatSequences} {
		in := benchInput(f)
		b.Run(fmt.Sprintf("format=%s/rows=100000", f), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if _, err := dataset.Read(bytes.NewReader(in), "bench", dataset.LoadOptions{Format: f}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLeaveOneOut(b *testing.B) {
	d, err := dataset.Read(bytes.NewReader(benchInput(dataset.FormatMovieLens)), "bench", dataset.LoadOptions{Format: dataset.FormatMovieLens})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("rows=100000/users=1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dataset.LeaveOneOut(d)
		}
	})
}
