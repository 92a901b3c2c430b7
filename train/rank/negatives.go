package rank

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Sources of sampled negatives (NegativeConfig.Sources).
const (
	// NegativeUniform draws items uniformly from the catalog.
	NegativeUniform = "uniform"
	// NegativePopular draws items in proportion to their number of positives (the
	// popularity of the implicit data): harder than uniform, and it stops a model from
	// ranking by popularity alone.
	NegativePopular = "popular"
	// NegativeRetriever draws items uniformly from the user's retrieval pool
	// (NegativeConfig.Pools): the candidates the ranker will actually see in the funnel.
	NegativeRetriever = "retriever"
)

// maxPopularTries bounds the rejection of popularity draws that hit a banned item; after it
// the draw falls back to a uniform one.
const maxPopularTries = 64

// NegativeConfig configures SampleNegatives. The zero value (besides NumItems) draws 4 uniform
// negatives per positive.
type NegativeConfig struct {
	// NumItems is the catalog size: items are in [0, NumItems). Required.
	NumItems int
	// PerPositive is how many negatives each source draws per positive (default 4).
	PerPositive int
	// Sources are the negative sources, each drawing PerPositive negatives (default uniform).
	Sources []string
	// Pools[u] are user row u's retrieval candidates (NegativeRetriever). A user without a
	// pool, or whose pool holds only banned items, gets uniform negatives instead.
	Pools [][]int32
	// Exclude[u] are items never drawn for user row u, besides u's positives. May be nil.
	// Whether held-out items belong here is the caller's choice: never drawing a user's test
	// item while drawing the other candidates tells the model which candidate it is.
	Exclude [][]int32
	Seed    uint64
}

// SampleNegatives turns implicit feedback into labelled examples: every event of pos becomes a
// positive (label 1) followed by its negatives (label 0) for the same user and time, from each
// source in order. A negative is never an item the user has in pos, nor one of Exclude[user];
// a user for whom no item is left gets no negatives. The draw depends only on pos and cfg.
func SampleNegatives(pos *Examples, cfg NegativeConfig) (Examples, error) {
	s, err := newSampler(pos, cfg)
	if err != nil {
		return Examples{}, err
	}
	out := Examples{}
	for i, u := range pos.User {
		t := int64(0)
		if pos.Time != nil {
			t = pos.Time[i]
		}
		out.append(u, pos.Item[i], 1, t)
		if len(s.banned[u]) >= cfg.NumItems {
			continue
		}
		for _, src := range s.sources {
			for range s.per {
				out.append(u, s.draw(u, src), 0, t)
			}
		}
	}
	if pos.Time == nil {
		out.Time = nil
	}
	return out, nil
}

// WithNegatives is SampleNegatives with perPositive uniform negatives.
func WithNegatives(pos *Examples, numItems, perPositive int, seed uint64) (Examples, error) {
	if perPositive < 0 {
		return Examples{}, fmt.Errorf("rank: negatives: %d per positive", perPositive)
	}
	if perPositive == 0 {
		return SampleNegatives(pos, NegativeConfig{NumItems: numItems, Sources: []string{}, Seed: seed})
	}
	return SampleNegatives(pos, NegativeConfig{NumItems: numItems, PerPositive: perPositive, Seed: seed})
}

// sampler holds the per-user banned sets, the popularity table and the filtered pools.
type sampler struct {
	n       int
	per     int
	sources []string
	banned  map[int32]map[int32]bool
	cum     []float64 // cumulative positive counts (NegativePopular)
	pools   map[int32][]int32
	rng     *rand.Rand
}

func newSampler(pos *Examples, cfg NegativeConfig) (*sampler, error) {
	if cfg.NumItems <= 0 || cfg.PerPositive < 0 {
		return nil, fmt.Errorf("rank: negatives: %d items, %d per positive", cfg.NumItems, cfg.PerPositive)
	}
	s := &sampler{n: cfg.NumItems, per: cfg.PerPositive, sources: cfg.Sources, banned: map[int32]map[int32]bool{},
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x9e9))}
	if s.per == 0 {
		s.per = 4
	}
	if s.sources == nil {
		s.sources = []string{NegativeUniform}
	}
	for i, u := range pos.User {
		if it := pos.Item[i]; it < 0 || int(it) >= s.n {
			return nil, fmt.Errorf("rank: negatives: item %d at event %d outside [0, %d)", it, i, s.n)
		}
		s.ban(u, pos.Item[i])
	}
	for u, items := range cfg.Exclude {
		if s.banned[int32(u)] == nil {
			continue // a user without positives draws nothing
		}
		for _, it := range items {
			if it >= 0 && int(it) < s.n {
				s.ban(int32(u), it)
			}
		}
	}
	for _, src := range s.sources {
		switch src {
		case NegativeUniform:
		case NegativePopular:
			s.popularity(pos)
		case NegativeRetriever:
			s.filterPools(cfg.Pools)
		default:
			return nil, fmt.Errorf("rank: negatives: source %q: want %s, %s or %s", src, NegativeUniform, NegativePopular, NegativeRetriever)
		}
	}
	return s, nil
}

func (s *sampler) ban(u, it int32) {
	if s.banned[u] == nil {
		s.banned[u] = map[int32]bool{}
	}
	s.banned[u][it] = true
}

func (s *sampler) popularity(pos *Examples) {
	count := make([]float64, s.n)
	for _, it := range pos.Item {
		count[it]++
	}
	s.cum = make([]float64, s.n)
	var c float64
	for i, x := range count {
		c += x
		s.cum[i] = c
	}
}

// filterPools keeps, for every user with positives, the pool items in range and not banned.
func (s *sampler) filterPools(pools [][]int32) {
	s.pools = map[int32][]int32{}
	for u, pool := range pools {
		b := s.banned[int32(u)]
		if b == nil {
			continue
		}
		var keep []int32
		dup := map[int32]bool{}
		for _, it := range pool {
			if it >= 0 && int(it) < s.n && !b[it] && !dup[it] {
				dup[it] = true
				keep = append(keep, it)
			}
		}
		s.pools[int32(u)] = keep
	}
}

// draw returns one negative for u from src; u has at least one item not banned.
func (s *sampler) draw(u int32, src string) int32 {
	switch src {
	case NegativeRetriever:
		if p := s.pools[u]; len(p) > 0 {
			return p[s.rng.IntN(len(p))]
		}
	case NegativePopular:
		if total := s.cum[len(s.cum)-1]; total > 0 {
			for range maxPopularTries {
				x := s.rng.Float64() * total
				it := int32(min(len(s.cum)-1, sortSearch(s.cum, x)))
				if !s.banned[u][it] {
					return it
				}
			}
		}
	}
	it := int32(s.rng.IntN(s.n))
	for s.banned[u][it] {
		it = int32(s.rng.IntN(s.n))
	}
	return it
}

// sortSearch is the first index whose cumulative count exceeds x.
func sortSearch(cum []float64, x float64) int {
	i, _ := slices.BinarySearchFunc(cum, x, func(c, x float64) int {
		if c <= x {
			return -1
		}
		return 1
	})
	return i
}

func (e *Examples) append(u, it int32, label float32, t int64) {
	e.User = append(e.User, u)
	e.Item = append(e.Item, it)
	e.Label = append(e.Label, label)
	e.Time = append(e.Time, t)
}
