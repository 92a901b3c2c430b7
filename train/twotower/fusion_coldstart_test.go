package twotower

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/nn"
)

// plantedData has items in latent clusters, users who each like one cluster, and two modalities that are
// noisy views of the item's cluster ("text": the cluster's centre plus noise; "image": a random linear
// view of it plus noise, missing for a third of the items), and a cluster attribute on some items.
type plantedData struct {
	in          Input
	clusters    int
	itemCluster []int // known items, then new items
	userCluster []int
	newInputs   []ItemInput // the new items: modality vectors only
}

func newPlantedData(seed uint64, clusters, perCluster, newPerCluster, users int) plantedData {
	rng := rand.New(rand.NewPCG(seed, 77))
	const textDim, imageDim = 16, 8
	centre := make([][]float32, clusters)
	for c := range centre {
		centre[c] = gaussian(rng, textDim, 1)
	}
	view := gaussian(rng, imageDim*textDim, 0.3)
	known := clusters * perCluster
	d := plantedData{clusters: clusters}
	text := Modality{Name: "text", Dim: textDim}
	image := Modality{Name: "image", Dim: imageDim, Present: make([]bool, known)}
	attrs := &Attributes{Items: make([][]int32, known)}
	for c := range clusters {
		attrs.Names = append(attrs.Names, "cluster"+strconv.Itoa(c))
	}
	item := func(c int) (t, im []float32) {
		t = gaussian(rng, textDim, 0.6)
		im = gaussian(rng, imageDim, 0.3)
		for j := range t {
			t[j] += centre[c][j]
		}
		for o := range im {
			for j := range textDim {
				im[o] += view[o*textDim+j] * centre[c][j]
			}
		}
		return t, im
	}
	for i := range known {
		c := i % clusters
		t, im := item(c)
		d.itemCluster = append(d.itemCluster, c)
		text.Data = append(text.Data, t...)
		image.Present[i] = i%3 != 0
		image.Data = append(image.Data, im...)
		if i%2 == 0 {
			attrs.Items[i] = []int32{int32(c)}
		}
	}
	for k := range clusters * newPerCluster {
		c := k % clusters
		t, im := item(c)
		in := ItemInput{Modalities: map[string][]float32{"text": t}}
		if k%2 == 0 {
			in.Modalities["image"] = im
		}
		d.itemCluster = append(d.itemCluster, c)
		d.newInputs = append(d.newInputs, in)
	}
	d.in = Input{NumUsers: users, NumItems: known, Train: make([][]int32, users),
		ItemModalities: []Modality{text, image}, ItemAttributes: attrs}
	for u := range users {
		c := rng.IntN(clusters)
		d.userCluster = append(d.userCluster, c)
		for range 8 {
			d.in.Train[u] = append(d.in.Train[u], int32(c+clusters*rng.IntN(perCluster)))
		}
	}
	return d
}

func gaussian(rng *rand.Rand, n int, std float64) []float32 {
	v := make([]float32, n)
	for j := range v {
		v[j] = float32(rng.NormFloat64() * std)
	}
	return v
}

// newItemHits asks the engine for each user's top k and returns, over (new item, user) pairs, the share
// of pairs where the new item is retrieved: for users who like the item's cluster, and for the others.
func newItemHits(t *testing.T, eng *runtime.Engine, d plantedData, ids []string, k int) (same, other float64) {
	t.Helper()
	known := d.in.NumItems
	var hits, pairs [2]float64
	for u, c := range d.userCluster {
		res, err := eng.Recommend(context.Background(), runtime.Request{User: "u" + strconv.Itoa(u), K: k})
		require.NoError(t, err)
		got := map[string]bool{}
		for _, it := range res.Items {
			got[it.ID] = true
		}
		for n := range d.newInputs {
			s := 1
			if d.itemCluster[known+n] == c {
				s = 0
			}
			pairs[s]++
			if got[ids[known+n]] {
				hits[s]++
			}
		}
	}
	return hits[0] / pairs[0], hits[1] / pairs[1]
}

