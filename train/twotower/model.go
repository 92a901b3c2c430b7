package twotower

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

// Model is a trained Two-Tower model: user u's score for item i is Users[u]·Items[i] (cosine when the
// outputs are normalised; the temperature only sharpens training and does not change the ranking).
type Model struct {
	// Config is the configuration trained with, defaults filled in.
	Config             Config
	NumUsers, numItems int
	// Users and Items are the tower outputs of every known user and item (row-major, ×Config.Dim).
	Users, Items []float32

	params     nn.Params
	user, item *tower
	tau        *nn.Param // learned temperature (1×1), or nil
	// newIDs and newItems are the items added with AddItems (packed after the trained ones).
	newIDs   []string
	newItems []float32
}

func newModel(in Input, c Config) (*Model, error) {
	m := &Model{Config: c, NumUsers: in.NumUsers, numItems: in.NumItems}
	rng := rand.New(rand.NewPCG(uint64(c.Seed), 0x7477))
	var err error
	var h *history
	if c.User.History > 0 {
		h = newHistory(&m.params, in.Train, in.NumItems, c.User.History, c.User.IDDim, c.InitStd, rng)
	}
	if m.user, err = newTower(&m.params, "user", in.NumUsers, c.User, in.UserFeatures, c, rng, h); err != nil {
		return nil, err
	}
	if in.fusing() || c.Fusion.Strategy != "" {
		m.item, err = newFusionTower(&m.params, in.NumItems, in, c, rng)
	} else {
		m.item, err = newTower(&m.params, "item", in.NumItems, c.Item, in.ItemFeatures, c, rng, nil)
	}
	if err != nil {
		return nil, err
	}
	if c.LearnTemperature {
		m.tau = m.params.Dense("temperature", 1, 1)
		m.tau.Data[0] = c.Temperature
	}
	return m, nil
}

// NumItems is the catalog size (eval.Scorer).
func (m *Model) NumItems() int { return m.numItems }

// Score writes user u's score for every item into out (eval.Scorer; safe for concurrent use).
func (m *Model) Score(u int32, out []float32) {
	d := m.Config.Dim
	kernel.DotBatch(m.Users[int(u)*d:int(u+1)*d], m.Items, out[:m.numItems])
}

// Temperature is the temperature in use at the end of training (learned or fixed).
func (m *Model) Temperature() float32 {
	if m.tau != nil {
		return m.tau.Data[0]
	}
	return m.Config.Temperature
}

// UserFeatureDim is the number of dense features the user tower reads (0 without features).
func (m *Model) UserFeatureDim() int { return m.user.featDim }

// EncodeUser runs the user tower for user u (-1, or any index outside 0..NumUsers-1, for a user the model
// was not trained on: the unknown-id row) with the raw (not standardised) features, which must have
// UserFeatureDim values; without user features, features is ignored. It returns a new vector of
// Config.Dim values.
func (m *Model) EncodeUser(u int32, features []float32) ([]float32, error) {
	t := m.user
	if t.featDim > 0 && len(features) != t.featDim {
		return nil, fmt.Errorf("%w: %d user features, the tower reads %d", ErrFeatures, len(features), t.featDim)
	}
	for j, v := range features {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("%w: feature %d is %v", ErrFeatures, j, v)
		}
	}
	id := t.rowOf(u)
	var x []float32
	if t.featDim > 0 {
		x = make([]float32, t.featDim)
		t.scale(features, x)
	}
	tp := nn.NewTape(nn.Config{Workers: 1})
	tp.SetTraining(false)
	var bag *nn.Tensor
	if t.hist != nil {
		bag = t.hist.bag(tp, []int32{id}, nil) // the unknown id has no history: a zero bag
	}
	y := t.forwardX(tp, []int32{id}, 1, x, bag)
	return append([]float32(nil), y.Data...), nil
}

// EncodeHistory runs a history user tower (TowerConfig.History > 0) for user u (outside 0..NumUsers-1:
// the unknown-id row) reading the given items (item indices, at least one) as the user's history in
// place of the training items: what a bundle's runtime computes for a request's history. It returns a
// new vector of Config.Dim values.
func (m *Model) EncodeHistory(u int32, items []int32) ([]float32, error) {
	t := m.user
	if t.hist == nil {
		return nil, fmt.Errorf("%w: the user tower reads no history", ErrInput)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%w: an empty history", ErrInput)
	}
	for _, i := range items {
		if i < 0 || int(i) >= m.numItems {
			return nil, fmt.Errorf("%w: history item %d of %d items", ErrInput, i, m.numItems)
		}
	}
	tp := nn.NewTape(nn.Config{Workers: 1})
	tp.SetTraining(false)
	id := t.rowOf(u)
	bag := tp.EmbeddingBag(t.hist.table, items, []int32{0, int32(len(items))}, nn.BagMean)
	y := t.forwardX(tp, []int32{id}, 1, nil, bag)
	return append([]float32(nil), y.Data...), nil
}

// refresh recomputes the unknown-id rows and the output vectors of every user and item.
func (m *Model) refresh() {
	m.user.refreshUnknown()
	m.item.refreshUnknown()
	tp := nn.NewTape(nn.Config{Workers: m.Config.Workers})
	tp.SetTraining(false)
	m.Users = m.user.vectors(tp, m.Config.Dim)
	m.Items = m.item.vectors(tp, m.Config.Dim)
}

// snapshot copies every parameter's values.
func (m *Model) snapshot() [][]float32 {
	out := make([][]float32, m.params.Len())
	for k, p := range m.params.All() {
		out[k] = append([]float32(nil), p.Data...)
	}
	return out
}

// restore puts back the values of a snapshot.
func (m *Model) restore(s [][]float32) {
	for k, p := range m.params.All() {
		copy(p.Data, s[k])
	}
}
