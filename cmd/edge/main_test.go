package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/server"
	"github.com/corerec/corerec/server/sign"
)

func writeBundle(t *testing.T, path string, items []string) []byte {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: 2, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: items, UserIDs: []string{"ana"}}))
	vec := make([]float32, 2*len(items))
	for i := range vec {
		vec[i] = float32(i%5) - 2
	}
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: len(items), Cols: 2, F32: vec}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: 1, Cols: 2, F32: []float32{1, 0.5}}))
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return buf.Bytes()
}

// syncBuffer collects logs written by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// End to end in-process: start on a loopback port, answer, reload on "SIGHUP", drain on cancel.
func TestRunServesReloadsAndDrains(t *testing.T) {
	dir := t.TempDir()
	bundle := filepath.Join(dir, "m.crec")
	data := writeBundle(t, bundle, []string{"a", "b", "c"})
	pub, priv, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bundle+".sig", sign.Sign(priv, data), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "k.pub"), sign.MarshalPublicKey(pub), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "token"), []byte("tok\n"), 0o600))

	ctx, cancel := context.WithCancel(context.Background())
	hup := make(chan os.Signal, 1)
	addrs := make(chan net.Addr, 1)
	logs := &syncBuffer{}
	a := app{args: []string{"--addr", "127.0.0.1:0", "--public-key", filepath.Join(dir, "k.pub"), "--poll", "0",
		"--admin-token-file", filepath.Join(dir, "token"), "--log-level", "debug"},
		getenv: env(map[string]string{"EDGE_BUNDLE": bundle}), stderr: logs, reload: hup,
		onListen: func(addr net.Addr) { addrs <- addr }}
	exit := make(chan int, 1)
	go func() { exit <- a.run(ctx) }()
	url := "http://" + (<-addrs).String()

	res := recommend(t, url)
	require.Len(t, res.Items, 3)
	first := res.Bundle

	data = writeBundle(t, bundle, []string{"a", "b", "c", "d"})
	require.NoError(t, os.WriteFile(bundle+".sig", sign.Sign(priv, data), 0o644))
	hup <- os.Interrupt // any value: the channel stands for SIGHUP
	req, _ := http.NewRequest(http.MethodPost, url+"/admin/reload", nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req) // also reloads; serialised with the SIGHUP reload
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	res = recommend(t, url)
	require.NotEqual(t, first, res.Bundle)
	require.Len(t, res.Items, 4)

	cancel() // SIGTERM
	require.Equal(t, 0, <-exit)
	out := logs.String()
	require.Contains(t, out, `"msg":"SIGHUP: reloading"`)
	require.Contains(t, out, `"msg":"stopped"`)
	require.Contains(t, out, `"request_id"`)
}

func recommend(t *testing.T, url string) server.RecommendResponse {
	t.Helper()
	resp, err := http.Post(url+"/v1/recommend", "application/json", strings.NewReader(`{"user":"ana","k":10}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var res server.RecommendResponse
	require.NoError(t, json.Unmarshal(body, &res))
	return res
}

func TestRunRefusesBadSetups(t *testing.T) {
	dir := t.TempDir()
	bundle := filepath.Join(dir, "m.crec")
	writeBundle(t, bundle, []string{"a", "b"})
	for name, c := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no bundle":       {nil, 2, "give --bundle"},
		"demo and bundle": {[]string{"--demo", "--bundle", bundle}, 2, "exclude each other"},
		"bad log level":   {[]string{"--bundle", bundle, "--log-level", "loud"}, 2, "--log-level"},
		"bad policy":      {[]string{"--bundle", bundle, "--unknown-user", "maybe"}, 2, "--unknown-user"},
		"unsigned":        {[]string{"--bundle", bundle, "--public-key", writeKey(t, dir)}, 1, "no signature"},
		"missing bundle":  {[]string{"--bundle", filepath.Join(dir, "nope.crec")}, 1, "no such file"},
		"bad address":     {[]string{"--bundle", bundle, "--addr", "256.0.0.1:http"}, 1, "cannot listen"},
		"help":            {[]string{"--help"}, 0, "usage: edge"},
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			a := app{args: append(c.args, "--poll", "0"), getenv: env(nil), stderr: &logs}
			require.Equal(t, c.code, a.run(context.Background()), logs.String())
			require.Contains(t, logs.String(), c.want)
		})
	}
}

func writeKey(t *testing.T, dir string) string {
	pub, _, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	p := filepath.Join(dir, "k.pub")
	require.NoError(t, os.WriteFile(p, sign.MarshalPublicKey(pub), 0o644))
	return p
}
