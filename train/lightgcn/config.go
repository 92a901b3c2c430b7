package lightgcn

import (
	"fmt"
	"io"
	"runtime"

	"github.com/corerec/corerec/train/nn"
)

// Config holds the hyper-parameters. The zero value trains the LightGCN paper's Gowalla setting (dim 64,
// 3 layers, Adam at lr 1e-3, batch 2048, reg 1e-4) but for the sampler (the paper's code draws users
// uniformly: Sampling nn.SampleUsers): every zero field takes the default written beside it.
type Config struct {
	// Dim is the embedding dimension. Default 64.
	Dim int `json:"dim"`
	// Layers is K, the number of propagation layers; the final embedding is the mean of layers 0…K
	// (α_k = 1/(K+1)). Default 3. Layers 0 is not expressible (use --model mf).
	Layers int `json:"layers"`
	// Epochs is the maximum number of passes over the training interactions. Default 1000 (the paper's).
	Epochs int `json:"epochs"`
	// LearningRate is Adam's step size. Default 1e-3.
	LearningRate float32 `json:"lr"`
	// Reg is λ of the L2 penalty on the batch's layer-0 (ego) embeddings, as the paper's code does:
	// λ·½(‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²) summed over the batch's triples and divided by the batch size (the BPR
	// term is a batch mean too). Default 1e-4; negative disables.
	Reg float32 `json:"reg"`
	// LRDecay multiplies the learning rate by this factor after every validation evaluation that does
	// not improve on the best NDCG@10 (reduce on plateau). Default 0: off. Must be in [0, 1).
	LRDecay float32 `json:"lr_decay"`
	// Sampling chooses an epoch's (user, positive) pairs: nn.SamplePairs (default) visits every training pair
	// once in a shuffled order, so a user weighs in proportion to their number of items; nn.SampleUsers
	// draws as many pairs as there are, each from a uniformly drawn user (the LightGCN reference code's
	// sampler), so every user weighs the same, as in the per-user averages of Recall@K and NDCG@K.
	Sampling string `json:"sampling"`
	// BatchSize is the number of (user, positive, negative) triples per step. Default 2048.
	BatchSize int `json:"batch"`
	// Init chooses how the layer-0 table starts: InitNormal (default) draws every value from N(0, InitStd²),
	// as the reference PyTorch code does; InitXavier draws the user table uniformly from ±√(6/(users+dim))
	// and the item table from ±√(6/(items+dim)) (Glorot uniform on each [rows, dim] table, as the
	// paper's TensorFlow code does), and ignores InitStd.
	Init string `json:"init"`
	// InitStd is the standard deviation of the initial layer-0 embeddings with InitNormal. Default 0.1.
	InitStd float32 `json:"init_std"`
	// Workers is the number of goroutines of the sparse products and the evaluation. Default GOMAXPROCS.
	// Results do not depend on it (each output row is computed by one goroutine in a fixed order).
	Workers int `json:"workers"`
	// Seed seeds initialisation, shuffling and negative sampling. Default 1.
	Seed int64 `json:"seed"`
	// Patience stops training after this many evaluations without a better validation NDCG@10. Default 5.
	// Ignored without validation cases.
	Patience int `json:"patience"`
	// EvalEvery evaluates on the validation cases every this many epochs. Default 1.
	EvalEvery int `json:"eval_every"`
	// TestEvery scores Input.Test every this many epochs (and after the last) and records Recall@20 and
	// NDCG@20 in the epoch history: a test curve, as the LightGCN paper's code prints one. The scores never
	// stop training, change the learning rate or choose the returned model. Default 0: never.
	TestEvery int `json:"test_every,omitempty"`
	// MaxSeconds stops starting new epochs once this much wall time has passed (the last epoch is then
	// evaluated); the best validation epoch is still the one returned. Default 0: no limit.
	MaxSeconds float64 `json:"max_seconds"`
	// Checkpoint names a file the training state is written to after every epoch (atomically); a run started
	// with the same file resumes after its last epoch exactly where the interrupted run would have gone on
	// (tables, Adam's moments, the learning-rate schedule, early stopping and the best epoch), so a run of
	// the paper's 1,000 epochs can be spread over several sessions. MaxSeconds counts from each start.
	// Empty: no checkpoint.
	Checkpoint string `json:"checkpoint"`
	// Progress receives a progress bar per epoch; nil prints nothing.
	Progress io.Writer `json:"-"`
}

// The initialisations of Config.Init.
const (
	InitNormal = "normal"
	InitXavier = "xavier"
)

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Dim, 64)
	def(&c.Layers, 3)
	def(&c.Epochs, 1000)
	def(&c.BatchSize, 2048)
	def(&c.Workers, runtime.GOMAXPROCS(0))
	def(&c.Patience, 5)
	def(&c.EvalEvery, 1)
	if c.LearningRate == 0 {
		c.LearningRate = 1e-3
	}
	if c.Reg == 0 {
		c.Reg = 1e-4
	}
	if c.InitStd == 0 {
		c.InitStd = 0.1
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Sampling == "" {
		c.Sampling = nn.SamplePairs
	}
	if c.Init == "" {
		c.Init = InitNormal
	}
	return c
}

// reg is the effective λ (a negative Config.Reg disables the penalty).
func (c Config) reg() float32 { return max(c.Reg, 0) }

func (c Config) validate() error {
	if err := nn.CheckSampling("lightgcn", c.Sampling); err != nil {
		return err
	}
	if c.Init != InitNormal && c.Init != InitXavier {
		return fmt.Errorf("lightgcn: init %q: want %q or %q", c.Init, InitNormal, InitXavier)
	}
	switch {
	case c.Dim < 1 || c.Dim > 4096:
		return fmt.Errorf("lightgcn: dim %d out of range 1..4096", c.Dim)
	case c.Layers < 1 || c.Layers > 16:
		return fmt.Errorf("lightgcn: layers %d out of range 1..16", c.Layers)
	case c.Epochs < 1 || c.BatchSize < 1:
		return fmt.Errorf("lightgcn: epochs %d, batch %d: need >= 1", c.Epochs, c.BatchSize)
	case c.LearningRate <= 0 || c.InitStd <= 0:
		return fmt.Errorf("lightgcn: lr %g, init_std %g: need > 0", c.LearningRate, c.InitStd)
	case c.Workers < 1 || c.Patience < 1 || c.EvalEvery < 1:
		return fmt.Errorf("lightgcn: workers %d, patience %d, eval_every %d must be >= 1", c.Workers, c.Patience, c.EvalEvery)
	case c.LRDecay < 0 || c.LRDecay >= 1:
		return fmt.Errorf("lightgcn: lr_decay %g out of range [0, 1)", c.LRDecay)
	case c.TestEvery < 0:
		return fmt.Errorf("lightgcn: test_every %d < 0", c.TestEvery)
	case c.MaxSeconds < 0:
		return fmt.Errorf("lightgcn: max_seconds %g < 0", c.MaxSeconds)
	}
	return nil
}
