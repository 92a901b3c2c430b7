// Package nntest checks train/nn gradients against finite differences.
//
// GradCheck builds a computation on a fresh nn.Tape, runs Backward, and compares every
// parameter's analytic gradient (dense, or row-sparse expanded to all rows) with central
// differences of the same computation. Any op or loss, including ones defined outside
// train/nn, can be checked this way.
//
// # Precision
//
// The ops run in float32, so the finite differences do too: each difference quotient
// (L(w+ε) − L(w−ε))/(w₊ − w₋) is formed in float64 from the float32 losses, with w₊ and w₋
// the perturbed values as actually stored. Its error is about δ/ε from float32 rounding of
// the output (δ ≈ 1e-7·Σ|terms|) plus ε²·|f‴|/6 from truncation. With the defaults
// (ε = 1e-2, |analytic − numeric| ≤ 2e-3 + 2e-2·max(|analytic|, |numeric|)) a check of a
// small test problem with O(1) values and gradients passes for a correct backward and fails
// for one off by a few percent (the package's own tests show both). Keep inputs a few ε away
// from kinks (ReLU at 0, the L2 norm's eps).
//
// # Concurrency
//
// GradCheck and Check use only their own tapes; they may run in parallel tests as long as
// the parameters are not shared.
package nntest
