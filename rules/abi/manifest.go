package abi

import (
	"slices"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
)

// MaxManifestSize bounds the corerec.manifest custom section.
const MaxManifestSize = 4096

// Fields a manifest may list in Reads.
const (
	FieldScore     = "score"
	FieldCreatedAt = "created_at"
	FieldCategory  = "category"
	FieldAttrs     = "attrs"
	FieldIDHash    = "id_hash"
	FieldUser      = "user"
	FieldConfig    = "config"
	// FieldEmbedding is the one field a host fills only on request: embeddings are large.
	FieldEmbedding = "embedding"
)

var knownFields = []string{FieldScore, FieldCreatedAt, FieldCategory, FieldAttrs, FieldIDHash, FieldUser,
	FieldConfig, FieldEmbedding}

// Manifest is what a plugin declares about itself in its optional corerec.manifest custom section (JSON).
// A plugin without one reads every field but embeddings, gets the host's default limits and no WASI.
type Manifest struct {
	// ABI is the ABI version the manifest is written for (1).
	ABI int `json:"abi"`
	// Name is a human-readable name for messages and logs.
	Name string `json:"name,omitempty"`
	// Reads lists the input fields the plugin reads (Field* constants); empty means all but embeddings.
	Reads []string `json:"reads,omitempty"`
	// Fuel is the per-call instruction budget the plugin asks for (0 = the host's default). A host refuses
	// a plugin that asks for more than it grants.
	Fuel int64 `json:"fuel,omitempty"`
	// InitFuel is the budget for instantiation (start function and _initialize; 0 = the host's default).
	InitFuel int64 `json:"init_fuel,omitempty"`
	// MemoryPages is the most 64 KiB pages of memory the plugin asks for (0 = the host's default).
	MemoryPages uint32 `json:"memory_pages,omitempty"`
	// WASI asks for the WASI preview 1 functions a language runtime needs (Go's does): no files, no
	// sockets, a fixed clock, a deterministic random source.
	WASI bool `json:"wasi,omitempty"`
}

// ParseManifest decodes and checks a manifest. Unknown keys, unknown fields in Reads, negative limits and
// a version other than Version are errors.
func ParseManifest(b []byte) (Manifest, error) {
	var m Manifest
	if len(b) > MaxManifestSize {
		return m, fmtlite.Errorf("%w: %d bytes, at most %d", ErrManifest, len(b), MaxManifestSize)
	}
	if err := strictjson.Decode(b, m.decode); err != nil {
		return Manifest{}, fmtlite.Errorf("%w: %v", ErrManifest, err)
	}
	if len(m.Reads) == 0 {
		m.Reads = nil // "reads": [] means the default, as no "reads" does
	}
	return m, m.check()
}

func (m Manifest) check() error {
	switch {
	case m.ABI != Version:
		return fmtlite.Errorf("%w: written for ABI %d, this host speaks %d", ErrManifest, m.ABI, Version)
	case m.Fuel < 0 || m.InitFuel < 0:
		return fmtlite.Errorf("%w: negative fuel", ErrManifest)
	}
	for _, f := range m.Reads {
		if !slices.Contains(knownFields, f) {
			return fmtlite.Errorf("%w: unknown field %q in reads (known: %v)", ErrManifest, f, knownFields)
		}
	}
	return nil
}

// Reading reports whether the plugin reads field f: listed in Reads, or Reads empty and f not an embedding.
func (m Manifest) Reading(f string) bool {
	if len(m.Reads) == 0 {
		return f != FieldEmbedding
	}
	return slices.Contains(m.Reads, f)
}

// decode reads a manifest's JSON (its json tags) as encoding/json would with DisallowUnknownFields.
func (m *Manifest) decode(d *strictjson.Decoder) error {
	names := []string{"abi", "name", "reads", "fuel", "init_fuel", "memory_pages", "wasi"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&m.ABI)
		case 1:
			return d.String(&m.Name)
		case 2:
			return d.Strings(&m.Reads)
		case 3:
			return d.Int64(&m.Fuel)
		case 4:
			return d.Int64(&m.InitFuel)
		case 5:
			return d.Uint32(&m.MemoryPages)
		}
		return d.Bool(&m.WASI)
	})
}
