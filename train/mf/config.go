package mf

import (
	"fmt"
	"io"
	"runtime"

	"github.com/corerec/corerec/train/nn"
)

// Config holds the hyper-parameters. The zero value trains a sensible model: every zero field takes the
// default written beside it.
type Config struct {
	// Dim is the embedding dimension. Default 64.
	Dim int `json:"dim"`
	// Epochs is the maximum number of passes over the training interactions. Default 100.
	Epochs int `json:"epochs"`
	// LearningRate is the SGD step size. Default 0.05.
	LearningRate float32 `json:"lr"`
	// LRDecay multiplies the learning rate by this factor after every validation evaluation that does
	// not improve on the best NDCG@10 (reduce on plateau). Default 0: off. Must be in [0, 1).
	LRDecay float32 `json:"lr_decay"`
	// Sampling chooses an epoch's (user, positive) pairs: nn.SamplePairs (default) visits every training
	// interaction once in a shuffled order, so a user weighs in proportion to their number of items;
	// nn.SampleUsers draws as many pairs as there are, each from a uniformly drawn user, so every user weighs
	// the same, as in the per-user averages of Recall@K and NDCG@K.
	Sampling string `json:"sampling"`
	// Reg is the L2 regularisation applied to the vectors each update touches. Default 0.005.
	Reg float32 `json:"reg"`
	// Bias learns an item bias beside the vectors (score = u·v + b_i); it is packed as one extra
	// dimension. Default false.
	Bias bool `json:"bias"`
	// Negatives is how many uniform negatives each update draws; the highest-scored one is used (dynamic
	// negative sampling). Default 10; 1 is plain BPR. Larger values cost a dot product each and sharpen the top
	// of the ranking.
	Negatives int `json:"negatives"`
	// InitStd is the standard deviation of the initial vectors. Default 0.1.
	InitStd float32 `json:"init_std"`
	// Workers is the number of training goroutines. Default GOMAXPROCS. 1 makes runs reproducible.
	Workers int `json:"workers"`
	// Seed seeds initialisation and sampling. Default 1.
	Seed int64 `json:"seed"`
	// Patience stops training after this many evaluated epochs without a better validation NDCG@10.
	// Default 10. Ignored without validation cases.
	Patience int `json:"patience"`
	// EvalEvery evaluates on the validation cases every this many epochs. Default 1.
	EvalEvery int `json:"eval_every"`
	// Progress receives a progress bar per epoch; nil prints nothing.
	Progress io.Writer `json:"-"`
}

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Dim, 64)
	def(&c.Epochs, 100)
	def(&c.Workers, runtime.GOMAXPROCS(0))
	def(&c.Patience, 10)
	def(&c.EvalEvery, 1)
	def(&c.Negatives, 10)
	if c.LearningRate == 0 {
		c.LearningRate = 0.05
	}
	if c.Reg == 0 {
		c.Reg = 0.005
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
	return c
}

func (c Config) validate() error {
	if err := nn.CheckSampling("mf", c.Sampling); err != nil {
		return err
	}
	switch {
	case c.Dim < 1 || c.Dim > 4096:
		return fmt.Errorf("mf: dim %d out of range 1..4096", c.Dim)
	case c.Epochs < 1:
		return fmt.Errorf("mf: epochs %d < 1", c.Epochs)
	case c.LearningRate <= 0 || c.Reg < 0 || c.InitStd <= 0:
		return fmt.Errorf("mf: lr %g, reg %g, init_std %g: need lr > 0, reg >= 0, init_std > 0",
			c.LearningRate, c.Reg, c.InitStd)
	case c.LRDecay < 0 || c.LRDecay >= 1:
		return fmt.Errorf("mf: lr_decay %g out of range [0, 1)", c.LRDecay)
	case c.Negatives < 1 || c.Negatives > 1000:
		return fmt.Errorf("mf: negatives %d out of range 1..1000", c.Negatives)
	case c.Workers < 1 || c.Patience < 1 || c.EvalEvery < 1:
		return fmt.Errorf("mf: workers %d, patience %d, eval_every %d must be >= 1", c.Workers, c.Patience, c.EvalEvery)
	}
	return nil
}
