package main

import (
	"bufio"
	"encoding/binary"
	"io"
	"math"

	"github.com/corerec/corerec/modelpack"
)

// writeVectors writes the item embeddings of the bundle at path, dequantized (what the runtime scores
// with), as items × dim little-endian float32: the vectors ann-bench.html gives hnswlib-wasm.
func writeVectors(w io.Writer, path string) error {
	b, err := modelpack.Open(path, modelpack.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	m, err := b.Matrix(modelpack.SectionItemEmbeddings)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var row []float32
	var buf [4]byte
	for i := range m.Rows {
		row = m.Row(i, row)
		for _, v := range row {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(v))
			bw.Write(buf[:])
		}
	}
	return bw.Flush()
}
