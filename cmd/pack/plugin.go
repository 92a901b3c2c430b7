package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/runtime"
)

const pluginUsage = `plugin check P.wasm [--json] [--fuel N] [--memory-pages N]
       pack plugin run --plugin P.wasm --bundle B --user U [--k 10] [--fuel N] [--memory-pages N] [flags]
       pack plugin manifest --set JSON --out P2.wasm P.wasm`

// runPlugin checks, runs, or adds a manifest to a reranking plugin (rules/ABI.md).
func runPlugin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "usage: pack %s\n", pluginUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return usagef("give a subcommand: check, run or manifest")
	}
	switch args[0] {
	case "check":
		return pluginCheck(ctx, args[1:], stdout, stderr)
	case "run":
		return pluginRun(ctx, args[1:], stdout, stderr)
	case "manifest":
		return pluginManifest(args[1:], stdout, stderr)
	}
	return usagef("unknown subcommand %q: use check, run or manifest", args[0])
}

// limitFlags are the host limits check and run share.
type limitFlags struct {
	fuel, initFuel int64
	pages          uint
}

func (l *limitFlags) register(fs interface {
	Int64Var(*int64, string, int64, string)
	UintVar(*uint, string, uint, string)
}) {
	fs.Int64Var(&l.fuel, "fuel", plugin.DefaultFuel, "fuel (instructions) per call the host grants")
	fs.Int64Var(&l.initFuel, "init-fuel", plugin.DefaultInitFuel, "fuel for instantiation (start function, _initialize)")
	fs.UintVar(&l.pages, "memory-pages", plugin.DefaultMemoryPages, "memory cap in 64 KiB pages")
}

func (l *limitFlags) host(ctx context.Context) (*plugin.Host, plugin.Options, error) {
	if l.fuel <= 0 || l.initFuel <= 0 || l.pages == 0 || l.pages > 65536 {
		return nil, plugin.Options{}, usagef("--fuel and --init-fuel must be positive, --memory-pages in 1..65536")
	}
	h, err := plugin.NewHost(ctx, plugin.HostConfig{MemoryPages: uint32(max(l.pages, plugin.DefaultHostMemoryPages))})
	return h, plugin.Options{Fuel: l.fuel, InitFuel: l.initFuel, MemoryPages: uint32(l.pages), Policy: plugin.Fail}, err
}

// positional takes a leading non-flag argument, so that the file may come before or after the flags.
func positional(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func pluginCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plugin check", "plugin check P.wasm [--json] [--fuel N] [--memory-pages N]", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object")
	var lim limitFlags
	lim.register(fs)
	path, args := positional(args)
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	if path == "" {
		return usagef("give the plugin to check")
	}
	wasm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	h, opt, err := lim.host(ctx)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	info, err := h.Check(ctx, filepath.Base(path), wasm, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	printInfo(stdout, path, info)
	return nil
}

func printInfo(w io.Writer, path string, in plugin.Info) {
	fmt.Fprintf(w, "%s: plugin %q speaks ABI v%d: ok (nothing was run)\n", path, in.Name, abi.Version)
	fmt.Fprintf(w, "  module    %d bytes; metered %d bytes (%d functions, %d metering points, largest charge %d)\n",
		in.ModuleBytes, in.MeteredBytes, in.Meter.Funcs, in.Meter.Points, in.Meter.MaxCost)
	imports := "none"
	if len(in.Imports) > 0 {
		imports = strings.Join(in.Imports, ", ")
	}
	fmt.Fprintf(w, "  imports   %s\n", imports)
	man := "none (defaults: reads every field but embeddings, no WASI)"
	if in.HasManifest {
		man = string(in.Manifest.Encode())
	}
	fmt.Fprintf(w, "  manifest  %s\n", man)
	fmt.Fprintf(w, "  limits    fuel %d per call, init fuel %d, memory %d pages (starts at %d), stack %d slots\n",
		in.Fuel, in.InitFuel, in.MemoryPages, in.InitialPages, in.Stack)
}

