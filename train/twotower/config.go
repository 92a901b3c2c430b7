package twotower

import (
	"fmt"
	"io"
	"runtime"
	"slices"
)

// Losses selectable with Config.Loss.
const (
	// LossInBatch is the in-batch softmax (InfoNCE): each user's positive against the other items of the
	// batch, with the log-Q correction of item frequencies. The default.
	LossInBatch = "inbatch"
	// LossSampled is the sampled softmax over Negatives items shared by the batch, drawn by popularity.
	LossSampled = "sampled"
	// LossBCE is the binary cross-entropy of positives (label 1) and Negatives random items (label 0).
	LossBCE = "bce"
	// LossMixed is the in-batch softmax with Negatives uniformly drawn items added to the batch's items
	// (mixed negative sampling, Yang et al. 2020), corrected by the log of each item's expected count.
	LossMixed = "mixed"
	// LossBPR is the BPR loss −log σ(s⁺ − s⁻) of each positive against Negatives random items.
	LossBPR = "bpr"
)

// Optimizers selectable with Config.Optimizer.
const (
	OptAdam    = "adam"
	OptAdamW   = "adamw"
	OptAdagrad = "adagrad"
	OptSGD     = "sgd"
)

// Activations of the hidden layers, selectable with TowerConfig.Activation.
var activations = []string{"relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "none"}

// TowerConfig shapes one tower: its input is the id's embedding (unless NoID) beside the id's dense
// features (when a feature matrix is given), then Hidden layers with Activation, then a linear layer to
// Config.Dim.
type TowerConfig struct {
	// NoID leaves the ID embedding out: the tower sees only the features (which must then be given).
	// Default false.
	NoID bool `json:"no_id"`
	// IDDim is the size of the ID embedding. Default Config.Dim.
	IDDim int `json:"id_dim"`
	// Hidden lists the widths of the hidden layers, input side first. Default none: the input goes
	// through one linear layer to Config.Dim. [128] gives input→128→Dim.
	Hidden []int `json:"hidden"`
	// Activation of the hidden layers: relu (default), gelu, gelu_tanh, tanh, sigmoid or none.
	Activation string `json:"activation"`
	// Identity makes an ID-only tower output its ID embedding as is: no layers (Hidden and IDDim are
	// ignored; the embedding has Config.Dim values). With both towers so, the model is matrix
	// factorisation trained with this package's losses. Not allowed with features. Default false.
	Identity bool `json:"identity"`
	// IDDropout is the probability that a training example's id is replaced by the "unknown id" row, so
	// the tower learns to work from features alone (cold start). Default 0: the unknown row is then the
	// mean of the trained rows (see Model.UnknownRow).
	IDDropout float32 `json:"id_dropout"`
	// History, on the user tower only, adds the user's behaviour to its input (the YouTube DNN's watch
	// history): the mean of a learned table's rows (IDDim values) over the user's training items, added to
	// the ID embedding of an Identity tower or placed beside it otherwise. A training example's bag holds
	// at most History of the user's items drawn at random (the same distribution for every example of the
	// user, so it does not reveal the target); the exported user vectors average every training item. Not
	// combined with user features. Default 0: off.
	History int `json:"history"`
}

// Config holds the hyper-parameters. The zero value trains a sensible model: every zero field takes the
// default written beside it.
type Config struct {
	// Dim is the output (retrieval) embedding size of both towers. Default 64.
	Dim int `json:"dim"`
	// User and Item shape the two towers.
	User TowerConfig `json:"user"`
	Item TowerConfig `json:"item"`
	// NoNormalize keeps the tower outputs as they are; by default both are L2-normalised, so scores are
	// cosines divided by the temperature.
	NoNormalize bool `json:"no_normalize"`
	// Fusion shapes the item tower when it reads modalities (Input.ItemModalities, ItemAttributes).
	Fusion FusionConfig `json:"fusion"`

	// Loss is inbatch (default), mixed, sampled, bce or bpr.
	Loss string `json:"loss"`
	// Temperature divides the scores in every loss. Default 0.05 with normalised outputs, 1 without.
	Temperature float32 `json:"temperature"`
	// LearnTemperature trains the temperature (starting from Temperature, kept within [0.01, 2]).
	LearnTemperature bool `json:"learn_temperature"`
	// LogQ scales the log-Q correction subtracted from each logit (log of the item's sampling
	// probability). Default 1 (the full correction); negative disables it. inbatch, mixed and sampled only.
	LogQ float32 `json:"logq"`
	// Negatives is the number of sampled items shared by a batch (mixed, sampled, bce, bpr). Default
	// 1024 for mixed and sampled, 16 for bce and bpr.
	Negatives int `json:"negatives"`
	// SamplerAlpha is the exponent of the item counts that weight the negative sampler: 0 samples
	// uniformly, 1 by popularity. Default 0.75 for sampled, 0 (uniform: "random negatives") for mixed,
	// bce and bpr; a negative value means 0.
	SamplerAlpha float32 `json:"sampler_alpha"`

	// Optimizer is adam (default; lazy row-sparse updates for the embedding tables), adamw, adagrad or sgd.
	Optimizer string `json:"optimizer"`
	// LearningRate of the optimizer. Default 1e-3 (0.05 for adagrad and sgd).
	LearningRate float32 `json:"lr"`
	// WeightDecay is the optimizer's weight decay (L2 for adam, adagrad, sgd; decoupled for adamw).
	// Default 0.
	WeightDecay float32 `json:"weight_decay"`
	// LRDecay multiplies the learning rate by this factor after every validation evaluation that does
	// not improve on the best NDCG@10 so far (reduce on plateau), so Patience counts evaluations at ever
	// smaller steps. Default 0: off (a constant learning rate). Must be in [0, 1).
	LRDecay float32 `json:"lr_decay"`
	// ClipNorm clips the global gradient norm to this value. Default 0: no clipping.
	ClipNorm float32 `json:"clip_norm"`
	// InitStd is the standard deviation of the initial ID embeddings. Default 0.1. Dense layers use
	// PyTorch's default (uniform ±1/√fan_in).
	InitStd float32 `json:"init_std"`
	// BatchSize is the number of (user, item) examples per step. Default 1024.
	BatchSize int `json:"batch"`
	// Epochs is the maximum number of passes over the training interactions. Default 50.
	Epochs int `json:"epochs"`
	// Patience stops training after this many evaluated epochs without a better validation NDCG@10.
	// Default 5. Ignored without validation cases.
	Patience int `json:"patience"`
	// EvalEvery evaluates on the validation cases every this many epochs. Default 1.
	EvalEvery int `json:"eval_every"`
	// Workers is the number of goroutines a step's ops (and evaluation) use. Default GOMAXPROCS. A run is
	// reproducible for a fixed seed and worker count.
	Workers int `json:"workers"`
	// Seed seeds initialisation, shuffling and sampling. Default 1.
	Seed int64 `json:"seed"`
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
	deff := func(v *float32, d float32) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Dim, 64)
	c.User = c.User.withDefaults(c.Dim)
	c.Item = c.Item.withDefaults(c.Dim)
	def(&c.Fusion.Width, c.Dim)
	if c.Loss == "" {
		c.Loss = LossInBatch
	}
	if c.NoNormalize {
		deff(&c.Temperature, 1)
	} else {
		deff(&c.Temperature, 0.05)
	}
	deff(&c.LogQ, 1)
	if c.LogQ < 0 {
		c.LogQ = 0
	}
	if c.Loss == LossSampled {
		deff(&c.SamplerAlpha, 0.75)
	}
	if c.Loss == LossSampled || c.Loss == LossMixed {
		def(&c.Negatives, 1024)
	}
	def(&c.Negatives, 16)
	c.SamplerAlpha = max(c.SamplerAlpha, 0)
	if c.Optimizer == "" {
		c.Optimizer = OptAdam
	}
	if c.Optimizer == OptAdam || c.Optimizer == OptAdamW {
		deff(&c.LearningRate, 1e-3)
	}
	deff(&c.LearningRate, 0.05)
	deff(&c.InitStd, 0.1)
	def(&c.BatchSize, 1024)
	def(&c.Epochs, 50)
	def(&c.Patience, 5)
	def(&c.EvalEvery, 1)
	def(&c.Workers, runtime.GOMAXPROCS(0))
	if c.Seed == 0 {
		c.Seed = 1
	}
	return c
}

