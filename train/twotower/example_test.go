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

// Train a Two-Tower model whose item tower fuses a text modality and the ID, pack it with a new item that
// has only its text vector, and compute that item's vector again from the bundle alone.
func ExampleModel_AddItems() {
	const items, dim = 50, 4
	text := twotower.Modality{Name: "text", Dim: dim}
	for i := range items {
		text.Data = append(text.Data, float32(i%5), float32(i%3), 1, float32(i%2))
	}
	in := twotower.Input{NumUsers: 20, NumItems: items, Train: make([][]int32, 20), ItemModalities: []twotower.Modality{text}}
	ids := make([]string, items)
	for i := range ids {
		ids[i] = fmt.Sprint("item", i)
	}
	users := make([]string, in.NumUsers)
	for u := range in.Train {
		in.Train[u] = []int32{int32(u), int32(u + 5), int32(u + 10)}
		users[u] = fmt.Sprint("user", u)
	}
	cfg := twotower.Config{Dim: 8, Epochs: 2, BatchSize: 16, Workers: 1,
		Fusion: twotower.FusionConfig{Strategy: twotower.FuseAttention}, Item: twotower.TowerConfig{IDDropout: 0.3}}
	m, _, err := twotower.Train(context.Background(), in, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fresh := twotower.ItemInput{Modalities: map[string][]float32{"text": {1, 2, 1, 0}}}
	if err := m.AddItems([]string{"new-item"}, []twotower.ItemInput{fresh}); err != nil {
		fmt.Println(err)
		return
	}
	b, err := m.Builder(train.Embeddings{ItemIDs: ids, UserIDs: users}, train.PackOptions{})
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
	tower, err := runtime.LoadItemTower(eng.Bundle())
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := tower.Encode(runtime.ItemInput{Modalities: fresh.Modalities})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d items packed (%d new); fusion %s; the new item's vector has %d values\n",
		eng.NumItems(), m.NewItems(), tower.Spec().Strategy, len(v))
	// Output: 51 items packed (1 new); fusion attention; the new item's vector has 8 values
}