// runReport is what pack plugin run prints: one JSON object.
type runReport struct {
	Plugin     string         `json:"plugin"`
	User       string         `json:"user"`
	K          int            `json:"k"`
	Candidates int            `json:"candidates"`
	Items      []runtime.Item `json:"items"`
	Fuel       int64          `json:"fuel"`
	FuelBudget int64          `json:"fuel_budget"`
	InitFuel   int64          `json:"init_fuel"`
	DurationNS int64          `json:"duration_ns"`
	Logs       []string       `json:"logs,omitempty"`
	Error      string         `json:"error,omitempty"`
}

type runFlags struct {
	limitFlags
	plugin, bundle, user, now, config, configF32 string
	k, candidates                                int
	excludeSeen                                  bool
}

func pluginRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plugin run", "plugin run --plugin P.wasm --bundle B --user U [--k 10] [flags]", stderr)
	var f runFlags
	f.register(fs)
	fs.StringVar(&f.plugin, "plugin", "", "the plugin (.wasm, required)")
	fs.StringVar(&f.bundle, "bundle", "", "the bundle (required)")
	fs.StringVar(&f.user, "user", "", "the user to recommend for (required)")
	fs.IntVar(&f.k, "k", 10, "items in the answer")
	fs.IntVar(&f.candidates, "candidates", 0, "candidates retrieved for the plugin (default 5·k)")
	fs.StringVar(&f.now, "now", "", "the request's clock: unix seconds or RFC 3339 (default: now; 0 for none)")
	fs.BoolVar(&f.excludeSeen, "exclude-seen", false, "leave out the user's training items")
	fs.StringVar(&f.config, "config", "", "configuration bytes for the plugin, as a string")
	fs.StringVar(&f.configF32, "config-f32", "", "configuration for the plugin as comma-separated float32 (e.g. 0,inf,1,1000)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	req, opt, err := f.request()
	if err != nil {
		return err
	}
	wasm, err := os.ReadFile(f.plugin)
	if err != nil {
		return err
	}
	eng, closeEng, err := openEngine(ctx, f.bundle, runtime.Options{})
	if err != nil {
		return err
	}
	defer closeEng()
	h, hopt, err := f.host(ctx)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	var call plugin.Call
	hopt.Config, hopt.OnCall = opt.Config, func(c plugin.Call) { call = c }
	rep := runReport{Plugin: filepath.Base(f.plugin), User: f.user, K: f.k}
	p, err := h.Load(ctx, rep.Plugin, wasm, hopt)
	if err == nil {
		defer p.Close(ctx)
		rep.Plugin, rep.FuelBudget, rep.InitFuel = p.Info().Name, p.Info().Fuel, p.Stats().InitFuel
		err = rerankWith(ctx, eng, p, req, &rep)
		rep.Fuel, rep.Logs = call.Fuel, call.Logs
	}
	var perr *plugin.Error
	if err != nil && !errors.As(err, &perr) {
		return err // not the plugin's fault: the bundle, the user, the request
	}
	if err != nil {
		rep.Error = err.Error()
	}
	enc := json.NewEncoder(stdout)
	if encErr := enc.Encode(rep); encErr != nil {
		return encErr
	}
	return err
}

// request builds the retrieval request and the plugin's configuration from the flags.
func (f *runFlags) request() (runtime.Request, plugin.Options, error) {
	var opt plugin.Options
	switch {
	case f.plugin == "" || f.bundle == "" || f.user == "":
		return runtime.Request{}, opt, usagef("--plugin, --bundle and --user are required")
	case f.k < 1 || f.k > runtime.MaxK:
		return runtime.Request{}, opt, usagef("--k must be in 1..%d", runtime.MaxK)
	}
	n := f.candidates
	if n == 0 {
		n = min(5*f.k, runtime.MaxK)
	}
	if n < f.k || n > runtime.MaxK {
		return runtime.Request{}, opt, usagef("--candidates must be in k..%d", runtime.MaxK)
	}
	now, err := parseNow(f.now)
	if err != nil {
		return runtime.Request{}, opt, err
	}
	opt.Config = []byte(f.config)
	if f.configF32 != "" {
		if opt.Config, err = f32Config(f.configF32); err != nil {
			return runtime.Request{}, opt, err
		}
	}
	return runtime.Request{User: f.user, K: n, ExcludeSeen: f.excludeSeen, Now: now}, opt, nil
}

