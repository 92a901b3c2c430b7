package importer

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// Array is a float array read from a .npy file, in C (row-major) order.
type Array struct {
	Shape []int
	Data  []float32
}

// maxNPYHeader caps the .npy header (NumPy writes well under 1 KiB).
const maxNPYHeader = 1 << 16

var npyMagic = []byte("\x93NUMPY")

// LoadNPY reads the .npy file at path.
func LoadNPY(path string) (Array, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Array{}, fmt.Errorf("importer: %w", err)
	}
	a, err := ReadNPY(data)
	if err != nil {
		return a, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// ReadNPY decodes a .npy file (format versions 1–3) holding a float32 or float64 array of any rank,
// little- or big-endian, C or Fortran order; float64 values are rounded to float32. The payload must be
// exactly the shape's size: a truncated or padded file is an error.
func ReadNPY(data []byte) (Array, error) {
	hdr, rest, err := npyHeader(data)
	if err != nil {
		return Array{}, err
	}
	descr, fortran, shape, err := parseNPYHeader(hdr)
	if err != nil {
		return Array{}, err
	}
	var order binary.ByteOrder = binary.LittleEndian
	size := 0
	switch descr {
	case "<f4", "|f4", "=f4":
		size = 4
	case ">f4":
		size, order = 4, binary.BigEndian
	case "<f8", "=f8":
		size = 8
	case ">f8":
		size, order = 8, binary.BigEndian
	default:
		return Array{}, fmt.Errorf("%w: dtype %q (want float32 or float64)", ErrNPY, descr)
	}
	n := 1
	for _, d := range shape {
		if d != 0 && n > len(rest)/d {
			return Array{}, fmt.Errorf("%w: shape %v is larger than the file", ErrNPY, shape)
		}
		n *= d
	}
	if n*size != len(rest) {
		return Array{}, fmt.Errorf("%w: shape %v of %d-byte values needs %d bytes, the file has %d", ErrNPY, shape, size, n*size, len(rest))
	}
	a := Array{Shape: shape, Data: make([]float32, n)}
	for i := range a.Data {
		if size == 4 {
			a.Data[i] = math.Float32frombits(order.Uint32(rest[4*i:]))
		} else {
			a.Data[i] = float32(math.Float64frombits(order.Uint64(rest[8*i:])))
		}
	}
	if fortran && len(shape) > 1 {
		a.Data = fromFortran(a.Data, shape)
	}
	return a, nil
}

// npyHeader splits the file into its header text and payload.
func npyHeader(data []byte) (string, []byte, error) {
	if len(data) < 10 || !bytes.Equal(data[:6], npyMagic) {
		return "", nil, fmt.Errorf("%w: not a .npy file (no magic)", ErrNPY)
	}
	var hlen, start int
	switch data[6] {
	case 1:
		hlen, start = int(binary.LittleEndian.Uint16(data[8:])), 10
	case 2, 3:
		if len(data) < 12 {
			return "", nil, fmt.Errorf("%w: truncated header", ErrNPY)
		}
		hlen, start = int(binary.LittleEndian.Uint32(data[8:])), 12
	default:
		return "", nil, fmt.Errorf("%w: format version %d.%d", ErrNPY, data[6], data[7])
	}
	if hlen > maxNPYHeader || hlen > len(data)-start {
		return "", nil, fmt.Errorf("%w: header of %d bytes in a file of %d", ErrNPY, hlen, len(data))
	}
	return string(data[start : start+hlen]), data[start+hlen:], nil
}

// parseNPYHeader reads the Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	h = strings.TrimSpace(h)
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return "", false, nil, fmt.Errorf("%w: header %q is not a dict", ErrNPY, h)
	}
	d, ok := dictValue(h, "descr")
	if !ok || len(d) < 2 || (d[0] != '\'' && d[0] != '"') || d[len(d)-1] != d[0] {
		return "", false, nil, fmt.Errorf("%w: header %q has no descr string", ErrNPY, h)
	}
	descr = d[1 : len(d)-1]
	switch f, _ := dictValue(h, "fortran_order"); f {
	case "True":
		fortran = true
	case "False":
	default:
		return "", false, nil, fmt.Errorf("%w: header %q: fortran_order %q", ErrNPY, h, f)
	}
	s, ok := dictValue(h, "shape")
	if !ok || !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return "", false, nil, fmt.Errorf("%w: header %q has no shape tuple", ErrNPY, h)
	}
	shape = []int{}
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(strings.TrimSuffix(f, "L"))
		if err != nil || v < 0 || len(shape) == 32 {
			return "", false, nil, fmt.Errorf("%w: header %q: bad shape", ErrNPY, h)
		}
		shape = append(shape, v)
	}
	return descr, fortran, shape, nil
}

// dictValue returns the literal after 'key': up to the next top-level comma or the closing brace.
func dictValue(h, key string) (string, bool) {
	i := strings.Index(h, "'"+key+"'")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(h[i+len(key)+2:], " ")
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	rest = strings.TrimLeft(rest[1:], " ")
	depth := 0
	for j, c := range rest {
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == ',' || c == '}') && depth <= 0:
			return strings.TrimSpace(rest[:j]), true
		}
	}
	return "", false
}

// fromFortran reorders column-major data of the given shape into row-major order.
func fromFortran(v []float32, shape []int) []float32 {
	out := make([]float32, len(v))
	idx := make([]int, len(shape))
	for f := range v { // f walks Fortran order: the first index fastest
		c := 0
		for k := range shape {
			c = c*shape[k] + idx[k]
		}
		out[c] = v[f]
		for k := range idx {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return out
}

// Matrix returns the array as rows×cols; a 1-D array is one column.
func (a Array) Matrix() (rows, cols int, err error) {
	switch len(a.Shape) {
	case 1:
		return a.Shape[0], 1, nil
	case 2:
		return a.Shape[0], a.Shape[1], nil
	}
	return 0, 0, fmt.Errorf("%w: shape %v is not a matrix", ErrNPY, a.Shape)
}