func (t TowerConfig) withDefaults(dim int) TowerConfig {
	if t.Identity {
		t.IDDim, t.Hidden = dim, nil
	}
	if t.IDDim == 0 {
		t.IDDim = dim
	}
	if t.Activation == "" {
		t.Activation = "relu"
	}
	t.Hidden = slices.Clone(t.Hidden)
	return t
}

// validate checks a configuration with defaults applied.
func (c Config) validate() error {
	switch {
	case c.Dim < 1 || c.Dim > 4096:
		return fmt.Errorf("twotower: dim %d out of range 1..4096", c.Dim)
	case !slices.Contains([]string{LossInBatch, LossMixed, LossSampled, LossBCE, LossBPR}, c.Loss):
		return fmt.Errorf("twotower: loss %q: want inbatch, mixed, sampled, bce or bpr", c.Loss)
	case !slices.Contains([]string{OptAdam, OptAdamW, OptAdagrad, OptSGD}, c.Optimizer):
		return fmt.Errorf("twotower: optimizer %q: want adam, adamw, adagrad or sgd", c.Optimizer)
	case c.Temperature <= 0 || c.LearningRate <= 0 || c.InitStd <= 0 || c.WeightDecay < 0 || c.ClipNorm < 0:
		return fmt.Errorf("twotower: temperature %g, lr %g, init_std %g, weight_decay %g, clip_norm %g: "+
			"need the first three > 0, the others >= 0", c.Temperature, c.LearningRate, c.InitStd, c.WeightDecay, c.ClipNorm)
	case c.LRDecay < 0 || c.LRDecay >= 1:
		return fmt.Errorf("twotower: lr_decay %g out of range [0, 1)", c.LRDecay)
	case c.Negatives < 1 || c.Negatives > 1<<16:
		return fmt.Errorf("twotower: negatives %d out of range 1..65536", c.Negatives)
	case c.BatchSize < 2 || c.BatchSize > 1<<20:
		return fmt.Errorf("twotower: batch %d out of range 2..1048576", c.BatchSize)
	case c.Epochs < 1 || c.Patience < 1 || c.EvalEvery < 1 || c.Workers < 1:
		return fmt.Errorf("twotower: epochs %d, patience %d, eval_every %d, workers %d must be >= 1",
			c.Epochs, c.Patience, c.EvalEvery, c.Workers)
	}
	if err := c.Fusion.validate(); err != nil {
		return err
	}
	for side, t := range map[string]TowerConfig{"user": c.User, "item": c.Item} {
		if err := t.validate(side); err != nil {
			return err
		}
	}
	return nil
}

