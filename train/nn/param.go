package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Param is a named trainable matrix of Rows×Cols float32 values, row-major; a vector is 1×n.
//
// A dense Param collects its gradient in Grad. A row-sparse Param (an embedding table, see
// NewSparse) collects it only for the rows a step touched: TouchedRows lists them in first-touch
// order and RowGrad(slot) holds the gradient of TouchedRows()[slot]. Optimizers update only
// those rows (lazy updates).
type Param struct {
	Name       string
	Rows, Cols int
	Data       []float32
	Grad       []float32 // dense gradient, len Rows*Cols; nil for a row-sparse Param

	sparse  bool
	touched []int32   // rows with a gradient this step, first-touch order
	slot    []int32   // row -> index into touched, or -1
	rowGrad []float32 // len(touched)*Cols
}

// NewParam returns a zero-valued dense Param.
func NewParam(name string, rows, cols int) *Param {
	checkShape("NewParam", rows, cols)
	n := rows * cols
	return &Param{Name: name, Rows: rows, Cols: cols, Data: make([]float32, n), Grad: make([]float32, n)}
}

// NewSparse returns a zero-valued Param with a row-sparse gradient, for embedding tables.
func NewSparse(name string, rows, cols int) *Param {
	checkShape("NewSparse", rows, cols)
	p := &Param{Name: name, Rows: rows, Cols: cols, Data: make([]float32, rows*cols), sparse: true}
	p.slot = make([]int32, rows)
	for i := range p.slot {
		p.slot[i] = -1
	}
	return p
}

func checkShape(op string, rows, cols int) {
	if rows <= 0 || cols <= 0 || rows > math.MaxInt32 {
		panic(fmt.Sprintf("nn: %s: bad shape %d×%d", op, rows, cols))
	}
}

// Sparse reports whether p collects row-sparse gradients.
func (p *Param) Sparse() bool { return p.sparse }

// Len is Rows*Cols.
func (p *Param) Len() int { return p.Rows * p.Cols }

// Row returns row r of the values.
func (p *Param) Row(r int) []float32 { return p.Data[r*p.Cols : (r+1)*p.Cols] }

// TouchedRows lists the rows of a row-sparse Param that have a gradient this step. The slice
// is owned by p and valid until ZeroGrad. It is nil for a dense Param.
func (p *Param) TouchedRows() []int32 { return p.touched }

// RowGrad returns the gradient of row TouchedRows()[slot].
func (p *Param) RowGrad(slot int) []float32 {
	return p.rowGrad[slot*p.Cols : (slot+1)*p.Cols]
}

// GradRow returns the gradient accumulator of row r, adding r to the touched rows of a
// row-sparse Param. Callers add into it.
func (p *Param) GradRow(r int) []float32 {
	if !p.sparse {
		return p.Grad[r*p.Cols : (r+1)*p.Cols]
	}
	s := p.slot[r]
	if s < 0 {
		s = int32(len(p.touched))
		p.slot[r] = s
		p.touched = append(p.touched, int32(r))
		n := len(p.rowGrad)
		if n+p.Cols > cap(p.rowGrad) {
			grown := make([]float32, n, 2*(n+p.Cols))
			copy(grown, p.rowGrad)
			p.rowGrad = grown
		}
		p.rowGrad = p.rowGrad[:n+p.Cols]
		clear(p.rowGrad[n:])
	}
	return p.rowGrad[int(s)*p.Cols : int(s+1)*p.Cols]
}

// ZeroGrad clears the gradient (for a row-sparse Param: forgets the touched rows, keeping
// their storage for the next step).
func (p *Param) ZeroGrad() {
	if !p.sparse {
		clear(p.Grad)
		return
	}
	for _, r := range p.touched {
		p.slot[r] = -1
	}
	p.touched = p.touched[:0]
	p.rowGrad = p.rowGrad[:0]
}

// InitNormal fills p with N(0, std²) values from rng.
func (p *Param) InitNormal(rng *rand.Rand, std float64) {
	for i := range p.Data {
		p.Data[i] = float32(rng.NormFloat64() * std)
	}
}

// InitUniform fills p with values uniform in [-limit, limit).
func (p *Param) InitUniform(rng *rand.Rand, limit float64) {
	for i := range p.Data {
		p.Data[i] = float32((2*rng.Float64() - 1) * limit)
	}
}

// InitXavier fills a Rows×Cols weight (fan-out × fan-in) with Glorot-uniform values,
// limit sqrt(6/(Rows+Cols)).
func (p *Param) InitXavier(rng *rand.Rand) {
	p.InitUniform(rng, math.Sqrt(6/float64(p.Rows+p.Cols)))
}

// InitKaiming fills a Rows×Cols weight with PyTorch's default Linear init: uniform with limit
// 1/sqrt(Cols) (the fan-in).
func (p *Param) InitKaiming(rng *rand.Rand) {
	p.InitUniform(rng, 1/math.Sqrt(float64(p.Cols)))
}
