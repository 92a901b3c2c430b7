package dataset

import (
	"fmt"
	"math"
)

// IDMap maps original string ids to dense int32 indices 0..Len()-1, in the
// order the ids were first added. The zero value is an empty map ready to use.
//
// Concurrency: reads (Index, ID, Len, IDs) are safe from many goroutines;
// Add needs exclusive access.
type IDMap struct {
	index map[string]int32
	ids   []string
}

// NewIDMap returns an empty map.
func NewIDMap() *IDMap {
	return &IDMap{index: make(map[string]int32)}
}

// IDMapOf returns a map holding ids in the given order; it fails with
// ErrDuplicateID when an id occurs twice.
func IDMapOf(ids []string) (*IDMap, error) {
	m := &IDMap{index: make(map[string]int32, len(ids)), ids: make([]string, 0, len(ids))}
	for _, id := range ids {
		if _, ok := m.index[id]; ok {
			return nil, fmt.Errorf("dataset: id %q: %w", id, ErrDuplicateID)
		}
		m.Add(id)
	}
	return m, nil
}

// Add returns the index of id, adding it at the end if it is new.
// It panics past math.MaxInt32 ids, which no int32 index can address.
func (m *IDMap) Add(id string) int32 {
	if i, ok := m.index[id]; ok {
		return i
	}
	if m.index == nil {
		m.index = make(map[string]int32)
	}
	if len(m.ids) >= math.MaxInt32 {
		panic("dataset: IDMap full")
	}
	i := int32(len(m.ids))
	m.index[id] = i
	m.ids = append(m.ids, id)
	return i
}

// Index returns the index of id and whether it is present.
func (m *IDMap) Index(id string) (int32, bool) {
	i, ok := m.index[id]
	return i, ok
}

// ID returns the original id of index i; i must be in [0, Len()).
func (m *IDMap) ID(i int32) string { return m.ids[i] }

// Len returns the number of ids.
func (m *IDMap) Len() int { return len(m.ids) }

// IDs returns all ids in index order. The slice is shared: do not modify it.
func (m *IDMap) IDs() []string { return m.ids }

// addBytes is Add for a byte slice; it allocates only for new ids.
func (m *IDMap) addBytes(id []byte) int32 {
	if i, ok := m.index[string(id)]; ok {
		return i
	}
	return m.Add(string(id))
}
