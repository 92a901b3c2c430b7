package server

import (
	"context"
	"net/http"
	"strings"
)

// Source is where a bundle comes from. A Server calls Fetch from one goroutine at a time per source.
type Source interface {
	// Fetch returns the bundle's bytes and, when withSig, its signature file's bytes. Unless force is set
	// it returns ErrNotModified when nothing changed since the previous Fetch (which records what it saw
	// even when the bundle is then refused, so a bad bundle is not retried until it changes).
	Fetch(ctx context.Context, force, withSig bool) (Fetched, error)
	// String names the source in logs and in GET /v1/bundle.
	String() string
}

// Fetched is a bundle's bytes and its signature file's bytes (nil when not asked for).
type Fetched struct {
	Data []byte
	Sig  []byte
}

// OpenSource returns the source for loc: an http(s) URL or a file path. Bundles over maxBytes are refused.
func OpenSource(loc string, maxBytes int64, client *http.Client) Source {
	if strings.HasPrefix(loc, "http://") || strings.HasPrefix(loc, "https://") {
		return NewURLSource(loc, maxBytes, client)
	}
	return NewFileSource(loc, maxBytes)
}

// BytesSource serves a bundle held in memory (the demo bundle, one embedded in a binary). It never changes.
type BytesSource struct {
	Name string
	Data []byte
	Sig  []byte

	fetched bool
}

// Fetch returns the bytes on the first and on every forced call, ErrNotModified otherwise.
func (s *BytesSource) Fetch(_ context.Context, force, withSig bool) (Fetched, error) {
	if s.fetched && !force {
		return Fetched{}, ErrNotModified
	}
	s.fetched = true
	f := Fetched{Data: s.Data}
	if withSig {
		f.Sig = s.Sig
	}
	return f, nil
}

func (s *BytesSource) String() string { return s.Name }
