// Package importer packs models trained elsewhere (PyTorch, TorchRec, JAX) into CoreRec bundles: item
// and user embeddings as NumPy .npy files with id lists, and a Two-Tower model's user tower as
// safetensors. Build writes the same bundle a Go-trained model writes (train.Embeddings.Builder, and the
// user-tower sections of train/twotower), so the runtime serves it unchanged.
//
// # Inputs
//
//   - Embeddings: a 2-D .npy array (float32 or float64, little- or big-endian, C or Fortran order) whose
//     row r belongs to line r of the id list (a text file, one id per line). ReadNPY is a small bounded
//     reader: the header is capped, the data must be exactly what the shape says, and nothing is
//     allocated before the file's bytes are known to hold it.
//   - A user tower: a safetensors file (read with github.com/nlpodyssey/safetensors) holding the dense
//     layers as PREFIX.N.weight (out×in, PyTorch's layout) and PREFIX.N.bias, ordered by N (so an
//     nn.Sequential's state_dict works as saved: "0.weight", "2.weight", ...), and optionally
//     "features.mean" and "features.inv_std" (the input standardisation; default 0 and 1),
//     "unknown" (the ID-embedding row for unknown users) and "ids" (known users' ID embeddings, rows in
//     user-id order). Hidden layers use TowerOptions.Activation, the last layer none. See ReadTower.
//   - Optionally an interaction file (LoadUsage): each user's items, stored for exclude-seen, and each
//     item's count, for the popular fallback — what a Go trainer stores beside its embeddings.
//
// # Concurrency
//
// The functions are safe for concurrent use; they share no state.
package importer
