package seq_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/seq"
)

// Train SASRec on users who walk a cycle of 20 items, pack it, and recommend from a visitor's own recent
// items, first from a request's history, then incrementally from a session.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	var seqs [][]int32
	for range 200 {
		var s []int32
		for it := rng.IntN(20); len(s) < 6+rng.IntN(6); it = (it + 1) % 20 {
			s = append(s, int32(it))
		}
		seqs = append(seqs, s)
	}
	cfg := seq.Config{MaxLen: 8, Dim: 16, Epochs: 10, LearningRate: 0.01, BatchSize: 32, Workers: 1}
	model, _, err := seq.Train(context.Background(), seq.Input{NumItems: 20, Train: seqs}, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = "item" + strconv.Itoa(i)
	}
	b, err := model.Pack(train.Embeddings{ItemIDs: ids}, train.PackOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		fmt.Println(err)
		return
	}
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()

	ctx := context.Background()
	res, _ := eng.Recommend(ctx, runtime.Request{History: []string{"item3", "item4", "item5"}, K: 1})
	fmt.Println("after item3, item4, item5:", res.Items[0].ID)

	sess, _ := eng.NewSession(runtime.SessionOptions{})
	for _, id := range []string{"item11", "item12"} {
		sess.Append(id) // one row through the transformer, against cached keys and values
	}
	res, _ = sess.Recommend(ctx, runtime.Request{K: 1})
	fmt.Println("after item11, item12:", res.Items[0].ID)
	// Output:
	// after item3, item4, item5: item6
	// after item11, item12: item13
}
