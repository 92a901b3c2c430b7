package importer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// Input is a model trained elsewhere, in memory.
type Input struct {
	// Name and Source describe the model in the manifest (optional).
	Name, Source string
	// Metric scores items: modelpack.MetricDot (default), MetricCosine or MetricL2.
	Metric string
	// Items holds len(ItemIDs) rows of Dim values: the item embeddings (a Two-Tower model's item tower
	// outputs).
	ItemIDs []string
	Items   []float32
	Dim     int
	// Users holds len(UserIDs) rows of Dim values, or is nil. UserIDs may be given without Users (a tower
	// with per-user ID embeddings needs them).
	UserIDs []string
	Users   []float32
	// Tower is an optional user tower whose output has Dim values; the bundle becomes a Two-Tower bundle
	// that encodes users from request features.
	Tower *Tower
	// Usage optionally stores each user's items (Seen: nil or one list per user id) and each item's
	// popularity (nil or one per item id), as a Go-trained bundle does.
	Usage Usage
}

// Build checks in and assembles its bundle, laid out as the Go trainers lay theirs out: Kind mf (or
// twotower with a Tower), item and user embedding matrices stored as opt says, an HNSW graph when opt
// asks for one (or from 2,000 items on), and the user tower's sections in f32.
func Build(in Input, opt train.PackOptions) (*modelpack.Builder, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	man := modelpack.Manifest{Kind: modelpack.KindMF, Name: in.Name, CreatedAt: time.Now().UTC(), Metric: in.Metric,
		Training: modelpack.Training{Source: in.Source, Users: len(in.UserIDs), Items: len(in.ItemIDs)},
		Extra:    map[string]string{"import": "npy"}}
	if man.Metric == "" {
		man.Metric = modelpack.MetricDot
	}
	if in.Tower != nil {
		spec, err := json.Marshal(in.Tower.spec())
		if err != nil {
			return nil, fmt.Errorf("importer: %w", err)
		}
		man.Kind = modelpack.KindTwoTower
		man.Extra[modelpack.ExtraUserTower] = string(spec)
		man.Extra["import"] = "npy+safetensors"
	}
	e := train.Embeddings{Manifest: man, Dim: in.Dim, Items: in.Items, Users: in.Users, ItemIDs: in.ItemIDs, UserIDs: in.UserIDs,
		Seen: in.Usage.Seen, Popularity: in.Usage.Popularity}
	b, err := e.Builder(opt)
	if err != nil {
		return nil, err
	}
	if in.Tower != nil {
		if err := in.Tower.addSections(b, len(in.UserIDs)); err != nil {
			return nil, fmt.Errorf("importer: %w", err)
		}
	}
	return b, nil
}

func (in Input) check() error {
	ni, nu := len(in.ItemIDs), len(in.UserIDs)
	switch {
	case in.Dim < 1 || ni == 0:
		return fmt.Errorf("%w: %d items of dim %d", ErrInput, ni, in.Dim)
	case len(in.Items) != ni*in.Dim:
		return fmt.Errorf("%w: %d item ids for %d item rows of dim %d", ErrInput, ni, len(in.Items)/in.Dim, in.Dim)
	case in.Users != nil && len(in.Users) != nu*in.Dim:
		return fmt.Errorf("%w: %d user ids for user embeddings of %d values (dim %d)", ErrInput, nu, len(in.Users), in.Dim)
	case in.Usage.Seen != nil && len(in.Usage.Seen) != nu:
		return fmt.Errorf("%w: seen items of %d users, %d user ids", ErrInput, len(in.Usage.Seen), nu)
	case in.Usage.Popularity != nil && len(in.Usage.Popularity) != ni:
		return fmt.Errorf("%w: popularity of %d items, %d item ids", ErrInput, len(in.Usage.Popularity), ni)
	}
	for what, ids := range map[string][]string{"item": in.ItemIDs, "user": in.UserIDs} {
		seen := make(map[string]struct{}, len(ids))
		for _, id := range ids {
			if _, dup := seen[id]; dup {
				return fmt.Errorf("%w: %s id %q appears twice", ErrInput, what, id)
			}
			seen[id] = struct{}{}
		}
	}
	if t := in.Tower; t != nil {
		if out := t.Layers[len(t.Layers)-1].Out; out != in.Dim {
			return fmt.Errorf("%w: the tower outputs %d values, the item embeddings have %d", ErrInput, out, in.Dim)
		}
		if t.IDs != nil && len(t.IDs) != nu*t.IDDim {
			return fmt.Errorf("%w: the tower has %d ID rows, there are %d user ids", ErrInput, len(t.IDs)/t.IDDim, nu)
		}
	}
	return nil
}

