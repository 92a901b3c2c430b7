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

// Model kinds written to Manifest.Kind.
const (
	KindMF = "mf"
)

// Metrics written to Manifest.Metric.
const (
	MetricDot    = "dot"
	MetricCosine = "cosine"
	MetricL2     = "l2"
)
