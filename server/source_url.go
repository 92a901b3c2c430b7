package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// URLSource fetches a bundle over http(s), and its signature from the same URL with ".sig" appended to the
// path (the query is kept). Polls are conditional GETs (If-None-Match with the last ETag, or
// If-Modified-Since with the last Last-Modified), so an unchanged bundle costs a 304.
type URLSource struct {
	url, sigURL string
	client      *http.Client
	maxBytes    int64

	// validators of the last fetch
	bundle, sig validator
	sigAbsent   bool
}

type validator struct{ etag, lastModified string }

// NewURLSource returns the source of the bundle at rawURL; bundles over maxBytes are refused.
func NewURLSource(rawURL string, maxBytes int64, client *http.Client) *URLSource {
	s := &URLSource{url: rawURL, sigURL: rawURL + ".sig", client: client, maxBytes: maxBytes}
	if u, err := url.Parse(rawURL); err == nil {
		u.Path += ".sig"
		if u.RawPath != "" {
			u.RawPath += ".sig"
		}
		s.sigURL = u.String()
	}
	return s
}

func (s *URLSource) String() string { return s.url }

// Fetch downloads the bundle (and signature) when either changed, or always when force is set.
func (s *URLSource) Fetch(ctx context.Context, force, withSig bool) (Fetched, error) {
	b, err := s.get(ctx, s.url, s.maxBytes, s.bundle, !force)
	if err != nil {
		return Fetched{}, err
	}
	var sg response
	if withSig {
		if sg, err = s.get(ctx, s.sigURL, maxSigBytes, s.sig, !force); err != nil {
			return Fetched{}, err
		}
	}
	sigSame := !withSig || sg.notModified || (sg.absent && s.sigAbsent)
	if b.notModified && sigSame {
		return Fetched{}, ErrNotModified
	}
	if b.notModified {
		if b, err = s.get(ctx, s.url, s.maxBytes, validator{}, false); err != nil {
			return Fetched{}, err
		}
	}
	if sg.notModified {
		if sg, err = s.get(ctx, s.sigURL, maxSigBytes, validator{}, false); err != nil {
			return Fetched{}, err
		}
	}
	s.bundle, s.sig, s.sigAbsent = b.validator, sg.validator, sg.absent
	return Fetched{Data: b.body, Sig: sg.body}, nil
}

type response struct {
	body        []byte
	validator   validator
	notModified bool
	absent      bool // 404: only allowed for the signature
}

func (s *URLSource) get(ctx context.Context, u string, max int64, v validator, conditional bool) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return response{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	if conditional && v.etag != "" {
		req.Header.Set("If-None-Match", v.etag)
	} else if conditional && v.lastModified != "" {
		req.Header.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	defer resp.Body.Close()
	out := response{validator: validator{resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")}}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.notModified, out.validator = true, v
		return out, nil
	case resp.StatusCode == http.StatusNotFound && u == s.sigURL:
		out.absent = true
		return out, nil
	case resp.StatusCode != http.StatusOK:
		return response{}, fmt.Errorf("%w: GET %s: %s", ErrFetch, u, resp.Status)
	case resp.ContentLength > max:
		return response{}, fmt.Errorf("%w: %s is %d bytes, the limit is %d", ErrTooLarge, u, resp.ContentLength, max)
	}
	out.body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return response{}, fmt.Errorf("%w: GET %s: %w", ErrFetch, u, err)
	}
	if int64(len(out.body)) > max {
		return response{}, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, u, max)
	}
	return out, nil
}
