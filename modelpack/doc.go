// Package modelpack reads and writes CoreRec bundles: one compact,
// versioned, checksummed file holding a model's manifest, its item catalog
// and its tensors. FORMAT.md in this folder is the specification (format
// 1.0); this package is its reference implementation.
//
// # Basics
//
// A Builder collects sections in memory and writes the file:
//
//	b := modelpack.NewBuilder(modelpack.Manifest{Kind: "mf", Dim: 64, Metric: "dot"})
//	q, _ := modelpack.Quantize(itemEmb, modelpack.QuantInt8, false)
//	b.AddMatrix("items", q)           // items.int8 + items.scale + items.offset
//	b.AddCatalog(&modelpack.Catalog{ItemIDs: ids})
//	b.WriteFile("model.crpack")       // atomic: temp file + rename
//
// Open checks the whole structure (magic, version, header CRC, bounds,
// alignment, padding, every payload's CRC32C, string offsets, CSR indices,
// catalog codes) and then serves every tensor in place: F32, Int8, Matrix,
// Strings, CSR and Catalog return views of the file's bytes, with no
// decoding and no copy. Open maps the file on linux and darwin and reads it
// into one buffer elsewhere (wasm, windows); OpenBytes and OpenReaderAt
// open bytes already in memory or behind an io.ReaderAt.
//
// Matrices come in three precisions (Quant): f32, f16, and int8 with a
// scale and offset per row or per column (asymmetric, codes -127..127).
// Quantize converts, QuantError measures the loss, Matrix.Row dequantizes.
//
// # Untrusted input
//
// Open never panics and never allocates a length read from the file
// without a cap: every count in the header is bounded by the bytes that
// remain and by the limits of FORMAT.md, so a hostile file gets a
// *FormatError (matching ErrCorrupt, ErrChecksum, ErrTruncated, ... with
// errors.Is), never a crash or a huge allocation.
//
// # Concurrency
//
// A Bundle is immutable after Open and safe for concurrent use by any
// number of goroutines, as are the Strings, CSR, Matrix and Catalog values
// it returns (lookup tables built lazily are guarded by sync.Once). Close
// must happen after every reader is done with the bundle's views: after
// Close the views of an mmapped bundle point to unmapped memory. A Builder
// is not safe for concurrent use.
//
// # Caveats
//
// Views are read-only; writing through a view of an mmapped bundle faults.
// Views alias the caller's slice for OpenBytes, which must not change while
// the Bundle is in use. On big-endian hosts, or when the bytes given to
// OpenBytes are not 8-byte aligned, the file is copied once into an aligned
// buffer in host byte order, so opening costs one copy of the file.
package modelpack
