package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

// A matrix-factorisation model trained with in-batch softmax: users and items are embedding
// rows, each user's positive is the item at the same batch position.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	var params nn.Params
	users := params.Sparse("users", 8, 4)
	items := params.Sparse("items", 8, 4)
	users.InitNormal(rng, 0.1)
	items.InitNormal(rng, 0.1)
	opt := nn.NewAdam(params.All(), nn.AdamConfig{LR: 0.05})
	tape := nn.NewTape(nn.Config{Workers: 2, Seed: 1})

	// User u likes item (u+1) mod 8.
	uids := []int32{0, 1, 2, 3, 4, 5, 6, 7}
	iids := []int32{1, 2, 3, 4, 5, 6, 7, 0}
	batches := nn.NewBatcher(len(uids), nn.BatcherConfig{BatchSize: 4, Seed: 3})
	var first, last float32
	for epoch := range 60 {
		for batches.Next() {
			idx := batches.Batch()
			u, v := make([]int32, len(idx)), make([]int32, len(idx))
			for i, e := range idx {
				u[i], v[i] = uids[e], iids[e]
			}
			tape.Reset()
			loss := tape.InBatchSoftmax(tape.Embedding(users, u), tape.Embedding(items, v), 0.5, nil)
			params.ZeroGrad()
			if err := tape.Backward(loss); err != nil {
				fmt.Println(err)
				return
			}
			opt.Step()
			if epoch == 0 && first == 0 {
				first = loss.Scalar()
			}
			last = loss.Scalar()
		}
	}
	fmt.Printf("loss fell from %.1f to below 0.1: %v\n", first, last < 0.1)
	// Output: loss fell from 1.4 to below 0.1: true
}

// User-uniform draws: the user with one item is drawn as often as the user with four.
func ExampleUserUniform() {
	pos := [][]int32{{10}, {20, 21, 22, 23}}
	perUser := [2]int{}
	nn.UserUniform(rand.New(rand.NewPCG(1, 2)), pos, 10000, func(u, _ int32) { perUser[u]++ })
	fmt.Println(perUser[0] > 4800 && perUser[0] < 5200, perUser[1] > 4800 && perUser[1] < 5200)
	// Output: true true
}
