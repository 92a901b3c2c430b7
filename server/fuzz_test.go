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
		again, err := json.Marshal(req)
		require.NoError(t, err)
		req2, aerr := decodeRecommend(bytes.NewReader(again), lim)
		require.Nil(t, aerr, "re-encoded %s", again)
		require.True(t, req.Now.Equal(req2.Now))
		require.Equal(t, normal(req), normal(req2))
	})
}

// normal makes empty lists nil and the clock UTC: the forms JSON does not distinguish.
func normal(r RecommendRequest) RecommendRequest {
	for _, l := range []*[]string{&r.History, &r.Allow, &r.Deny} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	r.Now = r.Now.UTC()
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