// rerankWith runs the pipeline: retrieval of the candidates, the plugin as a runtime.Reranker, the cut to K.
func rerankWith(ctx context.Context, eng *runtime.Engine, rr runtime.Reranker, req runtime.Request, rep *runReport) error {
	res, err := eng.Recommend(ctx, req)
	if err != nil {
		return err
	}
	cands := make([]runtime.Candidate, len(res.Items))
	for i, it := range res.Items {
		cands[i] = runtime.Candidate{Index: it.Index, Score: it.Score}
	}
	rep.Candidates = len(cands)
	in := &runtime.RerankInput{K: rep.K, Now: req.Now, User: req.User, Catalog: eng.Catalog(), Embedding: embeddings(eng)}
	start := time.Now()
	kept, err := rr.Rerank(ctx, in, cands)
	rep.DurationNS = time.Since(start).Nanoseconds()
	if err != nil {
		return err
	}
	cat := eng.Catalog()
	for _, c := range kept[:min(len(kept), rep.K)] {
		rep.Items = append(rep.Items, runtime.Item{ID: cat.ItemID(c.Index), Index: c.Index, Score: c.Score})
	}
	return nil
}

// embeddings reads item vectors from the bundle, for plugins that ask for them.
func embeddings(eng *runtime.Engine) func(int32, []float32) []float32 {
	m, err := eng.Bundle().Matrix(modelpack.SectionItemEmbeddings)
	if err != nil {
		return nil
	}
	return func(i int32, dst []float32) []float32 { return m.Row(int(i), dst) }
}

func parseNow(s string) (time.Time, error) {
	switch s {
	case "":
		return time.Now(), nil
	case "0":
		return time.Time{}, nil
	}
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(sec, 0), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, usagef("--now %q: give unix seconds or RFC 3339", s)
	}
	return t, nil
}

func f32Config(s string) ([]byte, error) {
	var out []byte
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 32)
		if err != nil {
			return nil, usagef("--config-f32: %q is not a number", f)
		}
		out = le32(out, math.Float32bits(float32(v)))
	}
	return out, nil
}

func le32(b []byte, v uint32) []byte { return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24)) }

func pluginManifest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plugin manifest", "plugin manifest --set JSON --out P2.wasm P.wasm", stderr)
	set := fs.String("set", "", `the manifest, e.g. '{"abi":1,"wasi":true}' (required)`)
	out := fs.String("out", "", "where to write the plugin with the manifest (required; may be P.wasm itself)")
	path, args := positional(args)
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	if path == "" || *set == "" || *out == "" {
		return usagef("give the plugin, --set and --out")
	}
	m, err := abi.ParseManifest([]byte(*set))
	if err != nil {
		return err
	}
	wasm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if wasm, err = abi.WithManifest(wasm, m); err != nil {
		return err
	}
	if err := os.WriteFile(*out, wasm, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes) with manifest %s\n", *out, len(wasm), m.Encode())
	return nil
}

// openEngine opens a bundle whose rules may run plugins (sections plugin.NAME): those load on a plugin
// host of their own, released by the returned close function with the engine.
func openEngine(ctx context.Context, path string, opt runtime.Options) (*runtime.Engine, func(), error) {
	b, err := modelpack.Open(path, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !hasPlugins(b) {
		eng, err := runtime.New(b, opt)
		if err != nil {
			return nil, nil, err
		}
		return eng, func() { eng.Close() }, nil
	}
	h, err := plugin.NewHost(ctx, plugin.HostConfig{})
	if err != nil {
		b.Close()
		return nil, nil, err
	}
	eng, err := h.NewEngine(ctx, b, opt, plugin.BundleOptions{})
	if err != nil {
		h.Close(ctx)
		return nil, nil, err
	}
	return eng.Engine, func() { eng.Close(); h.Close(ctx) }, nil
}

// hasPlugins reports whether the bundle carries plugin sections.
func hasPlugins(b *modelpack.Bundle) bool {
	for _, s := range b.Sections() {
		if strings.HasPrefix(s.Name, modelpack.SectionPluginPrefix) {
			return true
		}
	}
	return false
}
