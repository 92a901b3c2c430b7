package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzDecodeRecommend feeds arbitrary bodies to the request decoder: it must never panic, must answer
// every failure with a 4xx and a code, and everything it accepts must be within the limits and survive a
// round trip through JSON unchanged.
func FuzzDecodeRecommend(f *testing.F) {
	seeds, err := filepath.Glob("testdata/requests/*.json")
	require.NoError(f, err)
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(b)
	}
	lim := Options{}.withDefaults().Limits
	lim.MaxBodyBytes = 1 << 12
	f.Fuzz(func(t *testing.T, body []byte) {
		req, aerr := decodeRecommend(http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(body)), lim.MaxBodyBytes), lim)
		if aerr != nil {
			require.GreaterOrEqual(t, aerr.status, 400)
			require.Less(t, aerr.status, 500)
			require.NotEmpty(t, aerr.code)
			require.NotEmpty(t, aerr.msg)
			return
		}
		require.LessOrEqual(t, len(body), int(lim.MaxBodyBytes))
		require.True(t, req.K >= 0 && req.K <= lim.MaxK)
		require.True(t, req.User != "" || len(req.History) > 0)
		require.LessOrEqual(t, len(req.History), lim.MaxList)
		if p := req.Pipeline; p != nil {
			require.True(t, p.Candidates >= 0 && p.Candidates <= maxCandidates && p.Keep >= 0 && p.Keep <= maxCandidates)
			require.True(t, p.RankBudgetMs >= 0 && p.RerankBudgetMs >= 0 && p.Blend >= 0)
			require.LessOrEqual(t, len(p.Retrievers), maxRetrievers)
		}
		if f := req.Filter; f != nil {
			for _, l := range [][]string{f.CategoryIn, f.CategoryNotIn, f.WithTags, f.WithoutTags} {
				require.LessOrEqual(t, len(l), lim.MaxList)
			}
		}
		_ = req.runtime() // the conversion to the engine's request never fails
		again, err := json.Marshal(req)
		require.NoError(t, err)
		req2, aerr := decodeRecommend(bytes.NewReader(again), lim)
		require.Nil(t, aerr, "re-encoded %s", again)
		require.True(t, req.Now.Equal(req2.Now))
		require.Equal(t, normal(req), normal(req2))
	})
}

// normal makes empty lists and maps nil and times UTC: the forms JSON does not distinguish.
func normal(r RecommendRequest) RecommendRequest {
	lists := []*[]string{&r.History, &r.Allow, &r.Deny}
	r.Now = r.Now.UTC()
	if r.Filter != nil {
		f := *r.Filter
		lists = append(lists, &f.CategoryIn, &f.CategoryNotIn, &f.WithTags, &f.WithoutTags)
		f.CreatedAfter, f.CreatedBefore = f.CreatedAfter.UTC(), f.CreatedBefore.UTC()
		r.Filter = &f
	}
	for _, l := range lists {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if a := r.Attributes; a != nil {
		c := *a
		if len(c.Cat) == 0 {
			c.Cat = nil
		}
		for k, v := range c.Cat {
			if len(v) == 0 {
				c.Cat[k] = nil
			}
		}
		if len(c.Dense) == 0 {
			c.Dense = nil
		}
		r.Attributes = &c
	}
	if p := r.Pipeline; p != nil {
		c := *p
		if len(c.Retrievers) == 0 {
			c.Retrievers = nil
		}
		if len(c.Rules) == 0 {
			c.Rules = nil
		}
		r.Pipeline = &c
	}
	return r
}

// FuzzSimilarQuery feeds arbitrary query strings to GET /v1/items/{id}/similar's parser.
func FuzzSimilarQuery(f *testing.F) {
	for _, s := range []string{"k=10", "k=10&user=u1", "k=-1", "k=99999999999999999999", "k=1&k=2", "x=1", "k=%zz", ""} {
		f.Add(s)
	}
	lim := Options{}.withDefaults().Limits
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		k, _, aerr := similarQuery(q, lim)
		if aerr != nil {
			require.Equal(t, 400, aerr.status)
			return
		}
		require.True(t, k >= 0 && k <= lim.MaxK)
	})
}
