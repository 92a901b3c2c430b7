package synth_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/stretchr/testify/require"
)

// dominant returns the index of the largest weight.
func dominant(taste []float32) int {
	best := 0
	for k, w := range taste {
		if w > taste[best] {
			best = k
		}
	}
	return best
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := synth.Config{Users: 300, Items: 200, Seed: 42}
	a, b := synth.Generate(cfg), synth.Generate(cfg)
	require.Equal(t, a, b)
	c := synth.Generate(synth.Config{Users: 300, Items: 200, Seed: 43})
	require.NotEqual(t, a.Dataset.Rows, c.Dataset.Rows)
	require.NotEqual(t, a.ItemCategory, c.ItemCategory)
}

func TestGenerateShape(t *testing.T) {
	d := synth.Generate(synth.Config{})
	ds := d.Dataset
	cfg := d.Config
	require.Equal(t, 2000, ds.Users.Len())
	require.Equal(t, 1000, ds.Items.Len())
	require.Len(t, d.Categories, 20)
	require.Equal(t, "u0007", ds.Users.ID(7))
	require.Equal(t, "i0042", ds.Items.ID(42))
	require.Equal(t, "c03", d.Categories[3])
	require.InDelta(t, 2000*30, len(ds.Rows), 2000*30*0.15, "mean interactions per user")
	require.True(t, ds.HasTime && ds.HasRating)
	require.Equal(t, len(ds.Rows), ds.Stats.Rows)

	type pair struct{ u, i int32 }
	seen := map[pair]bool{}
	perUser := make([]int, cfg.Users)
	for j, r := range ds.Rows {
		require.False(t, seen[pair{r.User, r.Item}], "user %d consumed item %d twice", r.User, r.Item)
		seen[pair{r.User, r.Item}] = true
		perUser[r.User]++
		require.GreaterOrEqual(t, r.Time, d.Attributes.CreatedAt[r.Item], "interaction before the item existed")
		require.True(t, r.Rating >= 1 && r.Rating <= 5)
		if j > 0 {
			require.GreaterOrEqual(t, r.Time, ds.Rows[j-1].Time, "rows are in time order")
		}
	}
	require.GreaterOrEqual(t, slices.Min(perUser), 3, "every user can be split leave-one-out")
	later := 0
	for i, k := range d.ItemCategory {
		require.Equal(t, d.Categories[k], d.Attributes.Category[i])
		require.NotEmpty(t, d.Attributes.Tags[i])
		if d.Attributes.CreatedAt[i] > cfg.Start {
			later++
		}
	}
	require.Greater(t, later, cfg.Items/4, "part of the catalog appears over time")
	for u := range cfg.Users {
		sum := 0.0
		for _, w := range d.UserTaste[u] {
			sum += float64(w)
		}
		require.InDelta(t, 1, sum, 1e-5)
		require.Len(t, d.UserFeatures[u], cfg.FeatureDim)
		require.True(t, d.UserAge[u] >= 14 && d.UserAge[u] <= 90)
	}
}

// TestStructureIsReal checks that the planted structure shows in the
// interactions, far above what chance would give.
func TestStructureIsReal(t *testing.T) {
	d := synth.Generate(synth.Config{Seed: 7})
	nc := len(d.Categories)
	chance := 1 / float64(nc)
	seqs := d.Dataset.Sequences()

	// Items fall in the user's dominant category: a taste puts at least
	// Focus/3 = 0.28 there, diluted only in part by mainstream draws,
	// against 1/C = 0.05 by chance.
	inDom, total := 0, 0
	catCount := make([]float64, nc)
	for u, seq := range seqs {
		dom := dominant(d.UserTaste[u])
		for _, i := range seq {
			catCount[d.ItemCategory[i]]++
			if d.ItemCategory[i] == dom {
				inDom++
			}
			total++
		}
	}
	domShare := float64(inDom) / float64(total)
	require.Greater(t, domShare, 5*chance)

	// Consecutive items share their category far more often than two
	// independent draws from the overall category mix would.
	same, pairs := 0, 0
	for _, seq := range seqs {
		for j := 1; j < len(seq); j++ {
			if d.ItemCategory[seq[j]] == d.ItemCategory[seq[j-1]] {
				same++
			}
			pairs++
		}
	}
	base := 0.0
	for _, c := range catCount {
		base += (c / float64(total)) * (c / float64(total))
	}
	sameShare := float64(same) / float64(pairs)
	require.Greater(t, sameShare, 3*base)

	// Popularity is skewed: the top 10 % of items take at least 3× their
	// uniform share (10 %) of interactions.
	pop := make([]int, d.Config.Items)
	for _, r := range d.Dataset.Rows {
		pop[r.Item]++
	}
	slices.SortFunc(pop, func(a, b int) int { return b - a })
	top := 0
	for _, c := range pop[:len(pop)/10] {
		top += c
	}
	topShare := float64(top) / float64(total)
	require.Greater(t, topShare, 0.3)
	t.Logf("dominant-category share %.3f (chance %.3f), same category in a row %.3f (independent %.3f), top-10%% items %.3f",
		domShare, chance, sameShare, base, topShare)
}

