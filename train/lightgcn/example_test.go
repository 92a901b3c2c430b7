package lightgcn_test

import (
	"context"
	"fmt"

	"github.com/corerec/corerec/train/lightgcn"
)

// Train LightGCN on a tiny graph and score a user's items: users 0 and 1 share items 0 and 1, so user 0's
// unseen item 2 (liked by user 1) outranks item 3 (liked only by user 2, who shares nothing with user 0).
func ExampleTrain() {
	in := lightgcn.Input{NumUsers: 3, NumItems: 4, Train: [][]int32{{0, 1}, {0, 1, 2}, {3}}}
	m, epochs, err := lightgcn.Train(context.Background(), in, lightgcn.Config{
		Dim: 8, Layers: 2, Epochs: 50, LearningRate: 0.05, BatchSize: 4, Workers: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	scores := make([]float32, m.NumItems())
	m.Score(0, scores)
	fmt.Println("epochs:", len(epochs))
	fmt.Println("item 2 above item 3 for user 0:", scores[2] > scores[3])
	// Output:
	// epochs: 50
	// item 2 above item 3 for user 0: true
}

// The normalised adjacency of a 2-user, 2-item graph: user 0 likes both items, user 1 only item 0.
func ExampleNewAdjacency() {
	a, err := lightgcn.NewAdjacency(2, 2, [][]int32{{0, 1}, {0}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for r := range a.Nodes() {
		for k := a.RowPtr[r]; k < a.RowPtr[r+1]; k++ {
			fmt.Printf("(%d,%d)=%.3f ", r, a.Col[k], a.Val[k])
		}
	}
	fmt.Println()
	// Output:
	// (0,2)=0.500 (0,3)=0.707 (1,2)=0.707 (2,0)=0.500 (2,1)=0.707 (3,0)=0.707
}
