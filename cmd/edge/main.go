// Command edge serves recommendations from a CoreRec bundle over HTTP: a JSON API (api/openapi.yaml),
// hot reload of the bundle (file change, URL ETag, SIGHUP, POST /admin/reload), signed bundles, A/B
// experiments, Prometheus metrics, and graceful shutdown.
//
//	edge --bundle model.crec --addr 127.0.0.1:8080
//	edge --bundle https://cdn.example.com/model.crec --public-key bundle.pub
//	edge --demo
//
// Run `edge --help` for every flag; each is also an environment variable (EDGE_ADDR, …) and a key of
// the optional --config JSON file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/server"
	"github.com/corerec/corerec/server/sign"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	hup := make(chan os.Signal, 1)
	notifyReload(hup)
	a := app{args: os.Args[1:], getenv: os.LookupEnv, stderr: os.Stderr, reload: hup}
	code := a.run(ctx)
	stop()
	os.Exit(code)
}

// app is one run of edge, with its surroundings injectable for tests.
type app struct {
	args     []string
	getenv   func(string) (string, bool)
	stderr   io.Writer
	reload   <-chan os.Signal    // SIGHUP
	onListen func(addr net.Addr) // called once the listener is open (tests)
}

// run serves until ctx ends (SIGTERM/SIGINT) and returns the exit code: 0 after a clean drain, 1 on a
// failure, 2 on a bad command line or configuration.
func (a app) run(ctx context.Context) int {
	cfg, err := parseConfig(a.args, a.getenv, a.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "edge: %v\n", err)
		return 2
	}
	log, err := newLogger(cfg, a.stderr)
	if err != nil {
		fmt.Fprintf(a.stderr, "edge: %v\n", err)
		return 2
	}
	opt, err := cfg.options(ctx, log)
	if err != nil {
		log.Error("bad configuration", "err", err)
		return 2
	}
	srv, err := server.New(ctx, opt)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		srv.Close()
		log.Error("cannot listen", "addr", cfg.addr, "err", err)
		return 1
	}
	log.Info("listening", "addr", ln.Addr().String())
	if a.onListen != nil {
		a.onListen(ln.Addr())
	}
	return a.serve(ctx, srv, ln, cfg, log)
}

func (a app) serve(ctx context.Context, srv *server.Server, ln net.Listener, cfg *config, log *slog.Logger) int {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for {
		select {
		case <-a.reload:
			log.Info("SIGHUP: reloading")
			if err := srv.Reload(context.WithoutCancel(ctx)); err != nil {
				log.Error("reload refused; the previous bundle keeps serving", "err", err)
			}
		case err := <-served:
			log.Error("server stopped", "err", err)
			srv.Close()
			return 1
		case <-ctx.Done():
			log.Info("shutting down: draining requests in flight", "timeout", cfg.shutdownTimeout)
			sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				log.Error("shutdown", "err", err)
				return 1
			}
			if err := <-served; !errors.Is(err, http.ErrServerClosed) {
				log.Error("server stopped", "err", err)
				return 1
			}
			log.Info("stopped")
			return 0
		}
	}
}

func newLogger(cfg *config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", cfg.logLevel)
	}
	o := &slog.HandlerOptions{Level: level}
	switch cfg.logFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(w, o)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, o)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want json or text", cfg.logFormat)
}

// options turns the configuration into server.Options, reading key and token files and building the
// demo bundle when asked.
func (c *config) options(ctx context.Context, log *slog.Logger) (server.Options, error) {
	opt := server.Options{
		Bundle: c.bundle, MaxBundleBytes: c.maxBundle, Logger: log, PollInterval: c.poll,
		Limits: server.Limits{MaxBodyBytes: c.maxBody, MaxK: c.maxK, MaxList: c.maxList,
			MaxInFlight: c.maxInFlight, RetryAfter: c.retryAfter, RequestTimeout: c.requestTimeout},
		Timeouts: server.Timeouts{ReadHeader: c.readHeader, Read: c.read, Write: c.write, Idle: c.idle},
	}
	if c.poll <= 0 {
		opt.PollInterval = -1
	}
	switch c.unknownUser {
	case "popular":
	case "reject":
		opt.UnknownUser = runtime.RejectUnknown
	default:
		return opt, fmt.Errorf("--unknown-user %q: want popular or reject", c.unknownUser)
	}
	if err := c.secrets(&opt); err != nil {
		return opt, err
	}
	if c.expBundle != "" {
		opt.Experiment = &server.Experiment{Bundle: c.expBundle, Share: c.expShare, Salt: c.expSalt}
	}
	switch {
	case c.demo && c.bundle != "":
		return opt, fmt.Errorf("--demo and --bundle exclude each other")
	case c.demo:
		log.Info("building the demo bundle: synthetic data, MF-BPR training (a few seconds)", "seed", c.demoSeed)
		start := time.Now()
		data, err := server.DemoBundle(ctx, c.demoSeed)
		if err != nil {
			return opt, err
		}
		log.Info("demo bundle ready", "bytes", len(data), "seconds", time.Since(start).Seconds(),
			"try", `curl -s localhost:PORT/v1/recommend -d '{"user":"u0001","k":5}'`)
		opt.Source = &server.BytesSource{Name: fmt.Sprintf("demo (synthetic, seed %d)", c.demoSeed), Data: data}
	case c.bundle == "":
		return opt, fmt.Errorf("give --bundle PATH|URL (or EDGE_BUNDLE, or --demo)")
	}
	return opt, nil
}

func (c *config) secrets(opt *server.Options) error {
	if c.publicKey != "" {
		k, err := sign.LoadPublicKey(c.publicKey)
		if err != nil {
			return err
		}
		opt.PublicKey = k
	}
	opt.AdminToken = c.adminToken
	if c.adminTokenFile != "" {
		b, err := os.ReadFile(c.adminTokenFile)
		if err != nil {
			return err
		}
		opt.AdminToken = strings.TrimSpace(string(b))
		if opt.AdminToken == "" {
			return fmt.Errorf("--admin-token-file %s is empty", c.adminTokenFile)
		}
	}
	return nil
}
