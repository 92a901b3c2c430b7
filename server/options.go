package server

import (
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/corerec/corerec/runtime"
)

// Options configures a Server. The zero value of every field but Bundle (or Source) works; each documents
// its default.
type Options struct {
	// Bundle is where the bundle comes from: a file path or an http(s) URL. Required unless Source is set.
	Bundle string
	// Source, when set, replaces Bundle (an embedded demo bundle, a custom store).
	Source Source
	// Experiment, when set, serves a second bundle ("b") to a stable share of users; the first is "a".
	Experiment *Experiment

	// PublicKey, when set, makes every bundle need a signature (BUNDLE.sig beside it) that verifies against
	// it; an unsigned or wrongly signed bundle is refused. Default nil: signatures are not checked.
	PublicKey ed25519.PublicKey
	// PollInterval is how often sources are checked for a new bundle (file: size, mtime and identity;
	// URL: a conditional GET with the last ETag). Default 5 s; negative disables polling.
	PollInterval time.Duration
	// AdminToken enables POST /admin/reload for requests carrying "Authorization: Bearer <AdminToken>".
	// Default "": the endpoint answers 404.
	AdminToken string
	// MaxBundleBytes bounds a bundle's size. Default 4 GiB.
	MaxBundleBytes int64
	// HTTPClient fetches URL sources. Default: a client with a 60 s timeout.
	HTTPClient *http.Client
	// UnknownUser is the engine's answer to an unknown user without history: runtime.FallbackPopular
	// (default) or runtime.RejectUnknown (answered 404 unknown_user).
	UnknownUser runtime.UnknownUserPolicy

	// Limits bounds what one request may ask and how many run at once.
	Limits Limits
	// Timeouts are the HTTP server's; see Timeouts.
	Timeouts Timeouts

	// Logger receives structured logs (each request's carries its request_id). Default slog.Default().
	Logger *slog.Logger
	// OnReload, when set, is called after every reload attempt that found something to load, with the
	// variant, the new version (on success) and the error (on refusal). It must not block for long.
	OnReload func(variant, version string, err error)
}

// Experiment is the second arm of an A/B test.
type Experiment struct {
	// Bundle (path or URL) or Source is the "b" bundle.
	Bundle string
	Source Source
	// Share is the fraction of users, in [0, 1], served by "b". Users are assigned by a hash of
	// Salt and the user id, so a user stays in one arm while Share and Salt stay the same. Requests
	// without a user id go to "a".
	Share float64
	// Salt re-draws the assignment for a new experiment. Default "".
	Salt string
}

// Limits bound requests. A request over a limit is answered 4xx (413 for the body, 400 otherwise).
type Limits struct {
	// MaxBodyBytes bounds a request body. Default 1 MiB.
	MaxBodyBytes int64
	// MaxK bounds k. Default 1000 (the engine's own cap is runtime.MaxK).
	MaxK int
	// MaxList bounds each of history, allow and deny. Default 10000 ids.
	MaxList int
	// MaxInFlight bounds the recommendation requests served at once; more are shed with 503 and
	// Retry-After rather than queued. Default 256.
	MaxInFlight int
	// RetryAfter is the Retry-After a shed request gets. Default 1 s.
	RetryAfter time.Duration
	// RequestTimeout is each request's deadline, propagated to the engine through the context; a request
	// past it is answered 503 timeout. Default 2 s.
	RequestTimeout time.Duration
}

// Timeouts of the HTTP server (see net/http.Server). Zero fields take the defaults below; negative
// disables one.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers (slow-header clients are cut off). Default 5 s.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included. Default 10 s.
	Read time.Duration
	// Write bounds writing the response, from the end of the request headers. Default 10 s.
	Write time.Duration
	// Idle bounds a keep-alive connection waiting for its next request. Default 60 s.
	Idle time.Duration
}

func (o Options) withDefaults() Options {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.PollInterval, 5*time.Second)
	if o.MaxBundleBytes <= 0 {
		o.MaxBundleBytes = 4 << 30
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	l := &o.Limits
	l.MaxBodyBytes = orDefault(l.MaxBodyBytes, 1<<20)
	l.MaxK = orDefault(l.MaxK, 1000)
	l.MaxList = orDefault(l.MaxList, 10000)
	l.MaxInFlight = orDefault(l.MaxInFlight, 256)
	def(&l.RetryAfter, time.Second)
	def(&l.RequestTimeout, 2*time.Second)
	t := &o.Timeouts
	def(&t.ReadHeader, 5*time.Second)
	def(&t.Read, 10*time.Second)
	def(&t.Write, 10*time.Second)
	def(&t.Idle, 60*time.Second)
	return o
}

func orDefault[T int | int64](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

func (o Options) validate() error {
	if o.Bundle == "" && o.Source == nil {
		return fmt.Errorf("server: no bundle: set Options.Bundle (path or URL) or Options.Source")
	}
	if e := o.Experiment; e != nil {
		if e.Bundle == "" && e.Source == nil {
			return fmt.Errorf("server: experiment without a bundle")
		}
		if !(e.Share >= 0 && e.Share <= 1) {
			return fmt.Errorf("server: experiment share %v outside [0, 1]", e.Share)
		}
	}
	if o.Limits.MaxK > runtime.MaxK {
		return fmt.Errorf("server: MaxK %d over the engine's limit %d", o.Limits.MaxK, runtime.MaxK)
	}
	if o.PublicKey != nil && len(o.PublicKey) != ed25519.PublicKeySize {
		return fmt.Errorf("server: public key of %d bytes, want %d", len(o.PublicKey), ed25519.PublicKeySize)
	}
	return nil
}

// durationOrZero maps a negative (disabled) timeout to net/http's "no timeout".
func durationOrZero(d time.Duration) time.Duration { return max(d, 0) }