func (t TowerConfig) validate(side string) error {
	switch {
	case t.IDDim < 1 || t.IDDim > 4096:
		return fmt.Errorf("twotower: %s id_dim %d out of range 1..4096", side, t.IDDim)
	case len(t.Hidden) > 16:
		return fmt.Errorf("twotower: %s tower has %d hidden layers (at most 16)", side, len(t.Hidden))
	case !slices.Contains(activations, t.Activation):
		return fmt.Errorf("twotower: %s activation %q: want one of %v", side, t.Activation, activations)
	case t.Identity && t.NoID:
		return fmt.Errorf("twotower: %s tower: identity needs the id embedding", side)
	case t.IDDropout < 0 || t.IDDropout > 1:
		return fmt.Errorf("twotower: %s id_dropout %g out of range 0..1", side, t.IDDropout)
	case t.History < 0 || t.History > 1<<16:
		return fmt.Errorf("twotower: %s history %d out of range 0..65536", side, t.History)
	case t.History > 0 && side != "user":
		return fmt.Errorf("twotower: history is a user tower input, not an %s one", side)
	}
	for _, h := range t.Hidden {
		if h < 1 || h > 1<<14 {
			return fmt.Errorf("twotower: %s hidden width %d out of range 1..16384", side, h)
		}
	}
	return nil
}
