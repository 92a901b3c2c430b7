package lightgcn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

type pair struct{ u, i int32 }

// trainer holds the layer-0 table, its Adam state and the buffers of one step.
type trainer struct {
	in    Input
	cfg   Config
	adj   *Adjacency // Â in the internal numbering (relabel), as ego, grad and the step's buffers
	rl    *relabel
	graph uint32 // graphHash of Â in the caller's numbering, for checkpoints
	prop  *propagation
	pairs []pair
	pos   [][]int32 // sorted, distinct positives per user, for negative rejection
	drawn []pair    // Sampling "users": the epoch's drawn (user, positive) pairs

	ego, grad []float32  // (Users+Items)×Dim: E⁰ and dL/dE⁰, rows in the internal numbering
	shards    []*nn.Adam // one Adam per row range of E⁰, stepped in parallel
	lr        float32    // the current learning rate (Config.LRDecay lowers it)

	// per-step scratch
	slot       []int32 // node -> index into nodes, or -1
	nodes      []int32 // the batch's distinct nodes, first-touch order
	trip       []int32 // 3 slots per triple: user, positive, negative
	final, g   []float32
	batch      []triple
	tripleNode []int32 // 3 nodes per triple, for the L2 term
}

func newTrainer(in Input, cfg Config) (*trainer, error) {
	if in.NumItems < 2 {
		return nil, fmt.Errorf("%w: %d items: need >= 2", ErrBadInput, in.NumItems)
	}
	orig, err := NewAdjacency(in.NumUsers, in.NumItems, in.Train) // in the caller's numbering
	if err != nil {
		return nil, err
	}
	rl := newRelabel(orig)
	if !relabelNodes {
		rl = identityRelabel(orig)
	}
	adj, err := NewAdjacency(in.NumUsers, in.NumItems, rl.train(in.Train))
	if err != nil {
		return nil, err
	}
	t := &trainer{in: in, cfg: cfg, adj: adj, rl: rl, graph: graphHash(orig),
		prop: newPropagation(adj, cfg.Dim, cfg.Layers, cfg.Workers),
		pos:  make([][]int32, in.NumUsers), slot: make([]int32, adj.Nodes())}
	for u := range in.NumUsers {
		lo, hi := orig.RowPtr[u], orig.RowPtr[u+1]
		p := make([]int32, hi-lo)
		for k, c := range orig.Col[lo:hi] {
			p[k] = c - int32(in.NumUsers)
			t.pairs = append(t.pairs, pair{int32(u), p[k]})
		}
		t.pos[u] = p
	}
	for i := range t.slot {
		t.slot[i] = -1
	}
	n := adj.Nodes() * cfg.Dim
	ego := make([]float32, n) // drawn in the caller's numbering: the relabelling does not change it
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6c67636e))
	initTable(ego, cfg, in.NumUsers, r)
	t.ego, t.grad = rl.toInternal(ego, cfg.Dim), make([]float32, n)
	// Shards split E⁰ at multiples of Adam's chunk, so the worker count does not change Adam's rounding.
	align := nn.AdamChunk / gcd(nn.AdamChunk, cfg.Dim) // rows
	for w := range cfg.Workers {
		lo, hi := w*adj.Nodes()/cfg.Workers/align*align, (w+1)*adj.Nodes()/cfg.Workers/align*align
		if w == cfg.Workers-1 {
			hi = adj.Nodes()
		}
		if hi <= lo {
			continue
		}
		p := &nn.Param{Name: "ego", Rows: hi - lo, Cols: cfg.Dim,
			Data: t.ego[lo*cfg.Dim : hi*cfg.Dim], Grad: t.grad[lo*cfg.Dim : hi*cfg.Dim]}
		t.shards = append(t.shards, nn.NewAdam([]*nn.Param{p}, nn.AdamConfig{LR: cfg.LearningRate}))
	}
	t.lr = cfg.LearningRate
	return t, nil
}

// step samples a negative for each pair, computes the gradient of the batch's loss and applies Adam. It
// returns the mean BPR loss.
func (t *trainer) step(batch []pair, rng *rand.Rand) float64 {
	t.batch = t.batch[:0]
	for _, p := range batch {
		t.batch = append(t.batch, triple{p.u, p.i, t.negative(p.u, rng)})
	}
	loss := t.gradient(t.batch)
	t.adamStep()
	return loss
}

