package importer

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxIDBytes caps one id line.
const maxIDBytes = 4096

// LoadIDs reads the id list at path (see ReadIDs).
func LoadIDs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	defer f.Close()
	ids, err := ReadIDs(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// ReadIDs reads one id per line (surrounding spaces trimmed; a trailing empty line is ignored). An empty
// id or a repeated id is an error: row r of the embeddings belongs to line r.
func ReadIDs(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxIDBytes)
	var ids []string
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		id := strings.TrimSpace(sc.Text())
		if id == "" {
			return nil, fmt.Errorf("%w: line %d: empty id", ErrInput, line)
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("%w: line %d: id %q repeats line %d", ErrInput, line, id, prev)
		}
		seen[id] = line
		ids = append(ids, id)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return ids, nil
}