// Cold start: a new item packed with only its modality vectors (no interaction, no ID) is retrieved in
// the top k of the users who like its cluster and not of the others. An ID-only model, whose best guess
// for a new item is its unknown-id row, cannot tell new items apart.
func TestColdItemsRetrievedByModalities(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models")
	}
	const clusters, perCluster, newPer, k = 8, 30, 4, 40
	d := newPlantedData(3, clusters, perCluster, newPer, 400)
	ids := itemIDs(clusters * (perCluster + newPer))
	e := train.Embeddings{ItemIDs: ids[:d.in.NumItems], UserIDs: userIDs(d.in.NumUsers)}
	opt := train.PackOptions{Index: train.IndexExact}

	idOnly := d.in
	idOnly.ItemModalities, idOnly.ItemAttributes = nil, nil
	ido, _, err := Train(context.Background(), idOnly, Config{Dim: 16, Epochs: 10, BatchSize: 128, LearningRate: 0.005, Workers: 2})
	require.NoError(t, err)
	ido.newIDs = ids[d.in.NumItems:]
	ido.newItems = unknownItemVectors(ido, len(d.newInputs))
	iSame, iOther := newItemHits(t, packIDOnly(t, ido, e, opt), d, ids, k)
	t.Logf("id-only: new items in the top %d of %.3f of their cluster's users, %.3f of the others", k, iSame, iOther)
	require.Less(t, iSame-iOther, 0.2, "an ID-only model cannot tell new items apart")
	require.Less(t, iSame, 0.5, "nor retrieve them for their cluster's users")

	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			cfg := Config{Dim: 16, Epochs: 10, BatchSize: 128, LearningRate: 0.005, Workers: 2,
				Fusion: FusionConfig{Strategy: strategy}, Item: TowerConfig{IDDropout: 0.5}}
			fused, _, err := Train(context.Background(), d.in, cfg)
			require.NoError(t, err)
			require.NoError(t, fused.AddItems(ids[d.in.NumItems:], d.newInputs))
			eng := packEmbeddings(t, fused, e, opt)
			require.Equal(t, len(ids), eng.NumItems())
			tower, err := runtime.LoadItemTower(eng.Bundle())
			require.NoError(t, err)
			for n, it := range d.newInputs[:3] { // the packed vectors are the runtime's encoding
				v, err := tower.Encode(runtime.ItemInput{Modalities: it.Modalities})
				require.NoError(t, err)
				require.InDeltaSlice(t, fused.newItems[n*16:(n+1)*16], v, 1e-5)
			}
			same, other := newItemHits(t, eng, d, ids, k)
			t.Logf("%s: new items in the top %d of %.3f of their cluster's users, %.3f of the others", strategy, k, same, other)
			require.Greater(t, same, 0.8, "retrieved for the users who like the cluster")
			require.Less(t, other, 0.1, "not for the others")
		})
	}
}

// unknownItemVectors is what an ID-only model can say about n new items: its unknown-id row's output.
func unknownItemVectors(m *Model, n int) []float32 {
	tp := nn.NewTape(nn.Config{Workers: 1})
	tp.SetTraining(false)
	ids := slices.Repeat([]int32{m.item.unknownID()}, n)
	return slices.Clone(m.item.forward(tp, ids, ids).Data)
}

// packIDOnly packs an ID-only model with its new items appended (the Builder only appends them for a
// multi-modal tower).
func packIDOnly(t *testing.T, m *Model, e train.Embeddings, opt train.PackOptions) *runtime.Engine {
	t.Helper()
	items := slices.Concat(m.Items, m.newItems)
	m.Items = items
	e.ItemIDs = slices.Concat(e.ItemIDs, m.newIDs)
	return packEmbeddings(t, m, e, opt)
}
