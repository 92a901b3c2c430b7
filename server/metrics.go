package server

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// metrics are the server's Prometheus metrics, all updated lock-free on the request path.
type metrics struct {
	http           vec[httpKey, histogram]   // per route and status code
	stages         vec[stageKey, histogram]  // per variant and pipeline stage
	variants       vec[variantKey, counter]  // recommendation and similar requests per variant
	reloads        vec[reloadKey, counter]   // reload results per variant
	fallbacks      vec[variantKey, counter]  // requests answered by the popular fallback
	degraded       vec[degradedKey, counter] // stages that did less than asked, per variant and stage
	pluginFailures vec[pluginKey, counter]   // failed plugin calls per variant, plugin and reason
	inFlight       atomic.Int64              // requests being served (every route)
	shed           atomic.Uint64             // requests refused by the concurrency limit
	panics         atomic.Uint64             // handler panics recovered
	bundlesOpen    atomic.Int64              // engines open (serving or draining)
}

type httpKey struct {
	route string
	code  int
}

func (k httpKey) labels() string {
	return `route="` + k.route + `",code="` + strconv.Itoa(k.code) + `"`
}

type stageKey struct{ variant, stage string }

func (k stageKey) labels() string {
	return `variant="` + escape(k.variant) + `",stage="` + escape(k.stage) + `"`
}

type variantKey struct{ variant, route string }

func (k variantKey) labels() string {
	return `variant="` + escape(k.variant) + `",route="` + k.route + `"`
}

type reloadKey struct{ variant, result string }

func (k reloadKey) labels() string {
	return `variant="` + escape(k.variant) + `",result="` + k.result + `"`
}

func (m *metrics) observeHTTP(route string, code int, d time.Duration) {
	m.http.get(httpKey{route, code}).observe(d)
}

// escape makes s a Prometheus label value: backslash, double quote and newline escaped.
func escape(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
