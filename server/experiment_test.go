package server

import (
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSplitIsStableAndProportional(t *testing.T) {
	for _, share := range []float64{0, 0.1, 0.5, 0.9, 1} {
		t.Run(fmt.Sprint(share), func(t *testing.T) {
			p := newSplit(share, "exp-7")
			inB := 0
			const n = 20000
			for u := range n {
				id := fmt.Sprintf("user-%d", u)
				b := p.bucket(id) < p.inB
				require.Equal(t, b, p.bucket(id) < p.inB) // stable
				if b {
					inB++
				}
			}
			// 20,000 users: the binomial standard deviation is at most 0.0035.
			require.InDelta(t, share, float64(inB)/n, 0.015)
		})
	}
	// Another salt re-draws the assignment.
	p, q := newSplit(0.5, "one"), newSplit(0.5, "two")
	same := 0
	for u := range 2000 {
		id := fmt.Sprint(u)
		if (p.bucket(id) < p.inB) == (q.bucket(id) < q.inB) {
			same++
		}
	}
	require.Less(t, math.Abs(float64(same)/2000-0.5), 0.06)
}

func TestExperimentServesTwoBundles(t *testing.T) {
	a, b := small.bytes(t), fixture{items: 200, users: 50, dim: 8, seed: 2}.bytes(t)
	ts := start(t, Options{Source: &BytesSource{Name: "A", Data: a},
		Experiment: &Experiment{Source: &BytesSource{Name: "B", Data: b}, Share: 0.3, Salt: "s"}})
	versions := map[string]string{}
	counts := map[string]int{}
	for u := range 50 {
		user := fmt.Sprintf("u%04d", u)
		code, res, _ := ts.recommend(t, fmt.Sprintf(`{"user":%q}`, user))
		require.Equal(t, http.StatusOK, code)
		require.Equal(t, ts.Variant(user), res.Variant)
		if v, ok := versions[res.Variant]; ok {
			require.Equal(t, v, res.Bundle)
		}
		versions[res.Variant] = res.Bundle
		counts[res.Variant]++
	}
	require.Len(t, versions, 2)
	require.NotEqual(t, versions["a"], versions["b"])
	// History-only requests go to "a"; similar picks its arm by ?user=.
	_, res, _ := ts.recommend(t, `{"history":["i0001"]}`)
	require.Equal(t, "a", res.Variant)

	for u := range 10 {
		user := fmt.Sprintf("u%04d", u)
		_, body, _ := ts.do(t, http.MethodGet, "/v1/items/i0003/similar?user="+user, "")
		require.Contains(t, string(body), `"variant":"`+ts.Variant(user)+`"`)
	}
	_, body, _ := ts.do(t, http.MethodGet, "/v1/bundle", "")
	require.Contains(t, string(body), `"variant":"b","share":0.3`)
	_, m, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(m), fmt.Sprintf(`edge_variant_requests_total{variant="b",route="recommend"} %d`+"\n", counts["b"]))
	require.Contains(t, string(m), `edge_bundle_info{variant="b",version="`+versions["b"])
	require.Contains(t, string(m), `edge_stage_duration_seconds_count{variant="b",stage="retrieve"}`)
}
