package twotower

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

type pair struct{ u, i int32 }

// trainer holds one training run's state and its per-step buffers.
type trainer struct {
	cfg      Config
	m        *Model
	tape     *nn.Tape
	opt      nn.Optimizer
	lr       float32 // the current learning rate (Config.LRDecay lowers it)
	pairs    []pair
	batches  *nn.Batcher
	dropLast bool
	logQ     []float32        // per item: cfg.LogQ·log of its expected count (inbatch, mixed); nil without correction
	sampler  *nn.AliasSampler // negatives (sampled, bce, bpr)
	rng      *rand.Rand       // id dropout and negatives

	// per-step buffers
	uRows, uEmb, iRows, iEmb, negRows, negEmb []int32
	allRows, allEmb                           []int32 // mixed: positives then samples
	lq, negLQ, ones, zeros                    []float32
}

func newTrainer(in Input, c Config) (*trainer, error) {
	if len(in.Train) != in.NumUsers || in.NumUsers < 1 || in.NumItems < 2 {
		return nil, fmt.Errorf("%w: %d training rows for %d users, %d items: need one row per user and >= 2 items",
			ErrInput, len(in.Train), in.NumUsers, in.NumItems)
	}
	if c.LearnTemperature && c.Loss != LossInBatch {
		return nil, fmt.Errorf("%w: a learned temperature needs the inbatch loss, not %s", ErrInput, c.Loss)
	}
	t := &trainer{cfg: c, rng: rand.New(rand.NewPCG(uint64(c.Seed), 0x6472))}
	counts := make([]int, in.NumItems)
	for u, items := range in.Train {
		for _, i := range items {
			if i < 0 || int(i) >= in.NumItems {
				return nil, fmt.Errorf("%w: user %d has item %d outside 0..%d", ErrInput, u, i, in.NumItems-1)
			}
			t.pairs = append(t.pairs, pair{int32(u), i})
			counts[i]++
		}
	}
	if len(t.pairs) == 0 {
		return nil, fmt.Errorf("%w: no training interactions", ErrInput)
	}
	m, err := newModel(in, c)
	if err != nil {
		return nil, err
	}
	t.m = m
	t.tape = nn.NewTape(nn.Config{Workers: c.Workers, Seed: uint64(c.Seed)})
	t.opt, t.lr = newOptimizer(c, m.params.All()), c.LearningRate
	t.dropLast = (c.Loss == LossInBatch || c.Loss == LossMixed) && len(t.pairs) > c.BatchSize
	t.batches = nn.NewBatcher(len(t.pairs), nn.BatcherConfig{BatchSize: c.BatchSize, Seed: uint64(c.Seed), DropLast: t.dropLast})
	return t, t.initSampling(counts)
}

func newOptimizer(c Config, ps []*nn.Param) nn.Optimizer {
	switch c.Optimizer {
	case OptAdamW:
		return nn.NewAdamW(ps, nn.AdamConfig{LR: c.LearningRate, WeightDecay: c.WeightDecay})
	case OptAdagrad:
		return nn.NewAdagrad(ps, nn.AdagradConfig{LR: c.LearningRate, WeightDecay: c.WeightDecay})
	case OptSGD:
		return nn.NewSGD(ps, nn.SGDConfig{LR: c.LearningRate, WeightDecay: c.WeightDecay})
	}
	return nn.NewAdam(ps, nn.AdamConfig{LR: c.LearningRate, WeightDecay: c.WeightDecay})
}

