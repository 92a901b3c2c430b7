package twotower

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/corerec/corerec/dataset"
)

// MaxFeatureDim bounds the number of feature columns a feature file may have.
const MaxFeatureDim = 4096

// Features is a dense feature matrix with one row per user (or item) index: row i belongs to the id of
// index i in the data's id map.
type Features struct {
	// Names are the feature columns' names (from the file's header), len Dim.
	Names []string
	Dim   int
	// Data is Rows×Dim, row-major.
	Data []float32
	// Missing counts the indices the file had no row for (filled with the column means); Unknown counts
	// the file's rows whose id the data does not know (skipped).
	Missing, Unknown int
}

// Rows is the number of rows.
func (f *Features) Rows() int { return len(f.Data) / f.Dim }

// Row returns row i (a view).
func (f *Features) Row(i int) []float32 { return f.Data[i*f.Dim : (i+1)*f.Dim] }

// NewFeatures copies rows (all of the same, positive length, finite values) into a Features.
func NewFeatures(rows [][]float32) (*Features, error) {
	if len(rows) == 0 || len(rows[0]) == 0 || len(rows[0]) > MaxFeatureDim {
		return nil, fmt.Errorf("%w: %d rows of %d values", ErrFeatures, len(rows), lenFirst(rows))
	}
	d := len(rows[0])
	f := &Features{Dim: d, Data: make([]float32, 0, len(rows)*d), Names: make([]string, d)}
	for j := range f.Names {
		f.Names[j] = "f" + strconv.Itoa(j)
	}
	for i, r := range rows {
		if len(r) != d {
			return nil, fmt.Errorf("%w: row %d has %d values, row 0 has %d", ErrFeatures, i, len(r), d)
		}
		for j, v := range r {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("%w: row %d, column %d is %v", ErrFeatures, i, j, v)
			}
		}
		f.Data = append(f.Data, r...)
	}
	return f, nil
}

func lenFirst(rows [][]float32) int {
	if len(rows) == 0 {
		return 0
	}
	return len(rows[0])
}

// LoadFeatures reads a feature file (see ReadFeatures) for the ids of ids.
func LoadFeatures(path string, ids *dataset.IDMap) (*Features, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("twotower: %w", err)
	}
	defer f.Close()
	return ReadFeatures(f, path, ids)
}

// ReadFeatures reads a CSV feature file: a header `id,name1,name2,...` (the first column's name is free),
// then one line per id with Dim numbers. Ids are matched against ids; ids the map lacks are counted in
// Unknown and skipped, and map entries without a line get the column means (counted in Missing). A
// repeated id, a wrong number of fields, a value that is not a finite number, or more than MaxFeatureDim
// columns is an error naming the file and line.
func ReadFeatures(r io.Reader, name string, ids *dataset.IDMap) (*Features, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s: empty file", ErrFeatures, name)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrFeatures, name, err)
	}
	d := len(head) - 1
	if d < 1 || d > MaxFeatureDim {
		return nil, fmt.Errorf("%w: %s: header has %d feature columns (want 1..%d)", ErrFeatures, name, d, MaxFeatureDim)
	}
	n := ids.Len()
	f := &Features{Dim: d, Data: make([]float32, n*d), Names: make([]string, d)}
	for j, h := range head[1:] {
		f.Names[j] = strings.TrimSpace(h)
	}
	has := make([]bool, n)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrFeatures, name, err)
		}
		line, _ := cr.FieldPos(0)
		i, ok := ids.Index(strings.TrimSpace(rec[0]))
		if !ok {
			f.Unknown++
			continue
		}
		if has[i] {
			return nil, fmt.Errorf("%w: %s:%d: id %q repeated", ErrFeatures, name, line, rec[0])
		}
		has[i] = true
		if err := parseRow(rec[1:], f.Row(int(i))); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %w", ErrFeatures, name, line, err)
		}
	}
	f.fillMissing(has)
	return f, nil
}

func parseRow(fields []string, dst []float32) error {
	for j, s := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 32)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("column %d: %q is not a finite number", j+2, s)
		}
		dst[j] = float32(v)
	}
	return nil
}

// fillMissing sets the rows without a line to the mean of the rows with one (zeros if none has one).
func (f *Features) fillMissing(has []bool) {
	mean := make([]float64, f.Dim)
	count := 0
	for i, ok := range has {
		if ok {
			count++
			for j, v := range f.Row(i) {
				mean[j] += float64(v)
			}
		}
	}
	for i, ok := range has {
		if ok {
			continue
		}
		f.Missing++
		for j := range mean {
			f.Data[i*f.Dim+j] = float32(mean[j] / float64(max(count, 1)))
		}
	}
}
