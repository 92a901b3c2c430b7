package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "edge.json")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestConfigLayers(t *testing.T) {
	file := writeConfig(t, `{"addr":"127.0.0.1:1","max_k":50,"poll":"1m","demo":true,"experiment_share":0.25,"log_level":"debug"}`)
	// file < environment < flags
	c, err := parseConfig([]string{"--addr", "127.0.0.1:3", "--config", file},
		env(map[string]string{"EDGE_ADDR": "127.0.0.1:2", "EDGE_MAX_K": "70", "EDGE_MAX_LIST": "9"}), io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:3", c.addr)   // flag
	require.Equal(t, 70, c.maxK)              // environment over file
	require.Equal(t, 9, c.maxList)            // environment over default
	require.Equal(t, time.Minute, c.poll)     // file
	require.True(t, c.demo)                   // file, boolean
	require.Equal(t, 0.25, c.expShare)        // file, number
	require.Equal(t, "debug", c.logLevel)     // file, string
	require.Equal(t, int64(1<<20), c.maxBody) // default

	// The config file may come from the environment too.
	c, err = parseConfig(nil, env(map[string]string{"EDGE_CONFIG": file}), io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:1", c.addr)
}

func TestConfigErrors(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"unknown key":      {[]string{"--config", writeConfig(t, `{"max_kk":5}`)}, nil, `unknown key "max_kk"`},
		"dashed key":       {[]string{"--config", writeConfig(t, `{"max-k":5}`)}, nil, `unknown key "max-k"`},
		"config in config": {[]string{"--config", writeConfig(t, `{"config":"x"}`)}, nil, `unknown key "config"`},
		"wrong type":       {[]string{"--config", writeConfig(t, `{"max_k":"lots"}`)}, nil, `key "max_k" = "lots": want an integer`},
		"duration number":  {[]string{"--config", writeConfig(t, `{"poll":5}`)}, nil, `key "poll" = 5: want a duration such as "5s"`},
		"object value":     {[]string{"--config", writeConfig(t, `{"addr":{"host":"x"}}`)}, nil, "want a string, number or boolean"},
		"not an object":    {[]string{"--config", writeConfig(t, `[1]`)}, nil, "want a JSON object"},
		"missing file":     {[]string{"--config", "/nonexistent/edge.json"}, nil, "no such file"},
		"bad env":          {nil, map[string]string{"EDGE_MAX_K": "many"}, "EDGE_MAX_K"},
		"stray argument":   {[]string{"model.crec"}, nil, "unexpected arguments"},
		"unknown flag":     {[]string{"--bundel", "x"}, nil, "flag provided but not defined"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseConfig(c.args, env(c.env), io.Discard)
			require.ErrorContains(t, err, c.want)
		})
	}
}

func TestEnvNames(t *testing.T) {
	require.Equal(t, "EDGE_ADDR", envName("addr"))
	require.Equal(t, "EDGE_READ_HEADER_TIMEOUT", envName("read-header-timeout"))
}