// initSampling prepares the log-Q correction (inbatch) or the negative sampler (the other losses).
func (t *trainer) initSampling(counts []int) error {
	c := t.cfg
	if c.Loss == LossInBatch {
		if c.LogQ > 0 {
			t.logQ = make([]float32, len(counts))
			total := float64(len(t.pairs))
			for i, n := range counts {
				t.logQ[i] = c.LogQ * float32(math.Log(float64(max(n, 1))/total))
			}
		}
		return nil
	}
	s, err := nn.NewAliasSampler(nn.PopularityWeights(counts, float64(c.SamplerAlpha)))
	if err != nil {
		return fmt.Errorf("%w: negative sampler: %w", ErrInput, err)
	}
	t.sampler = s
	if c.Loss == LossMixed && c.LogQ > 0 {
		// An item's expected count among a step's negatives: B·(its share of the interactions) from the
		// batch plus N·(its sampling probability) from the sampler.
		t.logQ = make([]float32, len(counts))
		total, b, n := float64(len(t.pairs)), float64(c.BatchSize), float64(c.Negatives)
		for i, k := range counts {
			e := b*float64(k)/total + n*math.Exp(float64(s.LogQ(int32(i))))
			t.logQ[i] = c.LogQ * float32(math.Log(max(e, 1e-30)))
		}
	}
	t.ones = make([]float32, max(c.BatchSize, c.Negatives))
	for k := range t.ones {
		t.ones[k] = 1
	}
	t.zeros = make([]float32, c.BatchSize*c.Negatives)
	return nil
}

// step trains on one batch of example indices and returns the batch's loss.
func (t *trainer) step(batch []int32) (float32, error) {
	tp, m := t.tape, t.m
	tp.Reset()
	t.fillIDs(batch)
	u := m.user.forwardTrain(tp, t.uEmb, t.uRows, t.rng)
	var loss *nn.Tensor
	if t.cfg.Loss == LossMixed {
		loss = t.mixedLoss(tp, u)
	} else {
		loss = t.loss(tp, u, m.item.forward(tp, t.iEmb, t.iRows))
	}
	m.params.ZeroGrad()
	if err := tp.Backward(loss); err != nil {
		return 0, fmt.Errorf("twotower: %w", err)
	}
	if t.cfg.ClipNorm > 0 {
		nn.ClipGradNorm(m.params.All(), t.cfg.ClipNorm)
	}
	t.opt.Step()
	if m.tau != nil {
		m.tau.Data[0] = min(max(m.tau.Data[0], 0.01), 2)
	}
	return loss.Scalar(), nil
}

// fillIDs fills the batch's feature rows and embedding ids (the unknown id where id dropout strikes).
func (t *trainer) fillIDs(batch []int32) {
	t.uRows, t.uEmb, t.iRows, t.iEmb = t.uRows[:0], t.uEmb[:0], t.iRows[:0], t.iEmb[:0]
	for _, e := range batch {
		p := t.pairs[e]
		t.uRows = append(t.uRows, p.u)
		t.iRows = append(t.iRows, p.i)
	}
	t.uEmb = t.dropIDs(t.m.user, t.uRows, t.uEmb)
	t.iEmb = t.dropIDs(t.m.item, t.iRows, t.iEmb)
}

// dropIDs appends rows to dst, each replaced by the tower's unknown id with probability IDDropout.
func (t *trainer) dropIDs(tw *tower, rows, dst []int32) []int32 {
	p := float64(tw.cfg.IDDropout)
	for _, r := range rows {
		if p > 0 && t.rng.Float64() < p {
			r = tw.unknownID()
		}
		dst = append(dst, r)
	}
	return dst
}

// loss records the configured loss of user outputs u against their positives' outputs v.
func (t *trainer) loss(tp *nn.Tape, u, v *nn.Tensor) *nn.Tensor {
	c := t.cfg
	if c.Loss == LossInBatch {
		opt := nn.InBatchOptions{Temperature: c.Temperature, ItemIDs: t.iRows}
		if t.logQ != nil {
			t.lq = t.lq[:0]
			for _, i := range t.iRows {
				t.lq = append(t.lq, t.logQ[i])
			}
			opt.LogQ = t.lq
		}
		if t.m.tau != nil {
			opt.Tau = tp.Param(t.m.tau)
		}
		return tp.InBatchSoftmaxWith(u, v, opt)
	}
	neg := t.negatives(tp)
	if c.Loss == LossSampled {
		return tp.SampledSoftmax(u, v, neg, t.sampledOptions())
	}
	b, n, inv := u.Rows, neg.Rows, 1/c.Temperature
	pos := tp.Scale(tp.RowDot(u, v), inv)
	negs := tp.Scale(tp.MatMulT(u, neg), inv)
	if c.Loss == LossBCE {
		return tp.Add(tp.BCEWithLogits(pos, t.ones[:b]), tp.BCEWithLogits(negs, t.zeros[:b*n]))
	}
	return tp.BPR(tp.MatMul(pos, tp.Const(1, n, t.ones[:n])), negs) // each positive repeated n times
}

