package rerank

import (
	"encoding/binary"
	"errors"
	"math"
)

var le = binary.LittleEndian

// errInput is returned for an input that does not follow the ABI (a host bug, not the rule's).
var errInput = errors.New("rerank: malformed input")

// Input is a read-only view of one call's input (ABI.md, "Input"). It is valid only during the call.
type Input struct {
	b               []byte
	n, k, dim       int
	now             int64
	user            uint64
	recOff, recSize int
	embOff          int
	cfgOff, cfgLen  int
}

// parse reads the header, honouring the sizes it declares, and checks that every region fits.
func (in *Input) parse(b []byte) error {
	if len(b) < 64 || le.Uint32(b) != 0x4B525243 || le.Uint16(b[4:]) < 1 {
		return errInput
	}
	in.b = b
	in.recSize, in.n, in.k, in.dim = int(le.Uint32(b[8:])), int(le.Uint32(b[12:])), int(le.Uint32(b[16:])), int(le.Uint32(b[20:]))
	in.now, in.user = int64(le.Uint64(b[24:])), le.Uint64(b[32:])
	in.recOff, in.embOff = int(le.Uint32(b[40:])), int(le.Uint32(b[44:]))
	in.cfgOff, in.cfgLen = int(le.Uint32(b[48:])), int(le.Uint32(b[52:]))
	if in.recSize < 48 || in.n > 1<<20 || in.dim > 4096 || !fits(len(b), in.recOff, in.n*in.recSize) ||
		!fits(len(b), in.cfgOff, in.cfgLen) || (in.dim > 0 && !fits(len(b), in.embOff, in.n*in.dim*4)) {
		return errInput
	}
	return nil
}

func fits(n, off, size int) bool { return off >= 0 && size >= 0 && off <= n && size <= n-off }

// Len is the number of candidates.
func (in *Input) Len() int { return in.n }

// K is how many items the request wants in the end.
func (in *Input) K() int { return in.k }

// Now is the request's clock in unix seconds, 0 when the request gave none. Plugins have no other clock.
func (in *Input) Now() int64 { return in.now }

// UserHash is Hash of the request's user id (0 = none).
func (in *Input) UserHash() uint64 { return in.user }

// Config is the host's configuration bytes for this plugin (may be empty).
func (in *Input) Config() []byte { return in.b[in.cfgOff : in.cfgOff+in.cfgLen] }

func (in *Input) rec(i int) []byte { return in.b[in.recOff+i*in.recSize:][:48] }

// Index is candidate i's item index in the bundle's catalog.
func (in *Input) Index(i int) int32 { return int32(le.Uint32(in.rec(i))) }

// Score is candidate i's current score (higher is better).
func (in *Input) Score(i int) float32 { return math.Float32frombits(le.Uint32(in.rec(i)[4:])) }

// IDHash is Hash of candidate i's item id.
func (in *Input) IDHash(i int) uint64 { return le.Uint64(in.rec(i)[8:]) }

// CreatedAt is candidate i's creation time in unix seconds (0 = unknown).
func (in *Input) CreatedAt(i int) int64 { return int64(le.Uint64(in.rec(i)[16:])) }

// Category is Hash of candidate i's category name (0 = none).
func (in *Input) Category(i int) uint64 { return le.Uint64(in.rec(i)[24:]) }

// Attr is candidate i's numeric attribute j (0 ≤ j < 4; attribute 0 is a price by convention, 0 = unknown).
func (in *Input) Attr(i, j int) float32 {
	return math.Float32frombits(le.Uint32(in.rec(i)[32+4*(j&3):]))
}

// Dim is the embedding width (0 unless the manifest reads "embedding").
func (in *Input) Dim() int { return in.dim }

// Embedding appends candidate i's embedding to dst.
func (in *Input) Embedding(i int, dst []float32) []float32 {
	b := in.b[in.embOff+i*in.dim*4:]
	for j := range in.dim {
		dst = append(dst, math.Float32frombits(le.Uint32(b[4*j:])))
	}
	return dst
}

// Hash is FNV-1a 64 of s, as the host hashes ids and categories ("" → 0, and 0 is never a real hash).
func Hash(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	if h == 0 {
		return 1
	}
	return h
}
