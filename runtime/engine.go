package runtime

import (
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// UnknownUserPolicy says what a request for a user the bundle does not know, with no usable history, gets.
type UnknownUserPolicy uint8

const (
	// FallbackPopular answers with the most popular items and sets Result.Fallback to "popular" (default).
	FallbackPopular UnknownUserPolicy = iota
	// RejectUnknown answers with ErrUnknownUser.
	RejectUnknown
)

// Options configures an Engine. The zero value is ready to use.
type Options struct {
	// SkipVerify skips the CRC32C check of every section at open. Default false: every byte is verified
	// (about 1 ms per 10 MB).
	SkipVerify bool
	// UnknownUser chooses the answer for unknown users without history. Default FallbackPopular.
	UnknownUser UnknownUserPolicy
	// Rules builds the reranker of a bundle's rules section. Default nil: the factory registered with
	// RegisterRules (package rules registers one when imported).
	Rules RulesFactory
	// SkipRules opens a bundle with rules without them: the pipeline's rerank stage is skipped. Default
	// false: a bundle with rules and no rules factory fails to open.
	SkipRules bool
	// Clock is the pipeline's clock for stage timings and latency budgets. Default nil: time.Now. Tests
	// inject a fake clock to exercise the budgets deterministically.
	Clock func() time.Time
}

// Engine answers recommendation requests from one bundle. It is immutable and safe for concurrent use.
type Engine struct {
	bundle   *modelpack.Bundle
	manifest modelpack.Manifest
	catalog  *modelpack.Catalog
	items    *itemSet
	graph    *ann.HNSW         // nil: exact retrieval
	users    *modelpack.Matrix // nil when the bundle stores no user vectors
	seen     *modelpack.CSR    // nil when the bundle stores no seen items
	tower    *userTower        // nil when the bundle has no user tower
	seq      *seqModel         // nil unless the bundle is a sequential model (sasrec, bert4rec)
	pipe     *PipelineSpec     // the bundle's pipeline spec with defaults filled in; nil when it has none
	ranker   *Ranker           // nil when the bundle holds no ranker
	rankRows []int32           // catalog index → ranker item row (−1: unknown to the ranker)
	rerank   Reranker          // the bundle's rules; nil when it has none
	content  *contentIndex     // nil unless the bundle is a TF-IDF content model (runtime/content.go)
	opt      Options
	closed   atomic.Bool

	popOnce sync.Once
	popular []int32 // item indices by descending popularity, built on first fallback
	pop     []float32

	scratch sync.Pool // *scratch
}

// Open opens the bundle at path (memory-mapped where the platform allows) and prepares an Engine.
func Open(path string, opt Options) (*Engine, error) {
	b, err := modelpack.Open(path, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmtlite.Errorf("runtime: open %s: %w", path, err)
	}
	return New(b, opt)
}

// OpenBytes prepares an Engine over a bundle held in memory. The bytes are read in place and must not be
// modified while the Engine is in use.
func OpenBytes(data []byte, opt Options) (*Engine, error) {
	b, err := modelpack.OpenBytes(data, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmtlite.Errorf("runtime: %w", err)
	}
	return New(b, opt)
}

// OpenReaderAt reads a bundle of the given size from r (once, into one buffer) and prepares an Engine.
func OpenReaderAt(r io.ReaderAt, size int64, opt Options) (*Engine, error) {
	b, err := modelpack.OpenReaderAt(r, size, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmtlite.Errorf("runtime: %w", err)
	}
	return New(b, opt)
}

// New prepares an Engine over an open bundle and takes ownership of it: Engine.Close closes it. On error the
// bundle is closed too.
func New(b *modelpack.Bundle, opt Options) (*Engine, error) {
	e, err := newEngine(b, opt)
	if err != nil {
		b.Close()
		return nil, err
	}
	return e, nil
}

func newEngine(b *modelpack.Bundle, opt Options) (*Engine, error) {
	e := &Engine{bundle: b, manifest: b.Manifest(), opt: opt}
	cat, err := b.Catalog()
	if err != nil {
		return nil, bundleError(err)
	}
	e.catalog = cat
	if e.manifest.Kind == modelpack.KindTFIDF {
		return e, e.loadContent(b)
	}
	if e.items, err = loadItemSet(b, e.manifest, cat.NumItems()); err != nil {
		return nil, err
	}
	if e.graph, err = e.items.loadGraph(b); err != nil {
		return nil, err
	}
	if err := e.loadUsers(b); err != nil {
		return nil, err
	}
	if e.tower, err = loadUserTower(b, e.manifest, cat.NumUsers(), cat.NumItems(), e.items.dim); err != nil {
		return nil, err
	}
	if e.seq, err = loadSeqModel(b, e.manifest, e.items); err != nil {
		return nil, err
	}
	if err := e.loadPipeline(b); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Engine) loadUsers(b *modelpack.Bundle) error {
	nu := e.catalog.NumUsers()
	if b.HasObject(modelpack.SectionUserEmbeddings) {
		m, err := b.Matrix(modelpack.SectionUserEmbeddings)
		if err != nil {
			return bundleError(err)
		}
		if m.Rows != nu || m.Cols != e.items.dim {
			return fmtlite.Errorf("%w: user embeddings are %d×%d, catalog has %d users and items have dim %d",
				ErrBundle, m.Rows, m.Cols, nu, e.items.dim)
		}
		e.users = &m
	}
	if b.HasObject(modelpack.SectionUserSeen) {
		c, err := b.CSR(modelpack.SectionUserSeen)
		if err != nil {
			return bundleError(err)
		}
		if c.Rows != nu || c.Cols > e.items.n {
			return fmtlite.Errorf("%w: seen items have %d rows over %d columns, catalog has %d users and %d items",
				ErrBundle, c.Rows, c.Cols, nu, e.items.n)
		}
		e.seen = &c
	}
	return nil
}

// Close releases the bundle (unmapping it where it was mapped). Requests must not run during or after Close.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	return e.bundle.Close()
}

// Manifest returns the bundle's manifest.
func (e *Engine) Manifest() modelpack.Manifest { return e.manifest }

// Catalog returns the bundle's item and user catalog.
func (e *Engine) Catalog() *modelpack.Catalog { return e.catalog }

// Bundle returns the underlying bundle (for inspection; owned by the Engine).
func (e *Engine) Bundle() *modelpack.Bundle { return e.bundle }

// ItemGraph returns the HNSW graph over the item embeddings that the retrieve stage searches, or nil when
// the bundle has none (retrieval scans exactly). Like the Engine it is immutable and safe for concurrent
// searches; a bare vector search (the browser's rec.search) uses it rather than loading the graph twice.
func (e *Engine) ItemGraph() *ann.HNSW { return e.graph }

// NumItems is the catalog size.
func (e *Engine) NumItems() int { return e.items.n }

// Dim is the embedding dimension.
func (e *Engine) Dim() int { return e.items.dim }

// Index names the retrieval the engine uses: "hnsw" when the bundle carries a graph, else "exact".
func (e *Engine) Index() string {
	if e.graph != nil {
		return "hnsw"
	}
	return "exact"
}
