package examples

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/examples/go/rule"
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/rules/sdk/go/rerank"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

var native = map[string]rerank.Rule{"newer": rule.Newer, "diverse": rule.Diverse, "band": rule.Band}

// world is a random catalog with categories, creation times and prices.
type world struct {
	cat    *modelpack.Catalog
	prices []float32
	now    time.Time
}

func newWorld(rng *rand.Rand, n int) *world {
	w := &world{cat: &modelpack.Catalog{}, now: time.Unix(1_750_000_000, 0)}
	for i := range n {
		w.cat.ItemIDs = append(w.cat.ItemIDs, fmt.Sprintf("item-%d", i))
		c := ""
		if rng.IntN(6) > 0 {
			c = fmt.Sprintf("cat-%d", rng.IntN(5))
		}
		w.cat.Category = append(w.cat.Category, c)
		var created int64
		if rng.IntN(8) > 0 {
			created = w.now.Unix() - rng.Int64N(90*86400)
		}
		w.cat.CreatedAt = append(w.cat.CreatedAt, created)
		var price float32
		if rng.IntN(4) > 0 {
			price = float32(rng.IntN(2000)) / 2
		}
		w.prices = append(w.prices, price)
	}
	return w
}

func (w *world) attrs(i int32, a *[abi.NumAttrs]float32) { a[0] = w.prices[i] }

// candidates draws n distinct items with scores in [-1, 3), some tied.
func (w *world) candidates(rng *rand.Rand, n int) []runtime.Candidate {
	perm := rng.Perm(len(w.prices))[:n]
	c := make([]runtime.Candidate, n)
	for i, p := range perm {
		c[i] = runtime.Candidate{Index: int32(p), Score: float32(rng.IntN(400)-100) / 100}
	}
	return c
}

// nativeAnswer runs the Go rule natively on the input the host would send.
func (w *world) nativeAnswer(t *testing.T, name string, in *runtime.RerankInput, cands []runtime.Candidate, config []byte) []runtime.Candidate {
	recs := make([]abi.Record, len(cands))
	for j, c := range cands {
		recs[j] = abi.Record{Index: c.Index, Score: c.Score, IDHash: abi.Hash(w.cat.ItemID(c.Index)),
			CreatedAt: w.cat.ItemCreatedAt(c.Index), CategoryHash: abi.Hash(w.cat.ItemCategory(c.Index))}
		w.attrs(c.Index, &recs[j].Attrs)
	}
	h := abi.Header{K: uint32(in.K), Config: config}
	if !in.Now.IsZero() {
		h.Now = in.Now.Unix()
	}
	b, err := abi.AppendInput(nil, h, recs, nil)
	require.NoError(t, err)
	rerank.Register(native[name])
	block, err := rerank.Run(b)
	require.NoError(t, err)
	var out abi.Output
	require.NoError(t, out.Decode(block, len(cands)))
	res := make([]runtime.Candidate, len(out.Positions))
	for j, p := range out.Positions {
		res[j] = cands[p]
		if out.Rescored {
			res[j].Score = out.Scores[j]
		}
	}
	return res
}

// TestSameAnswers: every example plugin, in every language, answers exactly as its rule run natively.
func TestSameAnswers(t *testing.T) {
	ctx := context.Background()
	h, err := plugin.NewHost(ctx, plugin.HostConfig{})
	require.NoError(t, err)
	defer h.Close(ctx)
	rng := rand.New(rand.NewPCG(1, 2))
	w := newWorld(rng, 3000)
	band := binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.5))
	for _, f := range []float32{2, 10, 200} {
		band = binary.LittleEndian.AppendUint32(band, math.Float32bits(f))
	}
	for _, f := range fixtures() {
		if f.lang == "go" && testing.Short() {
			continue // compiling a 2 MB Go plugin takes seconds
		}
		t.Run(f.lang+"/"+f.rule, func(t *testing.T) {
			wasm, err := os.ReadFile(f.path)
			require.NoError(t, err)
			for _, config := range [][]byte{nil, band} {
				if config != nil && f.rule != "band" {
					continue
				}
				// Loaded while the other configuration's plugin is open: the compiled code is shared.
				p, err := h.Load(ctx, f.path, wasm, plugin.Options{Policy: plugin.Fail, Attributes: w.attrs, Config: config})
				require.NoError(t, err)
				defer p.Close(ctx)
				for _, n := range []int{1, 2, 7, 50, 1000} {
					for _, k := range []int{0, 3, 10} {
						in := &runtime.RerankInput{K: k, Now: w.now, Catalog: w.cat}
						if n == 7 {
							in.Now = time.Time{}
						}
						cands := w.candidates(rng, n)
						want := w.nativeAnswer(t, f.rule, in, cands, config)
						got, err := p.Rerank(ctx, in, append([]runtime.Candidate(nil), cands...))
						require.NoError(t, err)
						require.Equal(t, want, got, "n=%d k=%d config=%v", n, k, config != nil)
					}
				}
			}
		})
	}
}
