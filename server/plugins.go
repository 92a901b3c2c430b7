package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/corerec/corerec/modelpack"
	_ "github.com/corerec/corerec/rules" // bundles with rules open (the runtime's rules factory)
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/runtime"
)

// openEngine opens a fetched bundle. A bundle that carries plugins (sections plugin.NAME, run by plugin
// rules of its rules spec) gets a plugin host of its own: its plugins are checked, metered and compiled
// here, before the bundle may serve, and released with it by the returned close function. Every failed
// plugin call is counted per variant, plugin and reason.
func (s *slot) openEngine(ctx context.Context, data []byte) (*runtime.Engine, func(), error) {
	opt := runtime.Options{UnknownUser: s.srv.opt.UnknownUser}
	b, err := modelpack.OpenBytes(data, modelpack.Options{})
	if err != nil {
		return nil, nil, err
	}
	if !hasPlugins(b) {
		eng, err := runtime.New(b, opt)
		if err != nil {
			return nil, nil, err
		}
		return eng, func() { eng.Close() }, nil
	}
	h, err := plugin.NewHost(ctx, plugin.HostConfig{Log: func(p, msg string) {
		s.srv.log.Debug("plugin", "variant", s.name, "plugin", p, "msg", msg)
	}})
	if err != nil {
		b.Close()
		return nil, nil, err
	}
	m := s.srv.metrics
	eng, err := h.NewEngine(ctx, b, opt, plugin.BundleOptions{OnCall: func(c plugin.Call) {
		if c.Err != nil {
			m.pluginFailures.get(pluginKey{s.name, c.Plugin, plugin.Reason(c.Err)}).add(1)
		}
	}})
	if err != nil {
		h.Close(ctx)
		return nil, nil, err
	}
	return eng.Engine, func() {
		eng.Close()
		h.Close(context.Background())
	}, nil
}

func hasPlugins(b *modelpack.Bundle) bool {
	for _, sec := range b.Sections() {
		if strings.HasPrefix(sec.Name, modelpack.SectionPluginPrefix) {
			return true
		}
	}
	return false
}

// pluginCalls collects the failed plugin calls of one request (plugin.WithCalls).
type pluginCalls struct {
	mu     sync.Mutex // guards failed: a pipeline may call plugins from several goroutines
	failed []PluginFailure
}

func (p *pluginCalls) observe(c plugin.Call) {
	if c.Err == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.failed) < 64 {
		p.failed = append(p.failed, PluginFailure{Plugin: c.Plugin, Reason: plugin.Reason(c.Err), Error: c.Err.Error()})
	}
}

func (p *pluginCalls) list() []PluginFailure {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

// pluginError answers a request failed by a plugin under policy fail (500 plugin_failed), or nil when err
// is not a plugin's.
func pluginError(err error) *apiError {
	var perr *plugin.Error
	if !errors.As(err, &perr) {
		return nil
	}
	return errorf(http.StatusInternalServerError, CodePluginFailed, "the bundle's plugin %q failed and its policy is fail: %v", perr.Plugin, perr)
}

// pluginKey labels plugin failures.
type pluginKey struct{ variant, plugin, reason string }

func (k pluginKey) labels() string {
	return `variant="` + escape(k.variant) + `",plugin="` + escape(k.plugin) + `",reason="` + k.reason + `"`
}

// degradedKey labels degraded stages.
type degradedKey struct{ variant, stage string }

func (k degradedKey) labels() string {
	return `variant="` + escape(k.variant) + `",stage="` + escape(k.stage) + `"`
}
