package modelpack

import (
	"maps"
	"time"
)

// Manifest describes the model a bundle holds. It is stored in the header
// (msgpack, keys as in the msgpack tags) and printed by `pack inspect` (JSON).
type Manifest struct {
	Kind      string             `msgpack:"kind" json:"kind"` // model kind: "mf", "twotower", ...
	Name      string             `msgpack:"name" json:"name"`
	CreatedAt time.Time          `msgpack:"created_at" json:"created_at"`
	Dim       int                `msgpack:"dim" json:"dim"`       // embedding dimension
	Metric    string             `msgpack:"metric" json:"metric"` // "dot" | "cosine" | "l2" ("" = unspecified)
	Training  Training           `msgpack:"training" json:"training"`
	Metrics   map[string]float64 `msgpack:"metrics" json:"metrics,omitempty"` // e.g. "ndcg@10" at pack time
	Extra     map[string]string  `msgpack:"extra" json:"extra,omitempty"`
}

// Training summarises the data and run that produced the model.
type Training struct {
	Source       string            `msgpack:"source" json:"source"`
	Users        int               `msgpack:"users" json:"users"`
	Items        int               `msgpack:"items" json:"items"`
	Interactions int               `msgpack:"interactions" json:"interactions"`
	Params       map[string]string `msgpack:"params" json:"params,omitempty"`
	Epochs       int               `msgpack:"epochs" json:"epochs"`
	Seconds      float64           `msgpack:"seconds" json:"seconds"`
}

// clone returns a deep copy (maps are not shared).
func (m Manifest) clone() Manifest {
	m.Metrics = maps.Clone(m.Metrics)
	m.Extra = maps.Clone(m.Extra)
	m.Training.Params = maps.Clone(m.Training.Params)
	return m
}

func (m *Manifest) validate() error {
	switch m.Metric {
	case "", "dot", "cosine", "l2":
	default:
		return errorf(ErrInvalid, "manifest metric %q (want dot, cosine or l2)", m.Metric)
	}
	if m.Dim < 0 {
		return errorf(ErrInvalid, "manifest dim %d < 0", m.Dim)
	}
	if len(m.Metrics) > MaxMapEntries || len(m.Extra) > MaxMapEntries || len(m.Training.Params) > MaxMapEntries {
		return errorf(ErrRange, "manifest map with more than %d entries", MaxMapEntries)
	}
	return nil
}
