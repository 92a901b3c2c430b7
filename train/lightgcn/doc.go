// Package lightgcn trains LightGCN (He et al., SIGIR 2020): collaborative filtering by linear propagation
// of ID embeddings over the user–item graph.
//
// Each user and item has a layer-0 ("ego") embedding e⁰. Layer k+1 is Â·eᵏ, with Â = D^-1/2 A D^-1/2 the
// symmetric-normalised adjacency of the bipartite interaction graph (Adjacency, in CSR; never dense); the
// final embedding is the layer mean F = Σ_{k=0..K} eᵏ/(K+1), and a user's score for an item is the dot
// product of their final vectors. Training minimises BPR on (user, positive, negative) triples — the
// negative drawn uniformly among the items the user has no training interaction with — plus λ/2 times the
// squared norms of the batch's layer-0 rows, divided by the batch size as the paper's code does; Adam
// (train/nn) updates the layer-0 table.
//
// # Cost, and the identity it uses
//
// F = P·E⁰ with P = Σ_k Âᵏ/(K+1), a polynomial in the symmetric Â, hence symmetric: dL/dE⁰ = P·dL/dF.
// A step needs F only at the batch's rows and dL/dF is zero elsewhere, so it costs 2(K-1) full sparse
// products (Adjacency.mul) plus row-restricted ones (mulRows, mulSparse) — on Gowalla (1.62M stored
// entries, dim 64, K = 3) four products of ~100M multiply-adds each. The products split rows over
// goroutines in equal shares of entries; on amd64 the row kernel keeps 64 output floats in AVX2 registers
// across a row's neighbours. The gradient reaches nearly every row, so Adam's update is dense, sharded
// over the workers.
//
// Why a package of its own named after the model, not "train/graph": it holds one model, as train/mf and
// train/twotower do, and the graph code here (normalised adjacency, its products) exists for it. Should a
// second graph model need the products, they move to a shared package then.
//
// The export (Model.Embeddings) stores the final vectors, so a bundle serves like any embedding model:
// the runtime never propagates.
//
// # Long runs
//
// The paper's schedule is 1,000 epochs; Config.Checkpoint spreads one over several processes. The state
// is written after every epoch (train/internal/ckpt's checksummed file: E⁰, Adam's moments, the
// learning-rate schedule, early stopping, the best epoch's E⁰), and a run given the same file resumes
// where it stopped, with the same result as an uninterrupted run: an epoch's sampling depends only on
// the seed and the epoch number.
//
// # Fidelity to the reference
//
// TestTorchParity runs the same steps through the PyTorch model of the training-speed benchmark
// (bench/lightgcn/lightgcn_torch.py, the reference code's formulation) from the same layer-0 table and
// batches, and requires the same losses and, after Adam, the same table (they agree to ~1e-8). The
// reference code's sampler (Config.Sampling nn.SampleUsers: a uniform user, then one of their items) is
// available; the default visits every training pair once an epoch.
//
// # Concurrency
//
// Train may be called from any goroutine and uses Config.Workers goroutines inside each step; it checks
// its context before every step. Adjacency is read-only after NewAdjacency and its methods are safe for
// concurrent use on distinct output buffers. A Model is read-only after Train returns and safe for
// concurrent scoring. Results do not depend on Workers: every output row is written by one goroutine in a
// fixed order, and the Adam shards are disjoint.
package lightgcn