// negatives draws the batch's shared negatives and returns their item-tower outputs.
func (t *trainer) negatives(tp *nn.Tape) *nn.Tensor {
	t.drawNegatives()
	return t.m.item.forward(tp, t.negEmb, t.negRows)
}

// drawNegatives fills negRows with Negatives draws of the sampler and negEmb with their embedding ids.
func (t *trainer) drawNegatives() {
	n := t.cfg.Negatives
	if cap(t.negRows) < n {
		t.negRows = make([]int32, n)
	}
	t.negRows = t.negRows[:n]
	t.sampler.SampleN(t.rng, t.negRows)
	t.negEmb = t.dropIDs(t.m.item, t.negRows, t.negEmb[:0])
}

// mixedLoss is the sampled softmax of each user's positive against the batch's items and Negatives
// sampled items at once: one item-tower pass over [positives; samples], whose first B rows are the
// positives (a view: their gradients land in the same rows). A row's own item among the negatives is an
// accidental hit and is masked, so the batch part is the in-batch softmax.
func (t *trainer) mixedLoss(tp *nn.Tape, u *nn.Tensor) *nn.Tensor {
	t.drawNegatives()
	b := len(t.iRows)
	t.allRows = append(append(t.allRows[:0], t.iRows...), t.negRows...)
	t.allEmb = append(append(t.allEmb[:0], t.iEmb...), t.negEmb...)
	all := t.m.item.forward(tp, t.allEmb, t.allRows)
	d := all.Cols
	pos := tp.Const(b, d, all.Data[:b*d])
	if all.Grad != nil {
		pos.Grad = all.Grad[:b*d]
	}
	opt := nn.SampledOptions{Temperature: t.cfg.Temperature, PosIDs: t.iRows, NegIDs: t.allRows}
	if t.logQ != nil {
		t.lq, t.negLQ = t.lq[:0], t.negLQ[:0]
		for _, i := range t.iRows {
			t.lq = append(t.lq, t.logQ[i])
		}
		for _, i := range t.allRows {
			t.negLQ = append(t.negLQ, t.logQ[i])
		}
		opt.PosLogQ, opt.NegLogQ = t.lq, t.negLQ
	}
	return tp.SampledSoftmax(u, pos, all, opt)
}

// sampledOptions corrects the sampled softmax by log(N·q) of the sampler (scaled by Config.LogQ) and
// masks negatives equal to a row's positive.
func (t *trainer) sampledOptions() nn.SampledOptions {
	c := t.cfg
	opt := nn.SampledOptions{Temperature: c.Temperature, PosIDs: t.iRows, NegIDs: t.negRows}
	if c.LogQ <= 0 {
		return opt
	}
	logN := float32(math.Log(float64(c.Negatives)))
	t.lq, t.negLQ = t.lq[:0], t.negLQ[:0]
	for _, i := range t.iRows {
		t.lq = append(t.lq, c.LogQ*(logN+t.sampler.LogQ(i)))
	}
	for _, i := range t.negRows {
		t.negLQ = append(t.negLQ, c.LogQ*(logN+t.sampler.LogQ(i)))
	}
	opt.PosLogQ, opt.NegLogQ = t.lq, t.negLQ
	return opt
}
