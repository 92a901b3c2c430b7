package seq

import (
	"fmt"
	"io"
	"runtime"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train/nn"
)

// Model kinds (Config.Model), as written to the bundle's manifest.
const (
	SASRec   = modelpack.KindSASRec
	BERT4Rec = modelpack.KindBERT4Rec
)

// Losses of SASRec (Config.Loss).
const (
	// LossCE is the cross-entropy of a softmax over the whole catalog ("SASRec+").
	LossCE = "ce"
	// LossBCE is binary cross-entropy on the next item against one uniformly sampled item the user has
	// not seen, per position (the original SASRec).
	LossBCE = "bce"
)

// Block layouts (Config.Block).
const (
	// BlockPreNorm is the standard pre-norm block: x += Attn(LN(x)); x += FFN(LN(x)).
	BlockPreNorm = "pre"
	// BlockSASRec is the block of the SASRec code (Kang & McAuley's, and the SASRec+ code built on its
	// PyTorch port): the layer norm feeds only the attention's queries (keys and values read the
	// un-normalised rows), the residuals start from the normalised rows — h = LN₁(x); x = h + Attn(q=h,
	// k=v=x); h = LN₂(x); x = h + FFN(h) — and the feed-forward has dropout after each of its two layers.
	BlockSASRec = modelpack.SeqBlockSASRec
	// BlockBERT is BERT's post-norm layout, which BERT4Rec's code runs through BERT: the input rows are
	// LN(embedding + position) (the model's final layer norm serves as that embedding layer norm), then
	// per block x = LN₁(x + Attn(x)); x = LN₂(x + FFN(x)), and no layer norm after the last block.
	BlockBERT = modelpack.SeqBlockBERT
)

// Training windows (Config.Windows).
const (
	// WindowsLast trains on each user's most recent window only (MaxLen+1 items for SASRec, MaxLen for
	// BERT4Rec), as the SASRec and BERT4Rec code do: older items of a longer history are never a target.
	WindowsLast = "last"
	// WindowsAll also trains on the older part of a longer history: the history is cut, from its newest
	// item back, into consecutive windows, so that every item except the first is a SASRec target exactly
	// once an epoch (BERT4Rec: every item is in exactly one window). An epoch then holds more windows
	// than users.
	WindowsAll = "all"
)

// Initialisations (Config.Init).
const (
	// InitNormal draws every weight and embedding from N(0, InitStd²).
	InitNormal = "normal"
	// InitTorch is InitNormal except the query/key/value projection, Glorot-uniform as PyTorch's
	// MultiheadAttention initialises its own in-projection (which the SASRec+ code leaves untouched).
	InitTorch = "torch"
)

