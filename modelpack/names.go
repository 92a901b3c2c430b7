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
	// SectionUserTowerMean and SectionUserTowerInvStd standardise the raw features, f32 [features] each:
	// the tower reads (x − mean) · inv_std.
	SectionUserTowerMean   = "tower.user.features.mean"
	SectionUserTowerInvStd = "tower.user.features.inv_std"
)

// Model kinds written to Manifest.Kind.
const (
	KindMF       = "mf"
	KindTwoTower = "twotower"
)

// Metrics written to Manifest.Metric.
const (
	MetricDot    = "dot"
	MetricCosine = "cosine"
	MetricL2     = "l2"
)
