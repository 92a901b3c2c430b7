package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path"
	"strings"
)

// files reads whole files by name. The native and the js/wasm builds both use osFiles: under
// node, Go's wasm_exec.js routes os file calls to node's fs module.
type files interface {
	ReadFile(name string) ([]byte, error)
}

type osFiles struct{}

func (osFiles) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// dataset is one benchmark set: base rows, queries, and the exact top-100 of every query with
// the true distances (−dot for inner product, squared L2 for l2).
type dataset struct {
	name        string
	metric      string // "ip" or "l2"
	dim         int
	base, query []float32
	gt          [][]int32
	gtd         [][]float32
}

func (d *dataset) n() int  { return len(d.base) / d.dim }
func (d *dataset) nq() int { return len(d.query) / d.dim }

func loadDataset(fs files, dir, name string) (*dataset, error) {
	p := func(suffix string) string { return path.Join(dir, name+suffix) }
	d := &dataset{name: name}
	metric, err := fs.ReadFile(p("_metric.txt"))
	if err != nil {
		return nil, err
	}
	d.metric = strings.TrimSpace(string(metric))
	var dim, qdim int
	if d.base, dim, err = readVecs(fs, p("_base.fvecs")); err != nil {
		return nil, err
	}
	if d.query, qdim, err = readVecs(fs, p("_query.fvecs")); err != nil {
		return nil, err
	}
	if dim != qdim {
		return nil, fmt.Errorf("%s: base dimension %d, query dimension %d", name, dim, qdim)
	}
	d.dim = dim
	gt, gtDim, err := readVecs(fs, p("_gt.ivecs"))
	if err != nil {
		return nil, err
	}
	gtd, _, err := readVecs(fs, p("_gtd.fvecs"))
	if err != nil {
		return nil, err
	}
	if len(gt) != d.nq()*gtDim || len(gtd) != len(gt) || gtDim < 10 {
		return nil, fmt.Errorf("%s: ground truth does not match the %d queries", name, d.nq())
	}
	for q := range d.nq() {
		ids := make([]int32, gtDim)
		for j := range ids {
			ids[j] = int32(math.Float32bits(gt[q*gtDim+j]))
		}
		d.gt = append(d.gt, ids)
		d.gtd = append(d.gtd, gtd[q*gtDim:(q+1)*gtDim])
	}
	return d, nil
}

// readVecs reads an .fvecs or .ivecs file (per row: int32 dim, then dim 4-byte values) as raw
// float32 bits.
func readVecs(fs files, name string) ([]float32, int, error) {
	b, err := fs.ReadFile(name)
	if err != nil {
		return nil, 0, err
	}
	if len(b) < 4 {
		return nil, 0, fmt.Errorf("%s: empty", name)
	}
	dim := int(binary.LittleEndian.Uint32(b))
	row := 4 + 4*dim
	if dim <= 0 || len(b)%row != 0 {
		return nil, 0, fmt.Errorf("%s: %d bytes is not a whole number of rows of dimension %d", name, len(b), dim)
	}
	out := make([]float32, 0, len(b)/row*dim)
	for off := 0; off < len(b); off += row {
		if int(binary.LittleEndian.Uint32(b[off:])) != dim {
			return nil, 0, fmt.Errorf("%s: row at byte %d has another dimension", name, off)
		}
		for j := range dim {
			out = append(out, math.Float32frombits(binary.LittleEndian.Uint32(b[off+4+4*j:])))
		}
	}
	return out, dim, nil
}

// trueDist returns the exact distance of base row id to query q in the ground truth's convention
// (−dot for ip, squared L2 for l2), in float64.
func (d *dataset) trueDist(q []float32, id int32) float64 {
	row := d.base[int(id)*d.dim : int(id+1)*d.dim]
	var s float64
	for j, x := range q {
		if d.metric == "l2" {
			t := float64(x) - float64(row[j])
			s += t * t
		} else {
			s -= float64(x) * float64(row[j])
		}
	}
	return s
}

// recallAt10 is the tie-aware recall@10 of ids for query qi: a returned row counts when its true
// distance is within the 10th true distance (kth), up to float32 rounding of the stored value.
func recallAt10(d *dataset, q []float32, ids []int32, kth float64) int {
	tol := 1e-6 * math.Max(1, math.Abs(kth))
	hit := 0
	for _, id := range ids[:min(10, len(ids))] {
		if d.trueDist(q, id) <= kth+tol {
			hit++
		}
	}
	return hit
}
