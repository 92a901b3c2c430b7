package importer

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/nlpodyssey/safetensors"
)

// Tower is a user tower read from safetensors: dense layers, the feature standardisation and the
// optional ID embeddings (see the package documentation for the tensor names).
type Tower struct {
	Layers       []Layer
	Mean, InvStd []float32 // len Features
	Unknown      []float32 // len IDDim; nil when the tower reads no ID embedding
	IDs          []float32 // known users × IDDim, rows in user-id order; nil when absent
	IDDim        int
	Features     int
	Normalize    bool // L2-normalise the output
}

// Layer is one dense layer: act(W·x + b), W of Out×In.
type Layer struct {
	In, Out    int
	W, B       []float32
	Activation string
}

// TowerOptions say what safetensors cannot: the activations and the output normalisation.
type TowerOptions struct {
	// Activation of every hidden layer (the last layer has none): relu, gelu, gelu_tanh, tanh, sigmoid or
	// none. Default relu.
	Activation string
	// Normalize L2-normalises the tower's output (as a model trained with normalised towers expects).
	// Default false.
	Normalize bool
}

// maxTowerFile caps the tower file (ID embeddings included).
const maxTowerFile = 4 << 30

// LoadTower reads the safetensors file at path (see ReadTower).
func LoadTower(path string, opt TowerOptions) (*Tower, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	if st.Size() > maxTowerFile {
		return nil, fmt.Errorf("%w: %s: %d bytes is over the %d limit", ErrTower, path, st.Size(), int64(maxTowerFile))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	t, err := ReadTower(data, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ReadTower decodes a user tower from safetensors bytes. Every tensor must be used: a name that is
// neither a layer (PREFIX.N.weight, PREFIX.N.bias, one PREFIX for all) nor features.mean,
// features.inv_std, unknown or ids is an error, so a misnamed tensor is never silently dropped.
func ReadTower(data []byte, opt TowerOptions) (*Tower, error) {
	st, err := safetensors.Deserialize(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTower, err)
	}
	tensors := map[string]tensor{}
	for _, nt := range st.Tensors() {
		v, err := toFloat32(nt.TensorView)
		if err != nil {
			return nil, fmt.Errorf("%w: tensor %q: %w", ErrTower, nt.Name, err)
		}
		shape := make([]int, len(nt.TensorView.Shape()))
		for k, d := range nt.TensorView.Shape() {
			shape[k] = int(d) // the reader checked that the shape's bytes are in the file
		}
		tensors[nt.Name] = tensor{shape, v}
	}
	act := opt.Activation
	if act == "" {
		act = "relu"
	}
	t := &Tower{Normalize: opt.Normalize}
	if err := t.layers(tensors, act); err != nil {
		return nil, err
	}
	if err := t.extras(tensors); err != nil {
		return nil, err
	}
	return t, nil
}

type tensor struct {
	shape []int
	v     []float32
}

func toFloat32(tv safetensors.TensorView) ([]float32, error) {
	b := tv.Data()
	switch tv.DType() {
	case safetensors.F32:
		out := make([]float32, len(b)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return out, nil
	case safetensors.F64:
		out := make([]float32, len(b)/8)
		for i := range out {
			out[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
		}
		return out, nil
	}
	return nil, fmt.Errorf("dtype %v (want F32 or F64)", tv.DType())
}

// layers collects PREFIX.N.weight/bias pairs ordered by N and checks that they chain.
func (t *Tower) layers(ts map[string]tensor, act string) error {
	type entry struct {
		n    int
		w, b string
	}
	var es []entry
	prefix := ""
	for name := range ts {
		stem, ok := strings.CutSuffix(name, ".weight")
		if !ok {
			continue
		}
		p, num := "", stem
		if k := strings.LastIndexByte(stem, '.'); k >= 0 {
			p, num = stem[:k+1], stem[k+1:]
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 {
			continue // not a layer: reported as unknown below
		}
		if len(es) > 0 && p != prefix {
			return fmt.Errorf("%w: layers under two prefixes %q and %q", ErrTower, prefix, p)
		}
		prefix = p
		es = append(es, entry{n, name, stem + ".bias"})
	}
	if len(es) == 0 {
		return fmt.Errorf("%w: no layer tensors (PREFIX.N.weight)", ErrTower)
	}
	slices.SortFunc(es, func(a, b entry) int { return a.n - b.n })
	for k, e := range es {
		w, b, ok := ts[e.w], tensor{}, false
		if b, ok = ts[e.b]; !ok {
			return fmt.Errorf("%w: %s has no %s", ErrTower, e.w, e.b)
		}
		if len(w.shape) != 2 || len(b.shape) != 1 || b.shape[0] != w.shape[0] {
			return fmt.Errorf("%w: %s is %v and %s is %v (want [out, in] and [out])", ErrTower, e.w, w.shape, e.b, b.shape)
		}
		l := Layer{In: w.shape[1], Out: w.shape[0], W: w.v, B: b.v, Activation: act}
		if k == len(es)-1 {
			l.Activation = "none"
		} else if es[k+1].n == e.n {
			return fmt.Errorf("%w: layer %d appears twice", ErrTower, e.n)
		}
		if k > 0 && t.Layers[k-1].Out != l.In {
			return fmt.Errorf("%w: %s takes %d inputs, the layer before gives %d", ErrTower, e.w, l.In, t.Layers[k-1].Out)
		}
		t.Layers = append(t.Layers, l)
		delete(ts, e.w)
		delete(ts, e.b)
	}
	return nil
}

// extras reads the standardisation and ID embeddings and rejects any other tensor.
func (t *Tower) extras(ts map[string]tensor) error {
	if u, ok := ts["unknown"]; ok {
		if len(u.shape) != 1 {
			return fmt.Errorf("%w: unknown is %v (want [id_dim])", ErrTower, u.shape)
		}
		t.Unknown, t.IDDim = u.v, u.shape[0]
	}
	if ids, ok := ts["ids"]; ok {
		if t.Unknown == nil || len(ids.shape) != 2 || ids.shape[1] != t.IDDim {
			return fmt.Errorf("%w: ids is %v: want [users, id_dim] beside an unknown row of id_dim %d", ErrTower, ids.shape, t.IDDim)
		}
		t.IDs = ids.v
	}
	t.Features = t.Layers[0].In - t.IDDim
	if t.Features < 1 {
		return fmt.Errorf("%w: the first layer takes %d inputs, the ID embedding alone is %d: a tower needs features", ErrTower, t.Layers[0].In, t.IDDim)
	}
	t.Mean, t.InvStd = make([]float32, t.Features), make([]float32, t.Features)
	for i := range t.InvStd {
		t.InvStd[i] = 1
	}
	for name, dst := range map[string][]float32{"features.mean": t.Mean, "features.inv_std": t.InvStd} {
		if v, ok := ts[name]; ok {
			if len(v.shape) != 1 || v.shape[0] != t.Features {
				return fmt.Errorf("%w: %s is %v, the tower reads %d features", ErrTower, name, v.shape, t.Features)
			}
			copy(dst, v.v)
		}
	}
	for name := range ts {
		switch name {
		case "unknown", "ids", "features.mean", "features.inv_std":
		default:
			return fmt.Errorf("%w: unexpected tensor %q", ErrTower, name)
		}
	}
	return nil
}
