package abi

// Version is the ABI version this package speaks. A plugin declares it by exporting MarkerPrefix+"1".
const Version = 1

// Names a plugin exports or imports (ABI.md, "Exports" and "Imports").
const (
	// MarkerPrefix + the decimal version is the marker export, a function () -> () the host never calls.
	MarkerPrefix = "corerec_abi_v"
	// Marker is the version-1 marker export.
	Marker = "corerec_abi_v1"
	// ExportMemory is the plugin's linear memory; the plugin defines it (imported memories are refused).
	ExportMemory = "memory"
	// ExportAlloc is (size i32) -> (ptr i32): size writable bytes, 8-aligned, valid until the next call.
	ExportAlloc = "corerec_alloc"
	// ExportRerank is (in i32, len i32) -> (out i32): the rule; out points at an output block, 0 = failure.
	ExportRerank = "corerec_rerank"
	// ExportInitialize is the optional reactor initializer, called once after instantiation.
	ExportInitialize = "_initialize"
	// HostModule is the import module of host functions; HostLog is its one function in v1:
	// log(ptr i32, len i32) -> ().
	HostModule = "corerec"
	HostLog    = "log"
	// WASIModule is the WASI preview 1 import module, available only to plugins whose manifest says "wasi".
	WASIModule = "wasi_snapshot_preview1"
	// ManifestSection is the name of the optional custom section holding the plugin's JSON manifest.
	ManifestSection = "corerec.manifest"
)

// Input layout (ABI.md, "Input"). All integers and floats are little-endian.
const (
	// Magic is the input's first four bytes, "CRRK" read as a little-endian uint32.
	Magic = 0x4B525243
	// HeaderSize is the size of the v1 input header; later versions may append fields (the header says its
	// own size).
	HeaderSize = 64
	// RecordSize is the size of a v1 candidate record; later versions may append fields.
	RecordSize = 48
	// NumAttrs is the number of host-defined numeric attributes in a record.
	NumAttrs = 4
	// MaxCount bounds the number of candidates in one input.
	MaxCount = 1 << 20
	// MaxDim bounds the embedding width in one input.
	MaxDim = 4096
)

// Byte offsets of the header fields.
const (
	offMagic      = 0
	offVersion    = 4
	offHeaderSize = 6
	offRecordSize = 8
	offCount      = 12
	offK          = 16
	offDim        = 20
	offNow        = 24
	offUserHash   = 32
	offRecords    = 40
	offEmbeddings = 44
	offConfig     = 48
	offConfigLen  = 52
)

// Byte offsets of the record fields.
const (
	recIndex     = 0
	recScore     = 4
	recIDHash    = 8
	recCreatedAt = 16
	recCategory  = 24
	recAttrs     = 32
)

// Output layout (ABI.md, "Output").
const (
	// OutputHeaderSize is the size of the output header: count u32, flags u32.
	OutputHeaderSize = 8
	// FlagScores says an array of count float32 scores follows the positions.
	FlagScores = 1
	knownFlags = FlagScores
)

// Header is the per-call part of an input.
type Header struct {
	// K is how many items the request wants in the end.
	K uint32
	// Now is the request's clock in unix seconds (0 = none).
	Now int64
	// UserHash is Hash of the user id (0 = no user).
	UserHash uint64
	// Dim is the number of embedding floats per candidate (0 = no embeddings).
	Dim uint32
	// Config is opaque configuration the host passes to the plugin (may be empty).
	Config []byte
}

// Record is one candidate as a plugin sees it.
type Record struct {
	// Index is the item's dense index in the bundle's catalog.
	Index int32
	// Score is the candidate's current score (higher is better).
	Score float32
	// IDHash is Hash of the item's original id.
	IDHash uint64
	// CreatedAt is the item's creation time in unix seconds (0 = unknown).
	CreatedAt int64
	// CategoryHash is Hash of the item's category name (0 = none).
	CategoryHash uint64
	// Attrs are host-defined numeric attributes (by convention Attrs[0] is a price); 0 when unknown.
	Attrs [NumAttrs]float32
}
