package modelpack

// Section names shared by the writers (trainer, pack build) and the readers (runtime). A model bundle holds
// some of these; FORMAT.md lists which kinds need which.
const (
	// SectionItemEmbeddings is the item embedding matrix (items × dim), written with AddMatrix.
	SectionItemEmbeddings = "items.emb"
	// SectionUserEmbeddings is the user embedding matrix (users × dim), written with AddMatrix. Optional.
	SectionUserEmbeddings = "users.emb"
	// SectionUserSeen is a CSR of each user's training items (users rows, item indices). Optional;
	// the runtime uses it for exclude-seen.
	SectionUserSeen = "users.seen"
	// SectionItemPopularity is an f32 vector (items) of training interaction counts. Optional; the runtime
	// uses it for the popular-items fallback.
	SectionItemPopularity = "items.popularity"
)

// Sections of the sequential models (KindSASRec, KindBERT4Rec): a pre-norm transformer over the request's
// recent items whose last output row is the user vector, scored against SectionItemEmbeddings (which are
// also the input item embeddings: the weights are tied). Every weight is an f32 tensor in PyTorch's layout
// (a Linear weight is out×in). Block i's weights are named SectionSeqBlockPrefix + i + "." + one of the
// SeqBlock* suffixes, e.g. "seq.block0.qkv.weight".
const (
	// SectionSeqPositions is the learned position embedding (max_len × dim); row t is added to the t-th item
	// of the window, counted from the oldest.
	SectionSeqPositions = "seq.pos"
	// SectionSeqMask is BERT4Rec's mask-token embedding (1 × dim), appended after the history at inference.
	SectionSeqMask = "seq.mask"
	// SectionSeqFinalNormGamma and SectionSeqFinalNormBeta are the last layer norm's scale and shift (dim).
	SectionSeqFinalNormGamma = "seq.ln_f.gamma"
	SectionSeqFinalNormBeta  = "seq.ln_f.beta"
	// SectionSeqBlockPrefix starts the name of every block weight.
	SectionSeqBlockPrefix = "seq.block"

	SeqBlockNorm1Gamma = "ln1.gamma"   // dim: layer norm before attention
	SeqBlockNorm1Beta  = "ln1.beta"    // dim
	SeqBlockQKVWeight  = "qkv.weight"  // 3·dim × dim: queries, keys, values stacked
	SeqBlockQKVBias    = "qkv.bias"    // 3·dim
	SeqBlockOutWeight  = "out.weight"  // dim × dim: attention output projection
	SeqBlockOutBias    = "out.bias"    // dim
	SeqBlockNorm2Gamma = "ln2.gamma"   // dim: layer norm before the feed-forward
	SeqBlockNorm2Beta  = "ln2.beta"    // dim
	SeqBlockFFN1Weight = "ffn1.weight" // ffn_dim × dim, followed by the activation
	SeqBlockFFN1Bias   = "ffn1.bias"   // ffn_dim
	SeqBlockFFN2Weight = "ffn2.weight" // dim × ffn_dim
	SeqBlockFFN2Bias   = "ffn2.bias"   // dim
)

// Manifest.Extra keys of the sequential models (decimal numbers, or the activation's name).
const (
	ExtraSeqMaxLen     = "seq.max_len"    // the longest window, in items (the mask token included for BERT4Rec)
	ExtraSeqBlocks     = "seq.blocks"     // number of transformer blocks
	ExtraSeqHeads      = "seq.heads"      // attention heads; divides dim
	ExtraSeqFFNDim     = "seq.ffn_dim"    // feed-forward width
	ExtraSeqActivation = "seq.activation" // "gelu" (exact erf form) or "gelu_tanh" or "relu"
	ExtraSeqEmbScale   = "seq.emb_scale"  // item embeddings are multiplied by this before positions are added
	ExtraSeqNormEps    = "seq.ln_eps"     // the layer norms' epsilon
)

// Model kinds written to Manifest.Kind.
const (
	KindMF = "mf"
	// KindSASRec is a causal (left-to-right) transformer: output row t sees items 0…t.
	KindSASRec = "sasrec"
	// KindBERT4Rec is a bidirectional transformer queried with a mask token after the history.
	KindBERT4Rec = "bert4rec"
)

// Metrics written to Manifest.Metric.
const (
	MetricDot    = "dot"
	MetricCosine = "cosine"
	MetricL2     = "l2"
)
