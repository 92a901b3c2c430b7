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
	// SectionItemGraph is an HNSW graph over the item embeddings (bytes, ann.MarshalGraph's format).
	// Optional; when present the runtime retrieves through it instead of an exact scan.
	SectionItemGraph = "items.hnsw"

	// SectionRankSpec is a ranking model's feature spec and architecture (JSON bytes, see runtime.RankSpec).
	SectionRankSpec = "rank.spec"
	// PrefixRankWeight + parameter name is one ranker weight: an f32 tensor of shape [rows, cols].
	PrefixRankWeight = "rank.w."
	// PrefixRankVocab + field name is a categorical field's vocabulary (strings); value i has code i+1, code 0
	// is the reserved bucket for unknown values.
	PrefixRankVocab = "rank.vocab."
	// PrefixRankUser and PrefixRankItem + field name hold the stored feature of every user (row = user code
	// − 1 of the spec's user key) or item: i32 codes for a categorical field, a CSR of codes for a multi-hot
	// field, f32 raw values for a dense field.
	PrefixRankUser = "rank.user."
	PrefixRankItem = "rank.item."

	// SectionPipelineSpec is the funnel a bundle runs — retrievers and their fusion, the rank stage, the
	// rerank stage, latency budgets (JSON bytes, see runtime.PipelineSpec). Optional: without it (and
	// without SectionRulesSpec) a bundle answers with retrieval alone.
	SectionPipelineSpec = "pipeline.spec"
	// SectionRulesSpec is the bundle's reranking rules (JSON bytes, see rules.ParseChain):
	// {"rules":[{"kind":"diversity","name":"div","config":{...}}, ...]}. Optional.
	SectionRulesSpec = "rules.spec"
)

// Manifest.Extra keys describing the retrieval index (for people and `pack inspect`; the graph section
// itself is self-describing).
const (
	ExtraIndex               = "index"                 // "hnsw" or "exact"
	ExtraIndexM              = "index.m"               // HNSW links per node on upper levels
	ExtraIndexEfConstruction = "index.ef_construction" // HNSW build beam width
)

// The user tower of a Two-Tower bundle (Manifest.Kind KindTwoTower): what the runtime needs to compute
// a user vector from the request's features. The tower's description (input layout, layers, activations,
// normalisation) is a JSON object in Manifest.Extra[ExtraUserTower]; its layer k has the f32 sections
// SectionUserTower+"K.weight" (shape [out, in], PyTorch's layout) and SectionUserTower+"K.bias" ([out]).
// runtime/tower.go documents the JSON and reads it; train/twotower writes it.
const (
	// ExtraUserTower is the Manifest.Extra key of the user tower's JSON description.
	ExtraUserTower = "tower.user"
	// SectionUserTower is the prefix of the user tower's layer sections.
	SectionUserTower = "tower.user."
	// SectionUserTowerUnknown is the ID-embedding row (f32 [id_dim]) of users the model was not trained on.
	SectionUserTowerUnknown = "tower.user.unknown"
	// SectionUserTowerIDs is the user ID-embedding matrix (users × id_dim), written with AddMatrix, so a
	// known user can be encoded with new features. Optional.
	SectionUserTowerIDs = "tower.user.ids"
	// SectionUserTowerHistory is the history table of a tower that reads the user's history (items ×
	// history width, in the item order of SectionItems), written with AddMatrix: the tower's history input
	// is the mean of its rows over the user's items.
	SectionUserTowerHistory = "tower.user.history"
	// SectionUserTowerMean and SectionUserTowerInvStd standardise the raw features, f32 [features] each:
	// the tower reads (x − mean) · inv_std.
	SectionUserTowerMean   = "tower.user.features.mean"
	SectionUserTowerInvStd = "tower.user.features.inv_std"
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
	// ExtraSeqBlock is the block layout: absent or SeqBlockPreNorm, SeqBlockSASRec or SeqBlockBERT.
	ExtraSeqBlock = "seq.block"
)

// Values of ExtraSeqBlock.
const (
	// SeqBlockPreNorm: h = LN₁(x); x += Wo·Attn(h); x += FFN(LN₂(x)).
	SeqBlockPreNorm = "pre"
	// SeqBlockSASRec (the SASRec code's layout): h = LN₁(x); queries from h, keys and values from x;
	// x = h + Wo·Attn; h = LN₂(x); x = h + FFN(h).
	SeqBlockSASRec = "sasrec"
	// SeqBlockBERT (BERT's post-norm layout, as BERT4Rec's code runs it through BERT): the input rows are
	// LN(embedding + position) with the seq.ln sections as that embedding layer norm; per block
	// x = LN₁(x + Wo·Attn(x)); x = LN₂(x + FFN(x)); no layer norm after the last block.
	SeqBlockBERT = "bert"
)

// Model kinds written to Manifest.Kind.
const (
	KindMF = "mf"
	// KindRanker is a ranking model (DCN-v2, DeepFM or logistic regression) with its feature spec.
	KindRanker   = "ranker"
	KindTwoTower = "twotower"
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
