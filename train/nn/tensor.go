package nn

import "fmt"

// Tensor is a Rows×Cols row-major matrix recorded on a Tape: Data holds the values and Grad,
// when non-nil, the gradient of the loss with respect to them. A Tensor and its slices belong
// to the Tape that made it and are valid until that Tape's next Reset.
type Tensor struct {
	Rows, Cols int
	Data       []float32
	Grad       []float32 // nil when no gradient flows to this tensor
}

// Len is Rows*Cols.
func (x *Tensor) Len() int { return x.Rows * x.Cols }

// Row returns row r of the values.
func (x *Tensor) Row(r int) []float32 { return x.Data[r*x.Cols : (r+1)*x.Cols] }

// GradRow returns row r of the gradient (nil if there is none).
func (x *Tensor) GradRow(r int) []float32 {
	if x.Grad == nil {
		return nil
	}
	return x.Grad[r*x.Cols : (r+1)*x.Cols]
}

// Scalar returns the value of a 1×1 tensor.
func (x *Tensor) Scalar() float32 {
	if x.Rows != 1 || x.Cols != 1 {
		panic(fmt.Sprintf("nn: Scalar of a %d×%d tensor", x.Rows, x.Cols))
	}
	return x.Data[0]
}

func (x *Tensor) String() string { return fmt.Sprintf("Tensor(%d×%d)", x.Rows, x.Cols) }

// sameShape panics unless a and b have the same shape: mismatched shapes are programming
// errors in model code, not data errors.
func sameShape(op string, a, b *Tensor) {
	if a.Rows != b.Rows || a.Cols != b.Cols {
		panic(fmt.Sprintf("nn: %s: shapes %d×%d and %d×%d differ", op, a.Rows, a.Cols, b.Rows, b.Cols))
	}
}
