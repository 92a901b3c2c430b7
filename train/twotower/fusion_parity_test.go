package twotower

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

func itemIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "i" + strconv.Itoa(i)
	}
	return ids
}

func userIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "u" + strconv.Itoa(i)
	}
	return ids
}

// newItemInputs makes new items with every pattern of missing modalities (and unknown attributes).
func newItemInputs(rng *rand.Rand, in Input) []ItemInput {
	var out []ItemInput
	for k := range 8 {
		it := ItemInput{Modalities: map[string][]float32{}}
		for j, md := range in.ItemModalities {
			if k>>j&1 == 0 {
				continue
			}
			v := make([]float32, md.Dim)
			for d := range v {
				v[d] = float32(rng.NormFloat64())
			}
			it.Modalities[md.Name] = v
		}
		if k&4 != 0 {
			it.Attributes = []string{"b", "nope", in.ItemAttributes.Names[k%4]}
		}
		out = append(out, it)
	}
	return out
}

// The runtime's item tower computes, from the exported weights, what the trainer's forward computes for
// new items: every strategy, with and without the ID modality, hidden layers and normalisation, for
// every pattern of missing modalities (including none present).
func TestRuntimeItemTowerEqualsTrainer(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	in := fusionInput(rng, 40, 30)
	for _, strategy := range strategies {
		for _, c := range []struct {
			noID, normalize bool
			hidden          []int
		}{{false, true, []int{7}}, {true, false, nil}} {
			name := fmt.Sprintf("strategy=%s/noid=%v/normalize=%v", strategy, c.noID, c.normalize)
			t.Run(name, func(t *testing.T) {
				cfg := Config{Dim: 6, Epochs: 2, BatchSize: 16, Workers: 1, NoNormalize: !c.normalize,
					Fusion: FusionConfig{Strategy: strategy, Width: 5},
					Item:   TowerConfig{NoID: c.noID, Hidden: c.hidden, Activation: "gelu", IDDropout: 0.3}}
				m, _, err := Train(context.Background(), in, cfg)
				require.NoError(t, err)
				eng := packEmbeddings(t, m, train.Embeddings{ItemIDs: itemIDs(30), UserIDs: userIDs(40)}, train.PackOptions{})
				tower, err := runtime.LoadItemTower(eng.Bundle())
				require.NoError(t, err)
				require.Equal(t, strategy, tower.Spec().Strategy)
				items := newItemInputs(rng, in)
				want, err := m.EncodeItems(items)
				require.NoError(t, err)
				for k, it := range items {
					got, err := tower.Encode(runtime.ItemInput{Modalities: it.Modalities, Attributes: it.Attributes})
					require.NoError(t, err)
					require.InDeltaSlice(t, want[k*6:(k+1)*6], got, 1e-5, "new item %d", k)
				}
			})
		}
	}
}

// Bad new-item inputs are errors on both sides, never a panic.
func TestItemTowerBadInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	in := fusionInput(rng, 20, 12)
	m, _, err := Train(context.Background(), in, Config{Dim: 4, Epochs: 1, BatchSize: 8, Workers: 1,
		Fusion: FusionConfig{Strategy: FuseAttention}})
	require.NoError(t, err)
	eng := packEmbeddings(t, m, train.Embeddings{ItemIDs: itemIDs(12), UserIDs: userIDs(20)}, train.PackOptions{})
	tower, err := runtime.LoadItemTower(eng.Bundle())
	require.NoError(t, err)
	nan := float32(0)
	nan /= nan
	for name, mods := range map[string]map[string][]float32{
		"unknown modality": {"other": {1}},
		"wrong size":       {"m0": {1, 2}},
		"not finite":       {"m0": {1, nan, 3}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := m.EncodeItems([]ItemInput{{Modalities: mods}})
			require.ErrorIs(t, err, ErrInput)
			_, err = tower.Encode(runtime.ItemInput{Modalities: mods})
			require.ErrorIs(t, err, runtime.ErrBadRequest)
		})
	}
}

// Without modalities there is no item tower: LoadItemTower says so, and EncodeItems refuses.
func TestIDOnlyBundleHasNoItemTower(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 3))
	in := fusionInput(rng, 20, 12)
	in.ItemModalities, in.ItemAttributes = nil, nil
	m, _, err := Train(context.Background(), in, Config{Dim: 4, Epochs: 1, BatchSize: 8, Workers: 1})
	require.NoError(t, err)
	require.False(t, m.Multimodal())
	_, err = m.EncodeItems([]ItemInput{{}})
	require.ErrorIs(t, err, ErrInput)
	eng := packEmbeddings(t, m, train.Embeddings{ItemIDs: itemIDs(12), UserIDs: userIDs(20)}, train.PackOptions{})
	_, err = runtime.LoadItemTower(eng.Bundle())
	require.ErrorIs(t, err, runtime.ErrBundle)
}
