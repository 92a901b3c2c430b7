package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// FileSource reads a bundle from a file, and its signature from the file beside it with ".sig" appended.
// A change is noticed by the file's identity (a rename over it is a new file), size and modification
// time, and the same of the signature file: write a new bundle to a temporary file and rename it over the
// old one, signature first.
type FileSource struct {
	path     string
	maxBytes int64
	last     fileState
	seen     bool
}

// fileState is what a poll compares.
type fileState struct {
	bundle, sig fs.FileInfo // sig nil when absent or not asked for
}

// NewFileSource returns the source of the bundle at path; bundles over maxBytes are refused.
func NewFileSource(path string, maxBytes int64) *FileSource {
	return &FileSource{path: path, maxBytes: maxBytes}
}

func (s *FileSource) String() string { return s.path }

// Fetch reads the bundle (and signature) when they changed, or always when force is set.
func (s *FileSource) Fetch(_ context.Context, force, withSig bool) (Fetched, error) {
	st, err := s.stat(withSig)
	if err != nil {
		return Fetched{}, err
	}
	if !force && s.seen && st.same(s.last) {
		return Fetched{}, ErrNotModified
	}
	f, err := s.read(st, withSig)
	if err != nil {
		return Fetched{}, err
	}
	after, err := s.stat(withSig)
	if err != nil {
		return Fetched{}, err
	}
	if !after.same(st) {
		return Fetched{}, fmt.Errorf("%w: %s changed while it was read; next poll retries", ErrFetch, s.path)
	}
	s.last, s.seen = st, true
	return f, nil
}

func (s *FileSource) stat(withSig bool) (fileState, error) {
	var st fileState
	var err error
	if st.bundle, err = os.Stat(s.path); err != nil {
		return st, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	if withSig {
		st.sig, err = os.Stat(s.path + ".sig")
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("%w: %w", ErrFetch, err)
		}
	}
	return st, nil
}

func (s *FileSource) read(st fileState, withSig bool) (Fetched, error) {
	if size := st.bundle.Size(); size > s.maxBytes {
		return Fetched{}, fmt.Errorf("%w: %s is %d bytes, the limit is %d", ErrTooLarge, s.path, size, s.maxBytes)
	}
	var f Fetched
	var err error
	if f.Data, err = readCapped(s.path, s.maxBytes); err != nil {
		return Fetched{}, err
	}
	if withSig && st.sig != nil {
		if f.Sig, err = readCapped(s.path+".sig", maxSigBytes); err != nil {
			return Fetched{}, err
		}
	}
	return f, nil
}

// maxSigBytes bounds a signature file.
const maxSigBytes = 4096

func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrFetch, path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, path, max)
	}
	return b, nil
}

func (a fileState) same(b fileState) bool {
	return sameFile(a.bundle, b.bundle) && sameFile(a.sig, b.sig)
}

func sameFile(a, b fs.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}
