package kernel

// Dot returns Σ a[i]*b[i] over i < len(a). It panics if len(b) < len(a).
func Dot(a, b []float32) float32 {
	return dot(a, b[:len(a)])
}

// DotBatch computes out[i] = Dot(q, rows[i*len(q):(i+1)*len(q)]) for every i < len(out): rows holds
// len(out) rows of len(q) floats, row-major. It panics if len(rows) < len(out)*len(q).
func DotBatch(q, rows, out []float32) {
	dotBatch(q, rows[:len(out)*len(q)], out)
}

// SquaredL2 returns Σ (a[i]-b[i])² over i < len(a). It panics if len(b) < len(a).
func SquaredL2(a, b []float32) float32 {
	return squaredL2(a, b[:len(a)])
}

// Axpy computes y[i] += alpha*x[i] for i < len(x). It panics if len(y) < len(x). x and y may be
// the same slice but must not otherwise overlap.
func Axpy(alpha float32, x, y []float32) {
	axpy(alpha, x, y[:len(x)])
}

// Scale computes x[i] *= alpha for every i.
func Scale(alpha float32, x []float32) {
	scale(alpha, x)
}

// Sum returns Σ x[i].
func Sum(x []float32) float32 {
	return sum(x)
}
