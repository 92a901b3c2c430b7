package server

import (
	"bytes"
	"fmt"
	goruntime "runtime"
	"strconv"
)

// writeMetrics renders every metric in the Prometheus text exposition format (version 0.0.4).
func (s *Server) writeMetrics(b *bytes.Buffer) {
	m := s.metrics
	ks, hs := m.http.sorted()
	header(b, "edge_http_requests_total", "counter", "HTTP requests answered, by route and status code.")
	for i, h := range hs {
		fmt.Fprintf(b, "edge_http_requests_total{%s} %d\n", ks[i], h.count())
	}
	writeHistograms(b, "edge_http_request_duration_seconds", "Time to answer an HTTP request, by route and status code.", ks, hs)
	ks, hs = m.stages.sorted()
	writeHistograms(b, "edge_stage_duration_seconds", "Time spent in each pipeline stage of a request, by variant.", ks, hs)
	writeCounters(b, "edge_variant_requests_total", "Recommendation and similar-item requests served, by variant and route.", &m.variants)
	writeCounters(b, "edge_stage_degraded_total", "Pipeline stages that did less than asked (a budget ran out, a plugin was skipped), by variant and stage.", &m.degraded)
	writeCounters(b, "edge_plugin_failures_total", "Failed plugin calls (trap, fuel, invalid output, ...), by variant, plugin and reason; under policy skip the request went on without the plugin.", &m.pluginFailures)
	writeCounters(b, "edge_fallback_total", "Requests answered with popular items because the user could not be personalised.", &m.fallbacks)
	writeCounters(b, "edge_bundle_reloads_total", "Bundle reload attempts that found a new bundle, by variant and result (ok, failed).", &m.reloads)
	gauge(b, "edge_requests_in_flight", "gauge", "Requests being served now.", m.inFlight.Load())
	gauge(b, "edge_requests_shed_total", "counter", "Requests refused with 503 by the concurrency limit.", int64(m.shed.Load()))
	gauge(b, "edge_panics_total", "counter", "Request handlers that panicked (answered 500).", int64(m.panics.Load()))
	gauge(b, "edge_bundles_open", "gauge", "Engines open: serving, or draining their last requests after a reload.", m.bundlesOpen.Load())
	gauge(b, "edge_goroutines", "gauge", "Goroutines in the process.", int64(goruntime.NumGoroutine()))
	s.writeBundleInfo(b)
}

func (s *Server) writeBundleInfo(b *bytes.Buffer) {
	header(b, "edge_bundle_info", "gauge", "The bundle each variant serves (value 1), with its version, name, kind and source.")
	var loaded, items bytes.Buffer
	for _, sl := range s.slots {
		bd := sl.acquire()
		if bd == nil {
			continue
		}
		man := bd.eng.Manifest()
		v := `variant="` + escape(sl.name) + `"`
		fmt.Fprintf(b, "edge_bundle_info{%s,version=\"%s\",name=\"%s\",kind=\"%s\",source=\"%s\"} 1\n", v, bd.version,
			escape(man.Name), escape(man.Kind), escape(bd.source))
		fmt.Fprintf(&loaded, "edge_bundle_loaded_timestamp_seconds{%s} %d\n", v, bd.loadedAt.Unix())
		fmt.Fprintf(&items, "edge_bundle_items{%s} %d\n", v, bd.eng.NumItems())
		bd.release()
	}
	header(b, "edge_bundle_loaded_timestamp_seconds", "gauge", "When each variant's bundle was loaded (unix seconds).")
	b.Write(loaded.Bytes())
	header(b, "edge_bundle_items", "gauge", "Items in each variant's bundle.")
	b.Write(items.Bytes())
}

func header(b *bytes.Buffer, name, typ, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func gauge(b *bytes.Buffer, name, typ, help string, v int64) {
	header(b, name, typ, help)
	fmt.Fprintf(b, "%s %d\n", name, v)
}

func writeCounters[K labeled](b *bytes.Buffer, name, help string, v *vec[K, counter]) {
	header(b, name, "counter", help)
	ks, cs := v.sorted()
	for i, c := range cs {
		fmt.Fprintf(b, "%s{%s} %d\n", name, ks[i], c.n.Load())
	}
}

func writeHistograms(b *bytes.Buffer, name, help string, ks []string, hs []*histogram) {
	header(b, name, "histogram", help)
	for i, h := range hs {
		var cum uint64
		for j := range h.counts {
			cum += h.counts[j].Load()
			le := "+Inf"
			if j < len(bucketsNs) {
				le = strconv.FormatFloat(float64(bucketsNs[j])/1e9, 'g', -1, 64)
			}
			fmt.Fprintf(b, "%s_bucket{%s,le=\"%s\"} %d\n", name, ks[i], le, cum)
		}
		fmt.Fprintf(b, "%s_sum{%s} %g\n%s_count{%s} %d\n", name, ks[i], float64(h.sumNs.Load())/1e9, name, ks[i], cum)
	}
}

// count is the number of observations.
func (h *histogram) count() uint64 {
	var n uint64
	for j := range h.counts {
		n += h.counts[j].Load()
	}
	return n
}
