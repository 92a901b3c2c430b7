// Package ckpt is the file format of the trainers' checkpoints (train/seq, train/lightgcn): an 8-byte
// magic naming the trainer and version, a little-endian uint32 length and that many bytes of JSON (the
// trainer's own metadata), blocks of little-endian float32 values, and a CRC32C (Castagnoli) of
// everything before it.
//
// The float blocks carry no sizes: a trainer reads a checkpoint only into a model whose shape it has
// checked against the metadata, so the block sizes come from that model, never from the file, and the
// file must have exactly the expected length. Nothing read from a file sizes an allocation beyond the
// metadata's cap.
//
//	raw, err := ckpt.Encode(magic, meta, weights, moments)
//	err = ckpt.Save(path, raw)                 // atomically: a temporary file in the same folder, renamed
//	raw, found, err := ckpt.Load(path)
//	data, err := ckpt.Decode(raw, magic, &meta) // then check meta, then
//	err = ckpt.ReadBlocks(data, weights, moments)
//
// # Concurrency
//
// The functions are safe for concurrent use on distinct paths and buffers.
package ckpt