// triple is a training example: user, positive item, negative item, in the caller's numbering.
type triple struct{ u, i, j int32 }

// gradient computes the batch's final rows, the BPR loss and its gradient, propagates the gradient back to
// E⁰ (into t.grad, every value overwritten) and adds the L2 term. It returns the mean BPR loss.
func (t *trainer) gradient(batch []triple) float64 {
	d, users := t.cfg.Dim, int32(t.in.NumUsers)
	t.nodes, t.trip, t.tripleNode = t.nodes[:0], t.trip[:0], t.tripleNode[:0]
	for _, b := range batch {
		for _, node := range [3]int32{t.rl.user(b.u), users + t.rl.item(b.i), users + t.rl.item(b.j)} {
			t.trip = append(t.trip, t.slotOf(node))
			t.tripleNode = append(t.tripleNode, node)
		}
	}
	rows := len(t.nodes) * d
	t.final, t.g = grow(t.final, rows), grow(t.g, rows)
	t.prop.rows(t.final, t.ego, t.nodes)
	clear(t.g)
	loss := bprGrad(t.final, t.g, t.trip, d)
	t.prop.backward(t.grad, t.g, t.nodes)
	if lambda := t.cfg.reg() / float32(len(batch)); lambda > 0 {
		for _, node := range t.tripleNode {
			o := int(node) * d
			kernel.Axpy(lambda, t.ego[o:o+d], t.grad[o:o+d])
		}
	}
	for _, node := range t.nodes {
		t.slot[node] = -1
	}
	return loss
}

// bprGrad adds, for each triple (u, i, j) of slots into final, the gradient of the batch-mean BPR loss
// mean(−ln σ(f_u·f_i − f_u·f_j)) to g, and returns that loss.
func bprGrad(final, g []float32, trip []int32, d int) float64 {
	n := len(trip) / 3
	inv := 1 / float32(n)
	var loss float64
	for b := range n {
		su, si, sj := int(trip[3*b])*d, int(trip[3*b+1])*d, int(trip[3*b+2])*d
		fu, fi, fj := final[su:su+d], final[si:si+d], final[sj:sj+d]
		x := kernel.Dot(fu, fi) - kernel.Dot(fu, fj)
		loss += softplus(-float64(x))
		c := -float32(1/(1+math.Exp(float64(x)))) * inv // d/dx of −ln σ(x), over the batch
		kernel.Axpy(c, fi, g[su:su+d])
		kernel.Axpy(-c, fj, g[su:su+d])
		kernel.Axpy(c, fu, g[si:si+d])
		kernel.Axpy(-c, fu, g[sj:sj+d])
	}
	return loss / float64(n)
}

// adamStep updates every shard of E⁰ in parallel (the gradient P·G reaches almost every row, so the update
// is dense, as PyTorch's).
func (t *trainer) adamStep() {
	var wg sync.WaitGroup
	for _, a := range t.shards[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.Step()
		}()
	}
	t.shards[0].Step()
	wg.Wait()
}

func (t *trainer) slotOf(node int32) int32 {
	if s := t.slot[node]; s >= 0 {
		return s
	}
	s := int32(len(t.nodes))
	t.slot[node] = s
	t.nodes = append(t.nodes, node)
	return s
}

// initTable fills the layer-0 table (users' rows, then items', in the caller's numbering) as cfg.Init says.
func initTable(ego []float32, cfg Config, users int, r *rand.Rand) {
	if cfg.Init == InitXavier {
		u := users * cfg.Dim
		for _, t := range [][]float32{ego[:u], ego[u:]} {
			(&nn.Param{Rows: len(t) / cfg.Dim, Cols: cfg.Dim, Data: t}).InitXavier(r)
		}
		return
	}
	for j := range ego {
		ego[j] = float32(r.NormFloat64()) * cfg.InitStd
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n, n+n/4)
	}
	return b[:n]
}

func softplus(v float64) float64 {
	if v > 30 {
		return v
	}
	return math.Log1p(math.Exp(v))
}
