package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/runtime"
)

// pluginFlag is one --plugin name=P.wasm[,policy=skip|fail][,fuel=N][,memory-pages=N] of pack build.
type pluginFlag struct {
	name, path string
	cfg        plugin.RuleConfig
}

// pluginFlags collects repeated --plugin flags (flag.Value).
type pluginFlags []pluginFlag

func (p *pluginFlags) String() string { return fmt.Sprint(len(*p), " plugins") }

func (p *pluginFlags) Set(s string) error {
	head, opts, _ := strings.Cut(s, ",")
	name, path, ok := strings.Cut(head, "=")
	if !ok || name == "" || path == "" || strings.ContainsAny(name, " ,=") {
		return fmt.Errorf("want name=P.wasm[,policy=skip|fail][,fuel=N][,memory-pages=N], got %q", s)
	}
	f := pluginFlag{name: name, path: path}
	for opt := range strings.SplitSeq(opts, ",") {
		if opt == "" {
			continue
		}
		k, v, _ := strings.Cut(opt, "=")
		var err error
		switch k {
		case "policy":
			_, err = plugin.ParsePolicy(v)
			f.cfg.Policy = v
		case "fuel":
			f.cfg.Fuel, err = strconv.ParseInt(v, 10, 64)
		case "memory-pages":
			var n uint64
			n, err = strconv.ParseUint(v, 10, 32)
			f.cfg.MemoryPages = uint32(n)
		default:
			err = fmt.Errorf("unknown option %q (want policy, fuel, memory-pages)", k)
		}
		if err != nil {
			return fmt.Errorf("plugin %s: %v", name, err)
		}
	}
	*p = append(*p, f)
	return nil
}

// addPlugins checks each plugin (as `pack plugin check` does, running none of its code), adds its module
// as section plugin.NAME and appends a plugin rule to the rules spec, which it returns (nil when there are
// neither rules nor plugins).
func addPlugins(ctx context.Context, b *modelpack.Builder, spec []byte, plugins pluginFlags) ([]byte, error) {
	if len(plugins) == 0 {
		return spec, nil
	}
	var cs rules.ChainSpec
	if spec != nil {
		if err := json.Unmarshal(spec, &cs); err != nil {
			return nil, err
		}
	}
	h, err := plugin.NewHost(ctx, plugin.HostConfig{})
	if err != nil {
		return nil, err
	}
	defer h.Close(ctx)
	for _, p := range plugins {
		wasm, err := os.ReadFile(p.path)
		if err != nil {
			return nil, err
		}
		if _, err := h.Check(ctx, p.name, wasm, plugin.Options{Fuel: p.cfg.Fuel, MemoryPages: p.cfg.MemoryPages}); err != nil {
			return nil, fmt.Errorf("--plugin %s=%s: %w", p.name, filepath.Base(p.path), err)
		}
		if err := b.AddBytes(modelpack.SectionPlugin(p.name), wasm); err != nil {
			return nil, err
		}
		cfg, err := json.Marshal(p.cfg)
		if err != nil {
			return nil, err
		}
		cs.Rules = append(cs.Rules, rules.RuleSpec{Kind: rules.KindPlugin, Name: p.name, Config: cfg})
	}
	return json.Marshal(cs)
}

// checkRules decodes a rules spec and builds its built-in rules; plugin rules are checked when the written
// bundle is opened (their modules are its sections).
func checkRules(raw []byte) error {
	placeholder := func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		return rules.Custom(rs.Name, runtime.RerankerFunc(nil)), nil
	}
	_, err := rules.ParseChainEnv(raw, rules.Env{Kinds: map[string]rules.KindFactory{rules.KindPlugin: placeholder}})
	return err
}
