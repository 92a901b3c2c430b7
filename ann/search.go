package ann

// Search returns the opt.K best rows for q, best first (ties by smaller index). The graph search
// is approximate: raise opt.Ef for recall. It returns an error only for a query of the wrong
// length or invalid options.
func (h *HNSW) Search(q []float32, opt SearchOptions) ([]Scored, error) {
	return h.AppendSearch(nil, q, opt)
}

// AppendSearch is Search appending to dst: with a dst of enough capacity it does not allocate.
func (h *HNSW) AppendSearch(dst []Scored, q []float32, opt SearchOptions) ([]Scored, error) {
	o, err := opt.resolve(&h.sp.v)
	if err != nil {
		return dst, err
	}
	s := h.searcher()
	defer h.release(s)
	if err := h.sp.prepare(&s.qu, q, s.qbuf); err != nil {
		return dst, err
	}
	s.res = s.res[:0]
	switch {
	case h.entry < 0:
	case !o.Filter.active():
		h.searchGraph(s, o.Ef, nil)
	default:
		h.searchFiltered(s, o)
	}
	return s.finish(dst, h.sp, q, o)
}

// searchGraph descends the upper levels greedily and leaves the ef best nodes of level 0 allowed by
// f (nil: all) in s.res.
func (h *HNSW) searchGraph(s *searcher, ef int, f *filterState) {
	qu := &s.qu
	ep := Scored{Index: h.entry, Score: h.sp.score(qu, h.entry)}
	for l := h.maxLevel; l > 0; l-- {
		ep = h.greedy(s, qu, ep, l)
	}
	s.startLayer(ep, f)
	h.searchLayer(s, qu, 0, ef, f)
}

// searchFiltered answers a filtered search: by an exact scan of the allowed rows when the filter
// is selective enough for that to be cheaper, else by the graph search keeping allowed rows only.
func (h *HNSW) searchFiltered(s *searcher, o SearchOptions) {
	f := &s.filter
	est := f.prepare(s, &o.Filter, h.sp.v.N)
	k := o.K
	if o.Fine != nil {
		k = o.Rescore
	}
	scan := o.FilterPlan == FilterScan
	if o.FilterPlan == FilterAuto {
		scan = h.preferExact(est, o.Ef, f.bits != nil)
	}
	if scan {
		h.exact.scanFiltered(s, k, f)
		return
	}
	h.searchGraph(s, o.Ef, f)
}

// preferExact reports whether scanning the est allowed rows beats the graph search at beam
// width ef. Unfiltered, the graph scores about graphVisits·ef scattered rows; with est of N rows
// allowed it scores about N/est times as many, since it stops only when it holds ef allowed rows.
// A scan scores the est allowed rows (scattered too) when a bitset lists them, or all N rows
// (contiguous: about contiguousGain times cheaper each) when only Func is known.
func (h *HNSW) preferExact(est, ef int, haveBits bool) bool {
	n := float64(h.sp.v.N)
	if est <= 0 {
		return true
	}
	graph := float64(graphVisits*ef) * n / float64(est)
	scan := float64(est)
	if !haveBits {
		scan += n / contiguousGain
	}
	return scan <= graph
}

// Calibration of preferExact, measured with bench/ann -filter -plans graph,scan on ml (5K rows)
// and synth100k: the crossover is at about 6,000 allowed rows of 100,000 for ef 10 and 17,000
// for ef 64, at 1,100 of 5,000 for ef 10 (see BENCHMARKS.md).
const (
	graphVisits    = 32 // scattered rows scored per unit of ef by an unfiltered graph search
	contiguousGain = 8  // how much cheaper a row of a full contiguous scan is than a scattered one
)
