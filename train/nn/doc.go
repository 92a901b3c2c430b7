// Package nn is CoreRec's training core: named parameters, a tape of coarse operations with
// hand-derived backward passes, fused losses, optimizers and seeded mini-batching. Every model
// in train/ (Two-Tower, DCN-v2, DeepFM, SASRec, BERT4Rec, LightGCN, ...) is built on it.
//
// # Basics
//
// Parameters are Rows×Cols float32 matrices (Param) registered by name in Params. Dense
// parameters collect gradients in Param.Grad; embedding tables (NewSparse) collect row-sparse
// gradients: only the rows a step touched.
//
// A step records ops on a Tape, each producing a *Tensor (Rows×Cols, row-major, Data and
// Grad) from an arena the tape recycles on Reset:
//
//	tape.Reset()
//	u := tape.L2Normalize(tape.Linear(tape.Linear(tape.Embedding(users, uids), w1, b1, nn.ActReLU), w2, b2, nn.ActNone))
//	v := ... // the item tower
//	loss := tape.InBatchSoftmax(u, v, 0.05, nil)
//	params.ZeroGrad()
//	if err := tape.Backward(loss); err != nil { ... }
//	opt.Step()
//
// Ops are coarse (a whole Linear layer with its activation, a fused loss), so the tape holds
// tens of entries per step, not one per scalar. Backward passes are written by hand and every
// one is checked against finite differences (package nntest).
//
// # Conventions
//
// Linear computes act(x·Wᵀ + b) with W stored out×in, PyTorch's layout, so exported weights
// match PyTorch's and a runtime computes each output as a dot product of contiguous rows.
// ActGELU is the exact erf form (PyTorch nn.GELU's default); ActGELUTanh is the tanh
// approximation. The runtime must apply the variant the model was trained with.
// Embedding treats a negative id as padding (a zero row, no gradient).
//
// # Errors
//
// Shape mismatches are programming errors and panic with a message naming the op. Bad data
// (an id or target out of range) does not panic: the op records the error on the tape (Err),
// produces an output of the right shape, and Backward returns the error without touching
// any gradient.
//
// # Concurrency
//
// A Tape, a Param, Params and the optimizers are not safe for concurrent use. Inside one
// step, ops split rows over Config.Workers goroutines; every reduction uses fixed row ranges
// combined in a fixed order, so a run is bit-for-bit reproducible for a fixed seed and worker
// count. An AliasSampler is immutable and safe for concurrent use.
package nn
