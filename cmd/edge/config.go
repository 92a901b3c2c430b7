package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// config is every setting of edge. Each is a flag (--max-k), an environment variable (EDGE_MAX_K) and a
// key of the JSON config file ("max_k"); a flag given on the command line wins over the environment,
// which wins over the file, which wins over the default.
type config struct {
	addr, bundle, publicKey         string
	demo                            bool
	demoSeed                        int64
	expBundle, expSalt              string
	expShare                        float64
	poll                            time.Duration
	adminToken, adminTokenFile      string
	unknownUser                     string
	maxBody, maxBundle              int64
	maxK, maxList, maxInFlight      int
	retryAfter, requestTimeout      time.Duration
	readHeader, read, write, idle   time.Duration
	shutdownTimeout                 time.Duration
	logFormat, logLevel, configFile string
}

func (c *config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen address HOST:PORT (\":8080\" for every interface)")
	fs.StringVar(&c.bundle, "bundle", "", "the bundle: a file path or an http(s) URL (or --demo)")
	fs.BoolVar(&c.demo, "demo", false, "serve a demo bundle trained in-process on synthetic data (a few seconds at start)")
	fs.Int64Var(&c.demoSeed, "demo-seed", 1, "seed of the demo's data and model")
	fs.StringVar(&c.expBundle, "experiment-bundle", "", "a second bundle (variant b) for an A/B experiment: path or URL")
	fs.Float64Var(&c.expShare, "experiment-share", 0.5, "fraction of users served by variant b, by a stable hash of the user id")
	fs.StringVar(&c.expSalt, "experiment-salt", "", "salt of the user hash: change it to re-draw the experiment's groups")
	fs.StringVar(&c.publicKey, "public-key", "", "ed25519 public key file (pack sign --gen-key): refuse bundles whose BUNDLE.sig does not verify")
	fs.DurationVar(&c.poll, "poll", 5*time.Second, "how often to check the bundle for changes (file stat or HTTP ETag); 0 disables")
	fs.StringVar(&c.adminToken, "admin-token", "", "bearer token enabling POST /admin/reload (prefer EDGE_ADMIN_TOKEN or --admin-token-file: flags show in ps)")
	fs.StringVar(&c.adminTokenFile, "admin-token-file", "", "file holding the admin token")
	fs.StringVar(&c.unknownUser, "unknown-user", "popular", "unknown users without history: popular (fallback) or reject (404)")
	fs.Int64Var(&c.maxBody, "max-body", 1<<20, "largest request body in bytes (413 above)")
	fs.Int64Var(&c.maxBundle, "max-bundle", 4<<30, "largest bundle in bytes")
	fs.IntVar(&c.maxK, "max-k", 1000, "largest k a request may ask (400 above)")
	fs.IntVar(&c.maxList, "max-list", 10000, "most ids in each of history, allow and deny")
	fs.IntVar(&c.maxInFlight, "max-inflight", 256, "most recommendation requests served at once; more are shed with 503 + Retry-After")
	fs.DurationVar(&c.retryAfter, "retry-after", time.Second, "Retry-After given to shed requests")
	fs.DurationVar(&c.requestTimeout, "request-timeout", 2*time.Second, "deadline of each recommendation request (503 timeout past it)")
	fs.DurationVar(&c.readHeader, "read-header-timeout", 5*time.Second, "time to read a request's headers")
	fs.DurationVar(&c.read, "read-timeout", 10*time.Second, "time to read a whole request")
	fs.DurationVar(&c.write, "write-timeout", 10*time.Second, "time to write a response")
	fs.DurationVar(&c.idle, "idle-timeout", 60*time.Second, "time a keep-alive connection may wait for its next request")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGTERM/SIGINT, time given to requests in flight before connections are closed")
	fs.StringVar(&c.logFormat, "log-format", "json", "log format: json or text")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug (one line per request), info (4xx too), warn, error")
	fs.StringVar(&c.configFile, "config", "", "JSON file of settings: keys are the flag names with '_' for '-' (\"max_k\": 100); unknown keys are refused")
}

// envName is the environment variable of a flag: EDGE_ and the name in capitals with '_' for '-'.
func envName(flagName string) string {
	return "EDGE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseConfig reads the command line, then fills what it left unset from the environment and the
// config file.
func parseConfig(args []string, getenv func(string) (string, bool), stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("edge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.register(fs)
	fs.Usage = func() { usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q (every setting is a flag)", fs.Args())
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if !explicit["config"] {
		if v, ok := getenv(envName("config")); ok {
			c.configFile = v
		}
	}
	if c.configFile != "" {
		if err := applyFile(fs, c.configFile, explicit); err != nil {
			return nil, err
		}
	}
	return c, applyEnv(fs, getenv, explicit)
}

func applyEnv(fs *flag.FlagSet, getenv func(string) (string, bool), explicit map[string]bool) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := getenv(envName(f.Name))
		if !ok || explicit[f.Name] || f.Name == "config" || err != nil {
			return
		}
		if e := set(fs, f.Name, v); e != nil {
			err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
		}
	})
	return err
}

// applyFile sets, from a JSON object, every flag not given on the command line.
func applyFile(fs *flag.FlagSet, path string, explicit map[string]bool) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("config %s: want a JSON object: %v", path, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := strings.ReplaceAll(k, "_", "-")
		if fs.Lookup(name) == nil || name == "config" || strings.Contains(k, "-") {
			return fmt.Errorf("config %s: unknown key %q", path, k)
		}
		if explicit[name] {
			continue
		}
		v, err := scalar(m[k])
		if err == nil {
			err = set(fs, name, v)
		}
		if err != nil {
			return fmt.Errorf("config %s: key %q = %s: %v", path, k, bytes.TrimSpace(m[k]), err)
		}
	}
	return nil
}

// set sets a flag, saying what its value should look like when it cannot be parsed.
func set(fs *flag.FlagSet, name, v string) error {
	if fs.Set(name, v) == nil {
		return nil
	}
	want := "a string"
	switch fs.Lookup(name).Value.(flag.Getter).Get().(type) {
	case time.Duration:
		want = `a duration such as "5s" or "250ms"`
	case int, int64:
		want = "an integer"
	case float64:
		want = "a number"
	case bool:
		want = "true or false"
	}
	return fmt.Errorf("want %s", want)
}

// scalar renders a JSON string, number or boolean as flag text.
func scalar(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, float64:
		return string(bytes.TrimSpace(raw)), nil
	}
	return "", fmt.Errorf("want a string, number or boolean, got %s", bytes.TrimSpace(raw))
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `usage: edge --bundle PATH|URL [--addr HOST:PORT] [flags]
       edge --demo

Serves recommendations from a CoreRec bundle over HTTP (API: api/openapi.yaml).
Every flag is also an environment variable (--max-k → EDGE_MAX_K) and a key of the
--config JSON file ("max_k"); flags win over the environment, which wins over the file.
Signals: SIGHUP reloads the bundle; SIGTERM and SIGINT drain requests and exit.

flags:
`)
	fs.PrintDefaults()
}
