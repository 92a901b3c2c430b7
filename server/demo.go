package server

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/mf"
)

// DemoBundle builds the bundle `pack demo` builds, in memory: synthetic data with planted tastes (seeded),
// split leave-one-out by time, an MF-BPR model with early stopping on the validation items, packed with
// int8 item and user embeddings, seen items and popularity. It takes a few seconds on two cores. User
// ids look like "u0007", item ids like "i0042".
func DemoBundle(ctx context.Context, seed int64) ([]byte, error) {
	data := synth.Generate(synth.Config{Seed: seed})
	ds := data.Dataset
	split := dataset.LeaveOneOut(ds)
	start := time.Now()
	cfg := mf.Config{Seed: seed, Epochs: 40}
	model, epochs, err := mf.Train(ctx, mf.Input{NumUsers: ds.Users.Len(), NumItems: ds.Items.Len(),
		Train: split.Train, Valid: eval.LeaveOneOutCases(split, false)}, cfg)
	if err != nil {
		return nil, fmt.Errorf("server: demo: %w", err)
	}
	seen := make([][]int32, split.NumUsers)
	for u := range seen {
		seen[u] = split.TrainValid(u)
	}
	emb := &train.Embeddings{
		Manifest: modelpack.Manifest{Kind: modelpack.KindMF, Name: "synthetic demo", CreatedAt: time.Now().UTC(),
			Metric: modelpack.MetricDot, Training: modelpack.Training{Source: ds.Source, Users: ds.Users.Len(),
				Items: ds.Items.Len(), Interactions: len(ds.Rows), Epochs: len(epochs),
				Seconds: time.Since(start).Seconds()}},
		Dim: model.Dim, Items: model.V, Users: model.U, ItemIDs: ds.Items.IDs(), UserIDs: ds.Users.IDs(),
		Seen: seen, Popularity: train.Popularity(split.Train, ds.Items.Len()), Attributes: data.Attributes,
	}
	b, err := emb.Builder(train.PackOptions{Quant: modelpack.QuantInt8})
	if err != nil {
		return nil, fmt.Errorf("server: demo: %w", err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("server: demo: %w", err)
	}
	return buf.Bytes(), nil
}