func (t *Tower) spec() runtime.TowerSpec {
	s := runtime.TowerSpec{Version: 1, IDDim: t.IDDim, Features: t.Features, Normalize: t.Normalize}
	if t.IDDim > 0 {
		s.Unknown = "imported"
	}
	for _, l := range t.Layers {
		s.Layers = append(s.Layers, runtime.TowerLayerSpec{In: l.In, Out: l.Out, Activation: l.Activation})
	}
	return s
}

// addSections writes the tower as train/twotower does (modelpack.SectionUserTower*).
func (t *Tower) addSections(b *modelpack.Builder, users int) error {
	for k, l := range t.Layers {
		p := modelpack.SectionUserTower + strconv.Itoa(k)
		if err := b.AddF32(p+".weight", []int{l.Out, l.In}, l.W); err != nil {
			return err
		}
		if err := b.AddF32(p+".bias", []int{l.Out}, l.B); err != nil {
			return err
		}
	}
	if err := b.AddF32(modelpack.SectionUserTowerMean, []int{t.Features}, t.Mean); err != nil {
		return err
	}
	if err := b.AddF32(modelpack.SectionUserTowerInvStd, []int{t.Features}, t.InvStd); err != nil {
		return err
	}
	if t.IDDim == 0 {
		return nil
	}
	if err := b.AddF32(modelpack.SectionUserTowerUnknown, []int{t.IDDim}, t.Unknown); err != nil {
		return err
	}
	if t.IDs == nil {
		return nil
	}
	return b.AddMatrix(modelpack.SectionUserTowerIDs, modelpack.Matrix{Rows: users, Cols: t.IDDim, Quant: modelpack.QuantF32, F32: t.IDs})
}

// Files names the inputs of Load.
type Files struct {
	Items, ItemIDs string // required: .npy (items × dim) and its id list
	Users, UserIDs string // optional: .npy (users × dim) and its id list; UserIDs alone is allowed
	Tower          string // optional: safetensors user tower
	TowerOptions   TowerOptions
	Interactions   string // optional: interaction file for Input.Usage (see LoadUsage)
	Metric         string // see Input.Metric
}

// Load reads the files into an Input (Name and Source from the items file).
func Load(f Files) (Input, error) {
	in := Input{Name: f.Items, Source: f.Items, Metric: f.Metric}
	if f.Items == "" || f.ItemIDs == "" {
		return in, fmt.Errorf("%w: item embeddings and item ids are required", ErrInput)
	}
	var err error
	if in.Items, in.Dim, in.ItemIDs, err = loadRows(f.Items, f.ItemIDs); err != nil {
		return in, err
	}
	if f.Users != "" {
		var dim int
		if in.Users, dim, in.UserIDs, err = loadRows(f.Users, f.UserIDs); err != nil {
			return in, err
		}
		if dim != in.Dim {
			return in, fmt.Errorf("%w: user embeddings have dim %d, item embeddings %d", ErrInput, dim, in.Dim)
		}
	} else if f.UserIDs != "" {
		if in.UserIDs, err = LoadIDs(f.UserIDs); err != nil {
			return in, err
		}
	}
	if f.Tower != "" {
		if in.Tower, err = LoadTower(f.Tower, f.TowerOptions); err != nil {
			return in, err
		}
	}
	if f.Interactions != "" {
		if in.Usage, err = LoadUsage(f.Interactions, in.ItemIDs, in.UserIDs); err != nil {
			return in, err
		}
	}
	return in, nil
}

// loadRows reads a matrix and its id list and checks that they have as many rows as ids.
func loadRows(npy, idsPath string) ([]float32, int, []string, error) {
	if idsPath == "" {
		return nil, 0, nil, fmt.Errorf("%w: %s has no id list", ErrInput, npy)
	}
	a, err := LoadNPY(npy)
	if err != nil {
		return nil, 0, nil, err
	}
	rows, cols, err := a.Matrix()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", npy, err)
	}
	ids, err := LoadIDs(idsPath)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(ids) != rows {
		return nil, 0, nil, fmt.Errorf("%w: %s has %d rows, %s has %d ids", ErrInput, npy, rows, idsPath, len(ids))
	}
	return a.Data, cols, ids, nil
}