// Config holds the hyper-parameters. The zero value trains SASRec+ with the published ML-1M recipe; every
// zero field takes the default written beside it.
type Config struct {
	// Model is SASRec (default) or BERT4Rec.
	Model string `json:"model"`
	// MaxLen is the longest window in items; longer histories keep their most recent MaxLen items
	// (BERT4Rec: MaxLen−1 and the mask token). Default 200; 50 suits short-history data such as Amazon.
	MaxLen int `json:"max_len"`
	// Dim is the embedding and model dimension. Default 64.
	Dim int `json:"dim"`
	// Blocks is the number of transformer blocks. Default 2.
	Blocks int `json:"blocks"`
	// Heads is the number of attention heads; it must divide Dim. Default 1 (SASRec), 2 (BERT4Rec).
	Heads int `json:"heads"`
	// FFNDim is the feed-forward width. Default Dim (SASRec), 4·Dim (BERT4Rec).
	FFNDim int `json:"ffn_dim"`
	// Activation is the feed-forward activation: "relu" (default for SASRec, as in its paper), "gelu" (the
	// exact erf form; default for BERT4Rec, as in BERT) or "gelu_tanh". ReLU costs a fraction of GELU's
	// CPU time (measured: GELU's erf was 15 % of a SASRec step).
	Activation string `json:"activation"`
	// Block is the block layout: BlockPreNorm (default), BlockSASRec or BlockBERT; it is stored in the bundle.
	Block string `json:"block"`
	// Init is the initialisation: InitNormal (default) or InitTorch.
	Init string `json:"init"`
	// Windows is WindowsLast (default) or WindowsAll: which parts of a history longer than a window are
	// trained on.
	Windows string `json:"windows"`
	// Dropout is the dropout rate of the embeddings, attention probabilities, attention output and
	// feed-forward output. Default 0.1. Use a negative value for none.
	Dropout float32 `json:"dropout"`
	// Loss is LossCE (default) or LossBCE; SASRec only.
	Loss string `json:"loss"`
	// MaskProb is the share of items BERT4Rec masks in a training sequence (at least one). Default 0.2.
	MaskProb float32 `json:"mask_prob"`
	// BatchSize is the number of sequences per step. Default 128.
	BatchSize int `json:"batch_size"`
	// Epochs is the maximum number of passes over the training windows. Default 200.
	Epochs int `json:"epochs"`
	// LearningRate is Adam's step size. Default 1e-3.
	LearningRate float32 `json:"lr"`
	// WarmupSteps, when positive, raises the learning rate linearly from LearningRate/WarmupSteps to
	// LearningRate over a run's first WarmupSteps steps. A run resumed from a checkpoint warms up again,
	// which softens the restart of a checkpoint without Adam's moments (an old one). Default 0 (none).
	WarmupSteps int `json:"warmup_steps"`
	// WeightDecay is AdamW's decoupled weight decay. Default 0.
	WeightDecay float32 `json:"weight_decay"`
	// InitStd is the standard deviation of the initial embeddings and weights. Default 0.02.
	InitStd float32 `json:"init_std"`
	// Workers is the number of goroutines a step splits its work over. Default GOMAXPROCS.
	Workers int `json:"workers"`
	// Seed seeds initialisation, shuffling, masking, negatives and dropout. Default 1.
	Seed int64 `json:"seed"`
	// Patience stops training after this many evaluations without a better validation NDCG@10. Default 10
	// (SASRec), 20 (BERT4Rec). Ignored without validation cases.
	Patience int `json:"patience"`
	// EvalEvery evaluates on the validation cases every this many epochs. Default 1.
	EvalEvery int `json:"eval_every"`
	// MaxSeconds, when positive, starts no new epoch once training has run this long; the best validation
	// epoch so far is kept, as when patience runs out. For long runs on shared machines. Default 0 (none).
	MaxSeconds float64 `json:"max_seconds"`
	// Checkpoint, when set, is a file the training state is written to after every epoch (the weights, the
	// best epoch's weights, Adam's moments, the epoch history and the early-stopping count). If the file
	// exists when training starts, training resumes from it: at the next epoch, with the best epoch,
	// patience and the optimiser's state carried over (a file written before the moments were kept
	// restarts Adam afresh). The random streams are reseeded, so a resumed run is not a bit-exact
	// continuation. Only the
	// model's shape (kind, items, max_len, dim, blocks, heads, ffn_dim) must match; the learning rate,
	// dropout, epochs and patience may change between runs.
	Checkpoint string `json:"checkpoint"`
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
	if c.Model == "" {
		c.Model = SASRec
	}
	bert := c.Model == BERT4Rec
	def(&c.MaxLen, 200)
	def(&c.Dim, 64)
	def(&c.Blocks, 2)
	def(&c.Heads, pick(bert, 2, 1))
	def(&c.FFNDim, pick(bert, 4*c.Dim, c.Dim))
	def(&c.BatchSize, 128)
	def(&c.Epochs, 200)
	def(&c.Workers, runtime.GOMAXPROCS(0))
	def(&c.Patience, pick(bert, 20, 10))
	def(&c.EvalEvery, 1)
	deff := func(v *float32, d float32) {
		if *v == 0 {
			*v = d
		}
	}
	deff(&c.Dropout, 0.1)
	deff(&c.MaskProb, 0.2)
	deff(&c.LearningRate, 1e-3)
	deff(&c.InitStd, 0.02)
	if c.Loss == "" {
		c.Loss = LossCE
	}
	if c.Block == "" {
		c.Block = BlockPreNorm
	}
	if c.Init == "" {
		c.Init = InitNormal
	}
	if c.Windows == "" {
		c.Windows = WindowsLast
	}
	if c.Activation == "" {
		c.Activation = "relu"
		if bert {
			c.Activation = "gelu"
		}
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	return c
}

func pick(cond bool, a, b int) int {
	if cond {
		return a
	}
	return b
}

// dropout is the rate the ops use (a negative Config.Dropout means none).
func (c Config) dropout() float32 { return max(c.Dropout, 0) }

func (c Config) validate() error {
	switch {
	case c.Model != SASRec && c.Model != BERT4Rec:
		return fmt.Errorf("seq: model %q: want %s or %s", c.Model, SASRec, BERT4Rec)
	case c.Loss != LossCE && c.Loss != LossBCE, c.Loss == LossBCE && c.Model == BERT4Rec:
		return fmt.Errorf("seq: loss %q: want %s, or %s for %s", c.Loss, LossCE, LossBCE, SASRec)
	case c.Activation != "relu" && c.Activation != "gelu" && c.Activation != "gelu_tanh":
		return fmt.Errorf("seq: activation %q: want relu, gelu or gelu_tanh", c.Activation)
	case c.Block != BlockPreNorm && c.Block != BlockSASRec && c.Block != BlockBERT:
		return fmt.Errorf("seq: block %q: want %s, %s or %s", c.Block, BlockPreNorm, BlockSASRec, BlockBERT)
	case c.Windows != WindowsLast && c.Windows != WindowsAll:
		return fmt.Errorf("seq: windows %q: want %s or %s", c.Windows, WindowsLast, WindowsAll)
	case c.Init != InitNormal && c.Init != InitTorch:
		return fmt.Errorf("seq: init %q: want %s or %s", c.Init, InitNormal, InitTorch)
	case c.MaxLen < 2 || c.MaxLen > 4096:
		return fmt.Errorf("seq: max_len %d out of range 2..4096", c.MaxLen)
	case c.Dim < 1 || c.Dim > 4096 || c.FFNDim < 1 || c.FFNDim > 16384 || c.Blocks < 1 || c.Blocks > 64:
		return fmt.Errorf("seq: dim %d, ffn_dim %d, blocks %d out of range", c.Dim, c.FFNDim, c.Blocks)
	case c.Heads < 1 || c.Dim%c.Heads != 0:
		return fmt.Errorf("seq: %d heads do not divide dim %d", c.Heads, c.Dim)
	case c.Dropout >= 1 || c.MaskProb <= 0 || c.MaskProb >= 1:
		return fmt.Errorf("seq: dropout %g must be < 1 and mask_prob %g in (0, 1)", c.Dropout, c.MaskProb)
	case c.MaxSeconds < 0 || c.WarmupSteps < 0:
		return fmt.Errorf("seq: max_seconds %g and warmup_steps %d must be >= 0", c.MaxSeconds, c.WarmupSteps)
	case c.LearningRate <= 0 || c.WeightDecay < 0 || c.InitStd <= 0:
		return fmt.Errorf("seq: lr %g, weight_decay %g, init_std %g: need lr > 0, weight_decay >= 0, init_std > 0",
			c.LearningRate, c.WeightDecay, c.InitStd)
	case c.BatchSize < 1 || c.Epochs < 1 || c.Workers < 1 || c.Patience < 1 || c.EvalEvery < 1:
		return fmt.Errorf("seq: batch_size %d, epochs %d, workers %d, patience %d, eval_every %d must be >= 1",
			c.BatchSize, c.Epochs, c.Workers, c.Patience, c.EvalEvery)
	}
	return nil
}

// activation is the nn activation named by Config.Activation (validated).
func (c Config) activation() nn.Activation {
	switch c.Activation {
	case "gelu":
		return nn.ActGELU
	case "gelu_tanh":
		return nn.ActGELUTanh
	}
	return nn.ActReLU
}
