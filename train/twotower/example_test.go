package twotower_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/twotower"
)

// Train a Two-Tower model whose user tower reads the users' features, pack it, and recommend for a
// visitor the model has never seen, from their features alone.
func Example() {
	d := synth.Generate(synth.Config{Users: 300, Items: 100, Seed: 1})
	seqs := d.Dataset.Sequences()
	feats, err := twotower.NewFeatures(d.UserFeatures)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := twotower.Input{NumUsers: len(seqs), NumItems: d.Dataset.Items.Len(), Train: seqs, UserFeatures: feats}
	cfg := twotower.Config{Dim: 16, Epochs: 3, BatchSize: 256, Workers: 1,
		User: twotower.TowerConfig{Hidden: []int{32}, IDDropout: 0.3}}
	m, epochs, err := twotower.Train(context.Background(), in, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := m.Builder(train.Embeddings{ItemIDs: d.Dataset.Items.IDs(), UserIDs: d.Dataset.Users.IDs(),
		Popularity: train.Popularity(seqs, d.Dataset.Items.Len())}, train.PackOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var bundle bytes.Buffer
	if _, err := b.WriteTo(&bundle); err != nil {
		fmt.Println(err)
		return
	}
	eng, err := runtime.OpenBytes(bundle.Bytes(), runtime.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()
	res, err := eng.Recommend(context.Background(), runtime.Request{User: "new-visitor", Features: d.UserFeatures[7], K: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d epochs; the tower reads %d features; %d items, fallback %q\n",
		len(epochs), eng.UserFeatures(), len(res.Items), res.Fallback)
	// Output: 3 epochs; the tower reads 16 features; 5 items, fallback ""
}
