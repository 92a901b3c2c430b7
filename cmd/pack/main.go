// Command pack trains, evaluates, packs, inspects and queries CoreRec bundles.
//
//	pack demo                                     train on built-in synthetic data and recommend
//	pack train   --data F --model mf --out B      train a model (mf, twotower or lightgcn) and write a bundle
//	pack eval    --data F --model mf              train with a leave-one-out split and print test metrics
//	pack eval    --data F --recs R                score a recommendation file against the same split
//	pack recommend --bundle B --users all --k 20  write recommendations (user<TAB>item,item,...)
//	pack build   --retriever A --ranker R --rules J --out B  assemble a retrieve → rank → rerank bundle
//	pack inspect B                                show a bundle's manifest, sections and quantization
//	pack quantize B --to int8 --out B2            re-store a bundle's embeddings as f16 or int8
//	pack curve CHECKPOINT --out curve.png         plot a run's training curve from its checkpoint
//
// Run `pack COMMAND --help` for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"demo":      {"train on built-in synthetic data, pack, and print recommendations", runDemo},
	"train":     {"train a model on an interaction file and write a bundle", runTrain},
	"eval":      {"evaluate a model (or a recommendation file) with the leave-one-out protocol", runEval},
	"recommend": {"write recommendations for users from a bundle (the whole pipeline when it has one)", runRecommend},
	"build":     {"assemble a retriever, a ranker and rules into one pipeline bundle", runBuild},
	"inspect":   {"show a bundle's manifest, sections, sizes, checksums and quantization error", runInspect},
	"quantize":  {"re-store a bundle's embeddings as f16 or int8", runQuantize},
	"reindex":   {"rebuild a bundle's retrieval index (HNSW graph or exact) without retraining", runReindex},
	"sign":      {"sign bundles with an ed25519 key (BUNDLE.sig), make a key pair, or verify", runSign},
	"plugin":    {"check, run, or add a manifest to a reranking plugin (WebAssembly)", runPlugin},
	"content":   {"build a TF-IDF content model (item text and attributes) into a bundle", runContent},
	"curve":     {"draw the training curve (PNG) of a run from its checkpoint, also while it trains", runCurve},
	"import":    {"pack embeddings (.npy) and a user tower (safetensors) trained elsewhere into a bundle", runImport},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code: 0 success, 1 failure, 2 usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "pack: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "pack %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "pack %s: %v\n", args[0], err)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: pack COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'pack COMMAND --help' for the command's flags.")
}

// usageError marks a bad command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// newFlags returns a flag set that reports errors instead of exiting, printing help to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: pack %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and rejects stray positional arguments beyond allowArgs.
// parseFile parses fs with one file argument that may come before or after the flags ("" when absent).
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	path, args := positional(args)
	if err := parse(fs, args, 1); err != nil {
		return "", err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	return path, nil
}

// parseInOut is parseFile for the commands that rewrite a bundle: the input and a different --out are both
// required.
func parseInOut(fs *flag.FlagSet, args []string, out *string) (string, error) {
	path, err := parseFile(fs, args)
	switch {
	case err != nil:
		return "", err
	case path == "" || *out == "":
		return "", usagef("give the input bundle and --out")
	case path == *out:
		return "", usagef("--out must differ from the input")
	}
	return path, nil
}

func parse(fs *flag.FlagSet, args []string, allowArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > allowArgs {
		return usagef("unexpected arguments: %v", fs.Args()[allowArgs:])
	}
	return nil
}
