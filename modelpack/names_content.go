package modelpack

// A content (TF-IDF) bundle (Manifest.Kind KindTFIDF) stores sparse, L2-normalised item vectors over a
// vocabulary instead of dense embeddings; Manifest.Dim is the vocabulary size and Manifest.Metric is
// MetricCosine. It holds the item vectors twice: by item (to read an item's vector: Similar, user
// profiles) and by term (an inverted index, to score every item against a query in one pass over the
// query's postings). train/content writes it; runtime/content.go reads it.
const (
	// KindTFIDF is a TF-IDF content model.
	KindTFIDF = "tfidf"

	// SectionContentItems is a CSR of items × terms: row i lists item i's term indices, ascending.
	SectionContentItems = "content.items"
	// SectionContentItemWeights is an f32 vector aligned with SectionContentItems' indices: the weights
	// (each row has L2 norm 1, or is empty).
	SectionContentItemWeights = "content.items.weights"
	// SectionContentTerms is a CSR of terms × items (the transpose of SectionContentItems): row t lists the
	// items that contain term t, ascending.
	SectionContentTerms = "content.terms"
	// SectionContentTermWeights is an f32 vector aligned with SectionContentTerms' indices.
	SectionContentTermWeights = "content.terms.weights"
	// SectionContentVocab is the vocabulary (strings; term index → term), so new text can be vectorised.
	SectionContentVocab = "content.vocab"
	// SectionContentIDF is an f32 vector of each term's inverse document frequency.
	SectionContentIDF = "content.idf"

	// ExtraContentTokenizer describes the tokenizer the vocabulary was made with (for people and for a
	// reader that vectorises new text), e.g. "v1 lower letters-digits stop=en".
	ExtraContentTokenizer = "content.tokenizer"
)
