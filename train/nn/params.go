package nn

import "fmt"

// Params is a registry of parameters by name, in registration order: what optimizers update
// and what export writes. The zero value is empty and ready to use.
type Params struct {
	list   []*Param
	byName map[string]*Param
}

// Add registers p. It returns an error wrapping ErrDuplicateParam if the name is taken.
func (ps *Params) Add(p *Param) error {
	if _, ok := ps.byName[p.Name]; ok {
		return fmt.Errorf("%w: %q", ErrDuplicateParam, p.Name)
	}
	if ps.byName == nil {
		ps.byName = make(map[string]*Param)
	}
	ps.byName[p.Name] = p
	ps.list = append(ps.list, p)
	return nil
}

// Dense registers and returns a new dense Param. A duplicate name is a programming error: it
// panics.
func (ps *Params) Dense(name string, rows, cols int) *Param {
	return ps.mustAdd(NewParam(name, rows, cols))
}

// Sparse registers and returns a new row-sparse Param (an embedding table). A duplicate name
// panics.
func (ps *Params) Sparse(name string, rows, cols int) *Param {
	return ps.mustAdd(NewSparse(name, rows, cols))
}

func (ps *Params) mustAdd(p *Param) *Param {
	if err := ps.Add(p); err != nil {
		panic(err.Error())
	}
	return p
}

// Lookup returns the parameter with the given name.
func (ps *Params) Lookup(name string) (*Param, bool) {
	p, ok := ps.byName[name]
	return p, ok
}

// All returns the parameters in registration order. The slice is shared: do not modify it.
func (ps *Params) All() []*Param { return ps.list }

// Len is the number of parameters.
func (ps *Params) Len() int { return len(ps.list) }

// Count is the total number of scalar values.
func (ps *Params) Count() int {
	n := 0
	for _, p := range ps.list {
		n += p.Len()
	}
	return n
}

// ZeroGrad clears every gradient.
func (ps *Params) ZeroGrad() {
	for _, p := range ps.list {
		p.ZeroGrad()
	}
}
