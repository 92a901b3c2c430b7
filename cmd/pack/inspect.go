package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// matrixNames are the embedding matrices a bundle may hold, in display order.
var matrixNames = []string{modelpack.SectionItemEmbeddings, modelpack.SectionUserEmbeddings}

func runInspect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("inspect", "inspect BUNDLE [--json]", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	path, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if path == "" {
		return usagef("give the bundle to inspect")
	}
	b, err := modelpack.Open(path, modelpack.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	rep := inspectBundle(b)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.print(stdout, path)
}

type matrixReport struct {
	Name        string  `json:"name"`
	Rows        int     `json:"rows"`
	Cols        int     `json:"cols"`
	Storage     string  `json:"storage"`
	PerDim      bool    `json:"per_dim,omitempty"`
	Bytes       int64   `json:"bytes"`
	BytesPerRow float64 `json:"bytes_per_row"`
	F32Ratio    float64 `json:"f32_ratio"` // f32 size / this size
	// Quantization error against the f32 original, recorded in the manifest when the bundle was packed.
	RMSE       *float64 `json:"rmse,omitempty"`
	MaxAbsErr  *float64 `json:"max_abs_err,omitempty"`
	MeanCosine *float64 `json:"mean_cosine,omitempty"`
}

type inspectReport struct {
	Version  string                  `json:"format_version"`
	Size     int64                   `json:"size"`
	Manifest modelpack.Manifest      `json:"manifest"`
	Sections []modelpack.SectionInfo `json:"sections"`
	Matrices []matrixReport          `json:"matrices"`
	Pipeline *pipelineReport         `json:"pipeline,omitempty"`
}

// pipelineReport is what a bundle's pipeline sections say.
type pipelineReport struct {
	Spec   *runtime.PipelineSpec `json:"spec,omitempty"`
	Ranker string                `json:"ranker,omitempty"` // the ranker's model, "" when none
	Rules  *rules.ChainSpec      `json:"rules,omitempty"`
	Errors []string              `json:"errors,omitempty"`
}

// inspectPipeline reads the pipeline sections; nil when the bundle has none.
func inspectPipeline(b *modelpack.Bundle) *pipelineReport {
	has := func(n string) bool { return b.Has(n) }
	if !has(modelpack.SectionPipelineSpec) && !has(modelpack.SectionRulesSpec) && !has(modelpack.SectionRankSpec) {
		return nil
	}
	p := &pipelineReport{}
	fail := func(err error) { p.Errors = append(p.Errors, err.Error()) }
	if raw, _, err := b.Raw(modelpack.SectionPipelineSpec); err == nil {
		if s, err := runtime.ParsePipelineSpec(raw); err == nil {
			p.Spec = s
		} else {
			fail(err)
		}
	}
	if raw, _, err := b.Raw(modelpack.SectionRankSpec); err == nil {
		if s, err := runtime.ParseRankSpec(raw); err == nil {
			p.Ranker = s.Model
		} else {
			fail(err)
		}
	}
	if raw, _, err := b.Raw(modelpack.SectionRulesSpec); err == nil {
		if _, err := rules.ParseChain(raw); err != nil {
			fail(err)
		} else {
			var cs rules.ChainSpec
			if err := json.Unmarshal(raw, &cs); err == nil {
				p.Rules = &cs
			}
		}
	}
	return p
}

func (p *pipelineReport) print(w io.Writer) {
	if p.Spec != nil {
		fmt.Fprintf(w, "pipeline fusion=%s", orDefaultStr(p.Spec.Fusion, runtime.FusionRRF))
		for _, r := range p.Spec.Retrievers {
			fmt.Fprintf(w, " %s(candidates=%d", r.Kind, orDefaultInt(r.Candidates, runtime.DefaultCandidates))
			if r.Weight != 0 {
				fmt.Fprintf(w, " weight=%g", r.Weight)
			}
			fmt.Fprint(w, ")")
		}
		if len(p.Spec.Retrievers) == 0 {
			fmt.Fprintf(w, " embedding(candidates=%d)", runtime.DefaultCandidates)
		}
		fmt.Fprintf(w, " → rank keep=%d budget=%v → rerank budget=%v\n", orDefaultInt(p.Spec.Rank.Keep, runtime.DefaultKeep),
			time.Duration(p.Spec.Rank.Budget), time.Duration(p.Spec.Rerank.Budget))
	}
	if p.Ranker != "" {
		fmt.Fprintf(w, "ranker   %s (section %s)\n", p.Ranker, modelpack.SectionRankSpec)
	}
	if p.Rules != nil {
		fmt.Fprint(w, "rules   ")
		for _, r := range p.Rules.Rules {
			name := r.Name
			if name == "" {
				name = r.Kind
			}
			fmt.Fprintf(w, " %s:%s", r.Kind, name)
			if r.Off {
				fmt.Fprint(w, "(off)")
			}
		}
		fmt.Fprintln(w)
	}
	for _, e := range p.Errors {
		fmt.Fprintf(w, "error    %s\n", e)
	}
}

func orDefaultStr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orDefaultInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func inspectBundle(b *modelpack.Bundle) inspectReport {
	maj, min := b.Version()
	man := b.Manifest()
	rep := inspectReport{Version: fmt.Sprintf("%d.%d", maj, min), Size: b.Size(), Manifest: man, Sections: b.Sections(),
		Pipeline: inspectPipeline(b)}
	for _, name := range matrixNames {
		m, err := b.Matrix(name)
		if err != nil {
			continue
		}
		mr := matrixReport{Name: name, Rows: m.Rows, Cols: m.Cols, Storage: m.Quant.String(), PerDim: m.PerDim, Bytes: m.Bytes()}
		if m.Rows > 0 {
			mr.BytesPerRow = float64(mr.Bytes) / float64(m.Rows)
		}
		if mr.Bytes > 0 {
			mr.F32Ratio = float64(4*m.Rows*m.Cols) / float64(mr.Bytes)
		}
		if v, ok := man.Metrics[quantMetric(name, "rmse")]; ok {
			mr.RMSE = &v
		}
		if v, ok := man.Metrics[quantMetric(name, "max_abs_err")]; ok {
			mr.MaxAbsErr = &v
		}
		if v, ok := man.Metrics[quantMetric(name, "mean_cosine")]; ok {
			mr.MeanCosine = &v
		}
		rep.Matrices = append(rep.Matrices, mr)
	}
	return rep
}

func quantMetric(matrix, stat string) string { return "quant." + matrix + "." + stat }

func (r inspectReport) print(w io.Writer, path string) error {
	man := r.Manifest
	fmt.Fprintf(w, "bundle   %s\nformat   %s\nsize     %d bytes\nkind     %s\nname     %s\ncreated  %s\ndim      %d\nmetric   %s\n",
		path, r.Version, r.Size, man.Kind, man.Name, man.CreatedAt.Format("2006-01-02 15:04:05Z07:00"), man.Dim, man.Metric)
	t := man.Training
	fmt.Fprintf(w, "training %s: %d users, %d items, %d interactions, %d epochs, %.1fs\n",
		t.Source, t.Users, t.Items, t.Interactions, t.Epochs, t.Seconds)
	if idx := man.Extra[modelpack.ExtraIndex]; idx != "" {
		fmt.Fprintf(w, "index    %s M=%s efConstruction=%s (section %s)\n", idx, man.Extra[modelpack.ExtraIndexM],
			man.Extra[modelpack.ExtraIndexEfConstruction], modelpack.SectionItemGraph)
	} else {
		fmt.Fprintln(w, "index    exact scan")
	}
	if len(t.Params) > 0 {
		fmt.Fprintf(w, "params   %s\n", joinMap(t.Params))
	}
	if r.Pipeline != nil {
		r.Pipeline.print(w)
	}
	if len(man.Metrics) > 0 {
		fmt.Fprintln(w, "metrics")
		for _, k := range sortedKeys(man.Metrics) {
			fmt.Fprintf(w, "  %-32s %.6g\n", k, man.Metrics[k])
		}
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nsection\tkind\tdtype\tshape\toffset\tlength\tcrc32c")
	for _, s := range r.Sections {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%d\t%d\t%08x\n", s.Name, s.Kind, s.DType, s.Shape, s.Offset, s.Length, s.CRC32C)
	}
	if len(r.Matrices) > 0 {
		fmt.Fprintln(tw, "\nmatrix\tshape\tstorage\tbytes\tbytes/row\tvs f32\trmse\tmax abs err\tmean cosine")
		for _, m := range r.Matrices {
			fmt.Fprintf(tw, "%s\t%d×%d\t%s\t%d\t%.1f\t%.2f×\t%s\t%s\t%s\n", m.Name, m.Rows, m.Cols, m.Storage+perDim(m.PerDim),
				m.Bytes, m.BytesPerRow, m.F32Ratio, opt(m.RMSE), opt(m.MaxAbsErr), opt(m.MeanCosine))
		}
	}
	return tw.Flush()
}

func perDim(b bool) string {
	if b {
		return "/dim"
	}
	return ""
}

func opt(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.3g", *v)
}

func joinMap(m map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, " ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
