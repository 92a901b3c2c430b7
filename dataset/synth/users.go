package synth

import (
	"fmt"
	"math"
)

// population holds users' tastes and features.
type population struct {
	taste    [][]float64
	cum      [][]float64 // cumulative taste, for sampling categories
	maxTaste []float64
	features [][]float32
	age      []int
	country  []string
	join     []int64
}

func newPopulation(cfg Config, src *source) *population {
	nc := cfg.Categories
	p := &population{
		taste: make([][]float64, cfg.Users), cum: make([][]float64, cfg.Users),
		maxTaste: make([]float64, cfg.Users), features: make([][]float32, cfg.Users),
		age: make([]int, cfg.Users), country: make([]string, cfg.Users), join: make([]int64, cfg.Users),
	}
	// Per category: a projection row, a typical age and a home country.
	proj := make([][]float64, nc)
	baseAge := make([]float64, nc)
	home := make([]int, nc)
	for k := range nc {
		proj[k] = make([]float64, cfg.FeatureDim)
		for f := range proj[k] {
			proj[k][f] = src.normal()
		}
		baseAge[k] = 20 + 40*src.float64()
		home[k] = src.intn(cfg.Countries)
	}
	for u := range cfg.Users {
		t := taste(cfg, src)
		p.taste[u] = t
		p.cum[u] = make([]float64, nc)
		dom, sum := 0, 0.0
		for k, w := range t {
			sum += w
			p.cum[u][k] = sum
			if w > t[dom] {
				dom = k
			}
		}
		p.maxTaste[u] = t[dom]
		p.features[u] = features(cfg, src, t, proj)
		p.age[u] = min(max(int(math.Round(baseAge[dom]+6*src.normal())), 14), 90)
		country := home[dom]
		if src.float64() < 0.4 {
			country = src.intn(cfg.Countries)
		}
		p.country[u] = fmt.Sprintf("country%02d", country)
		p.join[u] = cfg.Start + int64(src.float64()*0.7*float64(cfg.Days)*86400)
	}
	return p
}

// taste draws a mixture over categories: Focus spread over 1–3 dominant
// categories (Dirichlet(2)), the rest Dirichlet(0.1) over all.
func taste(cfg Config, src *source) []float64 {
	nc := cfg.Categories
	t := make([]float64, nc)
	src.dirichlet(t, 0.1)
	for k := range t {
		t[k] *= 1 - cfg.Focus
	}
	nd := min(nc, []int{1, 1, 2, 2, 3}[src.intn(5)])
	w := make([]float64, nd)
	src.dirichlet(w, 2)
	chosen := make([]int, nc)
	for k := range chosen {
		chosen[k] = k
	}
	shuffle(src, chosen)
	for j, k := range chosen[:nd] {
		t[k] += cfg.Focus * w[j]
	}
	return t
}

// features projects a taste through proj and adds Gaussian noise.
func features(cfg Config, src *source, t []float64, proj [][]float64) []float32 {
	f := make([]float32, cfg.FeatureDim)
	for j := range f {
		v := 0.0
		for k, w := range t {
			v += w * proj[k][j]
		}
		f[j] = float32(v + cfg.FeatureNoise*src.normal())
	}
	return f
}
