package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

func runQuantize(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("quantize", "quantize BUNDLE --to int8|f16|f32 [--per-dim] --out BUNDLE2", stderr)
	to := fs.String("to", "int8", "new storage of the embedding matrices: int8, f16 or f32")
	perDim := fs.Bool("per-dim", false, "int8: one scale/offset per dimension instead of per row")
	out := fs.String("out", "", "bundle to write (required; may not be the input)")
	path, err := parseInOut(fs, args, out)
	if err != nil {
		return err
	}
	q, err := parseQuant(*to)
	if err != nil {
		return err
	}
	src, err := modelpack.Open(path, modelpack.Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	b, err := requantize(src, train.PackOptions{Quant: q, PerDim: *perDim})
	if err != nil {
		return err
	}
	if err := b.WriteFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", *out, *to)
	return nil
}

// requantize rebuilds src with its embedding matrices in the new storage and every other section copied
// byte for byte. The error recorded in the manifest is measured against the source's (dequantized) values.
func requantize(src *modelpack.Bundle, opt train.PackOptions) (*modelpack.Builder, error) {
	man := src.Manifest()
	man.Metrics = maps.Clone(man.Metrics)
	if man.Metrics == nil {
		man.Metrics = map[string]float64{}
	}
	mats := map[string]modelpack.Matrix{}
	for _, name := range matrixNames {
		if !src.HasObject(name) {
			continue
		}
		m, err := src.Matrix(name)
		if err != nil {
			return nil, err
		}
		f32 := make([]float32, 0, m.Rows*m.Cols)
		row := make([]float32, m.Cols)
		for i := range m.Rows {
			f32 = append(f32, m.Row(i, row)...)
		}
		for _, stat := range []string{"rmse", "max_abs_err", "mean_cosine"} {
			delete(man.Metrics, quantMetric(name, stat))
		}
		if mats[name], err = train.StoreMatrix(f32, m.Rows, m.Cols, opt, name, man.Metrics); err != nil {
			return nil, err
		}
	}
	b := modelpack.NewBuilder(man)
	for _, s := range src.Sections() {
		if owner := matrixOf(s.Name); owner != "" && src.HasObject(owner) {
			continue
		}
		if err := b.CopySection(src, s.Name); err != nil {
			return nil, err
		}
	}
	for _, name := range matrixNames {
		if m, ok := mats[name]; ok {
			if err := b.AddMatrix(name, m); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// matrixOf names the embedding matrix a section belongs to ("" for none).
func matrixOf(section string) string {
	for _, name := range matrixNames {
		if section == name || strings.HasPrefix(section, name+".") {
			return name
		}
	}
	return ""
}
