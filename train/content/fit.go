package content

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/corerec/corerec/modelpack"
)

// Config chooses the tokenizer and the vocabulary. The zero value keeps every term.
type Config struct {
	// StopWords drops common English words from text fields (see IsStopWord). Default false.
	StopWords bool
	// MinDF drops terms found in fewer than this many items. Default 1 (keep all); 2 drops terms that
	// cannot relate two items anyway.
	MinDF int
	// MaxDF drops terms found in more than this fraction of the items (0 < MaxDF ≤ 1). Default 1 (keep
	// all): idf already weighs common terms down.
	MaxDF float64
}

func (c Config) withDefaults() Config {
	c.MinDF = max(c.MinDF, 1)
	if c.MaxDF <= 0 || c.MaxDF > 1 {
		c.MaxDF = 1
	}
	return c
}

// Params lists the configuration as strings (for the bundle's manifest).
func (c Config) Params() map[string]string {
	c = c.withDefaults()
	return map[string]string{"stop_words": strconv.FormatBool(c.StopWords), "min_df": strconv.Itoa(c.MinDF),
		"max_df": strconv.FormatFloat(c.MaxDF, 'g', -1, 64), "tf": "sublinear", "idf": "smooth", "norm": "l2"}
}

// Model is a fitted TF-IDF model: a vocabulary with its idf, and every item's sparse vector.
type Model struct {
	IDs   []string
	Vocab []string  // term index → term, ascending
	IDF   []float32 // per term
	// Items holds each item's term indices (ascending) and Weights the matching weights; every non-empty
	// row has unit L2 norm.
	Items   modelpack.CSR
	Weights []float32
	// Terms is the transpose of Items (term → items, ascending) with TermWeights: the inverted index.
	Terms       modelpack.CSR
	TermWeights []float32
	cfg         Config
	index       map[string]int32 // term → index
}

// Fit tokenizes the corpus, builds the vocabulary and weighs every item's terms.
func Fit(c Corpus, cfg Config) (*Model, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	counts := make([]map[string]int, len(c.Docs))
	df := map[string]int{}
	var toks []string
	for i, d := range c.Docs {
		toks = d.terms(cfg.StopWords, toks[:0])
		m := make(map[string]int, len(toks))
		for _, t := range toks {
			if m[t]++; m[t] == 1 {
				df[t]++
			}
		}
		counts[i] = m
	}
	m := &Model{IDs: c.IDs, cfg: cfg}
	m.vocabulary(df, len(c.Docs))
	if len(m.Vocab) == 0 {
		return nil, fmt.Errorf("%w: %d items, no term within the document-frequency limits", ErrEmpty, len(c.Docs))
	}
	rows := make([][]int32, len(counts))
	for i, tf := range counts {
		var w []float32
		rows[i], w = m.weigh(tf)
		m.Weights = append(m.Weights, w...)
	}
	var err error
	if m.Items, err = modelpack.NewCSR(rows, len(m.Vocab)); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	m.Terms, m.TermWeights = transpose(m.Items, m.Weights)
	return m, nil
}

// vocabulary keeps the terms within the document-frequency limits, sorted, with their idf.
func (m *Model) vocabulary(df map[string]int, n int) {
	maxDF := int(math.Floor(m.cfg.MaxDF * float64(n)))
	for t, f := range df {
		if f >= m.cfg.MinDF && f <= maxDF {
			m.Vocab = append(m.Vocab, t)
		}
	}
	slices.Sort(m.Vocab)
	m.IDF = make([]float32, len(m.Vocab))
	m.index = make(map[string]int32, len(m.Vocab))
	for k, t := range m.Vocab {
		m.IDF[k] = float32(math.Log(float64(1+n)/float64(1+df[t])) + 1)
		m.index[t] = int32(k)
	}
}

// weigh turns term counts into ascending term indices and unit-norm weights; unknown terms are dropped.
func (m *Model) weigh(tf map[string]int) ([]int32, []float32) {
	idx := make([]int32, 0, len(tf))
	for t := range tf {
		if k, ok := m.index[t]; ok {
			idx = append(idx, k)
		}
	}
	slices.Sort(idx)
	w := make([]float32, len(idx))
	var ss float64
	for j, k := range idx {
		v := (1 + math.Log(float64(tf[m.Vocab[k]]))) * float64(m.IDF[k])
		w[j] = float32(v)
		ss += v * v
	}
	if ss > 0 {
		inv := 1 / math.Sqrt(ss)
		for j := range w {
			w[j] = float32(float64(w[j]) * inv)
		}
	}
	return idx, w
}

// transpose returns the term → item CSR of items (rows ascending within each term) and its weights.
func transpose(items modelpack.CSR, w []float32) (modelpack.CSR, []float32) {
	t := modelpack.CSR{Rows: items.Cols, Cols: items.Rows, Indptr: make([]uint32, items.Cols+1),
		Indices: make([]int32, len(items.Indices))}
	for _, k := range items.Indices {
		t.Indptr[k+1]++
	}
	for k := 1; k < len(t.Indptr); k++ {
		t.Indptr[k] += t.Indptr[k-1]
	}
	next := slices.Clone(t.Indptr[:items.Cols])
	tw := make([]float32, len(w))
	for i := range items.Rows {
		for p := items.Indptr[i]; p < items.Indptr[i+1]; p++ {
			k := items.Indices[p]
			t.Indices[next[k]], tw[next[k]] = int32(i), w[p]
			next[k]++
		}
	}
	return t, tw
}