// TestUserFeaturesInformative predicts each user's dominant category from
// features alone, as a cold-start model would: nearest centroid for the
// feature vector, majority per country.
func TestUserFeaturesInformative(t *testing.T) {
	d := synth.Generate(synth.Config{Seed: 3})
	nc, n := len(d.Categories), d.Config.Users
	dim := d.Config.FeatureDim
	train, test := n/2, n-n/2
	centroid := make([][]float64, nc)
	count := make([]float64, nc)
	byCountry := map[string][]int{}
	for k := range centroid {
		centroid[k] = make([]float64, dim)
	}
	for u := range train {
		k := dominant(d.UserTaste[u])
		count[k]++
		for j, v := range d.UserFeatures[u] {
			centroid[k][j] += float64(v)
		}
		if byCountry[d.UserCountry[u]] == nil {
			byCountry[d.UserCountry[u]] = make([]int, nc)
		}
		byCountry[d.UserCountry[u]][k]++
	}
	majority := slices.Max(count) / float64(train)
	featHits, countryHits := 0, 0
	for u := train; u < n; u++ {
		k := dominant(d.UserTaste[u])
		best, bestDist := -1, math.Inf(1)
		for c := range nc {
			if count[c] == 0 {
				continue
			}
			dist := 0.0
			for j, v := range d.UserFeatures[u] {
				x := float64(v) - centroid[c][j]/count[c]
				dist += x * x
			}
			if dist < bestDist {
				best, bestDist = c, dist
			}
		}
		if best == k {
			featHits++
		}
		if votes := byCountry[d.UserCountry[u]]; votes != nil && slices.Index(votes, slices.Max(votes)) == k {
			countryHits++
		}
	}
	featAcc, countryAcc := float64(featHits)/float64(test), float64(countryHits)/float64(test)
	floor := max(majority, 1/float64(nc))
	require.Greater(t, featAcc, 3*floor)
	require.Greater(t, countryAcc, 2*floor)
	t.Logf("dominant category from features: %.3f, from country: %.3f (majority class %.3f)", featAcc, countryAcc, majority)
}

func TestGenerateSmallConfigs(t *testing.T) {
	for _, cfg := range []synth.Config{
		{Users: 1, Items: 1},
		{Users: 10, Items: 5, Categories: 50, InteractionsPerUser: 2},
		{Users: 50, Items: 30, InteractionsPerUser: 100, Related: -1, FeatureDim: 2, Countries: 1},
	} {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			d := synth.Generate(cfg)
			require.Equal(t, cfg.Users, d.Dataset.Users.Len())
			require.Equal(t, cfg.Items, d.Dataset.Items.Len())
			require.LessOrEqual(t, len(d.Categories), cfg.Items)
			for _, r := range d.Dataset.Rows {
				require.Less(t, int(r.Item), cfg.Items)
			}
		})
	}
}

func TestGenerateWriteCSV(t *testing.T) {
	d := synth.Generate(synth.Config{Users: 50, Items: 40})
	var buf bytes.Buffer
	require.NoError(t, dataset.WriteCSV(&buf, d.Dataset))
	back, err := dataset.Read(&buf, "synth.csv", dataset.LoadOptions{})
	require.NoError(t, err)
	require.Len(t, back.Rows, len(d.Dataset.Rows))
	require.Equal(t, d.Dataset.Users.ID(d.Dataset.Rows[0].User), back.Users.ID(back.Rows[0].User))
}
