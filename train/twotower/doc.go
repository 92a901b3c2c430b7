// Package twotower trains the Two-Tower retrieval model (Covington et al. 2016; Yi et al. 2019) on the
// train/nn core: a user tower and an item tower map an id and its dense features to vectors whose dot
// product scores the pair, so the item vectors go into a retrieval index and the user tower runs at
// request time.
//
// # Model
//
// Each tower's input is the concatenation of the id's embedding (unless TowerConfig.NoID) and the id's
// features (when Input.UserFeatures / ItemFeatures are given), the features standardised with the
// training mean and standard deviation. Hidden layers (TowerConfig.Hidden, with TowerConfig.Activation)
// follow, then a linear layer to Config.Dim, then L2 normalisation (unless Config.NoNormalize). Linear
// weights are stored out×in, PyTorch's layout.
//
// Every embedding table has one row more than there are ids: the unknown id. A user the model was not
// trained on is encoded with that row beside their features. With TowerConfig.IDDropout > 0 training
// replaces ids by the unknown row at that rate, so the row is learned and the tower learns to rely on
// features; with IDDropout = 0 the row is set to the mean of the trained rows.
//
// # User history
//
// With TowerConfig.History > 0 the user tower also reads the user's behaviour, as the YouTube DNN's
// user tower reads its watch history: the mean of a learned table's rows over the user's training items
// (history.go). An identity tower adds that mean to the ID embedding; a layered tower places it beside
// the embedding. A training example's bag holds at most History of the user's items, drawn at random
// per example whatever its target (a bag that left the target out would reveal it; history.go); the
// exported user vectors (Model.Users, packed as the users' embeddings) average every training item.
// The bundle carries the history table beside the tower, so the runtime serves a known user without a
// request history from those vectors and encodes a request's History (a new visitor's, or a known
// user's recent items beside their ID row) through the tower as Model.EncodeHistory does. A history is
// not combined with user features.
//
// # Multi-modal item tower
//
// With Input.ItemModalities (precomputed vectors per item: text or image embeddings, each with a
// presence flag per item) or Input.ItemAttributes (categorical, multi-valued: brand, categories), the
// item tower is multi-modal (fusion*.go). Each modality is projected to FusionConfig.Width values: a
// vector modality by a linear layer, the attributes as the mean of their embedding rows, the ID by its
// embedding (the ID is a modality like the others). A missing modality is masked, never read as zeros:
// concat feeds [projections × mask, mask] to the layers; weighted and attention take a softmax over the
// present modalities only (learned per-modality logits, or a learned query's scaled dot product with each
// projection); gated multiplies each present projection by a sigmoid gate computed from concat's input.
// An item the model was not trained on has its ID masked (and so do ID-dropout examples in training):
// Model.EncodeItems and AddItems compute such items' vectors from their modalities alone, and Builder
// packs the tower (Manifest.Extra["tower.item"], sections "tower.item.*") so runtime.ItemTower computes
// the same vectors from a bundle (cold start).
//
// # Losses
//
// inbatch (default): softmax of each user over the batch's items, logits u·vᵀ/τ − LogQ·log q(item)
// (sampling-bias correction from the items' training frequencies), repeated items masked. sampled: softmax
// over Negatives items shared by the batch, drawn from count^SamplerAlpha, corrected by log(N·q). bce:
// binary cross-entropy of each positive (label 1) and of the batch × Negatives random pairs (label 0),
// the two means added. bpr: −log σ(s⁺ − s⁻) over each positive and each of the Negatives random items.
// Scores are divided by τ in every loss. The temperature τ is fixed or, with inbatch, learned.
//
// # Training and export
//
// Train shuffles the (user, item) interactions into batches (seeded; reproducible for a fixed seed and
// worker count), evaluates validation NDCG@10 by full ranking after each EvalEvery epochs, keeps the best
// epoch's weights and stops after Patience evaluations without improvement. WriteCurve draws the loss and
// validation curves as a PNG. Model.Builder packs the model for the runtime: item vectors, known users'
// vectors, the user tower's weights and a description of its layers (see the Bundle layout in export.go).
//
// # Concurrency
//
// Train may be called from any goroutine; it uses Config.Workers goroutines inside. A Model is read-only
// after Train returns: Score, EncodeUser, EncodeItems and Builder are safe for concurrent use; AddItems
// is not (it changes the items Builder packs).
package twotower
