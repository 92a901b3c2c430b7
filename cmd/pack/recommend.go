package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	goruntime "runtime"
	"strings"
	"sync"
	"time"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/internal/progress"
	"github.com/corerec/corerec/runtime"
)

func runRecommend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("recommend", "recommend --bundle B --users all|FILE | --history FILE [--k 20] [--exclude-seen] [--out recs.tsv]", stderr)
	bundle := fs.String("bundle", "", "bundle to read (required)")
	users := fs.String("users", "all", "'all' for every user in the bundle, or a file with one user id per line")
	history := fs.String("history", "", "recommend from given histories instead of stored users: a file of lines user<TAB>item,item,... (oldest first); the user ids only label the output, except that a user with an empty history is answered as --users would")
	k := fs.Int("k", 20, "items per user")
	exclude := fs.Bool("exclude-seen", false, "leave out each user's training items")
	out := fs.String("out", "", "output file (default standard output): lines user<TAB>item1,item2,... with original ids")
	workers := fs.Int("workers", goruntime.GOMAXPROCS(0), "concurrent requests")
	quiet := fs.Bool("quiet", false, "no progress bar")
	explain := fs.Bool("explain", false, "write one JSON object per user (items, stages, trace) instead of lists")
	now := fs.String("now", "", "the requests' clock for time-dependent rules (RFC 3339; default: none)")
	noRank := fs.Bool("no-rank", false, "skip the pipeline's rank stage")
	noRerank := fs.Bool("no-rerank", false, "skip the pipeline's rerank stage")
	rulesOn := fs.String("rules-on", "", "comma-separated rule names to switch on for every request")
	rulesOff := fs.String("rules-off", "", "comma-separated rule names to switch off for every request")
	var pf pipelineFlags
	pf.register(fs)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *bundle == "" {
		return usagef("--bundle is required")
	}
	if *k < 1 || *k > runtime.MaxK || *workers < 1 {
		return usagef("--k must be in 1..%d and --workers >= 1", runtime.MaxK)
	}
	eng, closeEng, err := openEngine(ctx, *bundle, runtime.Options{})
	if err != nil {
		return err
	}
	defer closeEng()
	ids, err := userList(*users, eng)
	var hists map[string][]string
	if *history != "" {
		ids, hists, err = readHistories(*history)
	}
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var bar *progress.Bar
	if !*quiet {
		bar = progress.New(stderr, "recommend", int64(len(ids)), "users")
	}
	tmpl := runtime.Request{K: *k, ExcludeSeen: *exclude, Explain: *explain}
	if err := requestOverrides(&tmpl, &pf, *now, *noRank, *noRerank, *rulesOn, *rulesOff); err != nil {
		return err
	}
	lists, results, err := recommendAll(ctx, eng, ids, hists, tmpl, *workers, bar)
	if err != nil {
		return err
	}
	bar.Done()
	bw := bufio.NewWriter(w)
	if *explain {
		err = writeExplained(bw, lists, results)
	} else {
		err = dataset.WriteLists(bw, lists)
	}
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %d users to %s\n", len(lists), *out)
	}
	return nil
}

func userList(spec string, eng *runtime.Engine) ([]string, error) {
	if spec == "all" {
		cat := eng.Catalog()
		ids := make([]string, cat.NumUsers())
		for i := range ids {
			ids[i] = cat.UserID(int32(i))
		}
		return ids, nil
	}
	raw, err := os.ReadFile(spec)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, line := range strings.Split(string(raw), "\n") {
		if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
			ids = append(ids, s)
		}
	}
	return ids, nil
}

// recommendAll answers one request per user with a fixed pool of workers, keeping the users' order. With
// hists the requests carry each user's history and no user id.
func recommendAll(ctx context.Context, eng *runtime.Engine, users []string, hists map[string][]string, tmpl runtime.Request, workers int, bar *progress.Bar) ([]dataset.List, []runtime.Result, error) {
	lists := make([]dataset.List, len(users))
	var results []runtime.Result
	if tmpl.Explain {
		results = make([]runtime.Result, len(users))
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(users); i += workers {
				req := tmpl
				req.User = users[i]
				if h := hists[users[i]]; len(h) > 0 {
					req.User, req.History = "", h
				}
				res, err := eng.Recommend(ctx, req)
				if err != nil {
					errs[w] = fmt.Errorf("user %q: %w", users[i], err)
					return
				}
				items := make([]string, len(res.Items))
				for j, it := range res.Items {
					items[j] = it.ID
				}
				lists[i] = dataset.List{User: users[i], Items: items}
				if results != nil {
					results[i] = res
				}
				bar.Add(1)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return lists, results, nil
}

// requestOverrides sets the pipeline overrides of the command line on the request template.
func requestOverrides(req *runtime.Request, pf *pipelineFlags, now string, noRank, noRerank bool, on, off string) error {
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return usagef("--now: %v", err)
		}
		req.Now = t
	}
	rs, err := pf.retrieverSpecs()
	if err != nil {
		return err
	}
	o := runtime.PipelineOverride{Retrievers: rs, Candidates: pf.candidates, Fusion: pf.fusion, Keep: pf.keep, Blend: pf.blend,
		NoRank: noRank, NoRerank: noRerank, RankBudget: pf.budgetRank, RerankBudget: pf.budgetRerank}
	for _, sw := range []struct {
		names string
		on    bool
	}{{on, true}, {off, false}} {
		for _, n := range strings.Split(sw.names, ",") {
			if n = strings.TrimSpace(n); n != "" {
				if o.Rules == nil {
					o.Rules = map[string]bool{}
				}
				o.Rules[n] = sw.on
			}
		}
	}
	if !reflect.DeepEqual(o, runtime.PipelineOverride{}) {
		req.Pipeline = &o
	}
	return nil
}

// writeExplained writes one JSON object per user: {"user", "items", "stages", "trace", ...}.
func writeExplained(w io.Writer, lists []dataset.List, results []runtime.Result) error {
	enc := json.NewEncoder(w)
	for i, l := range lists {
		if err := enc.Encode(struct {
			User string `json:"user"`
			runtime.Result
		}{l.User, results[i]}); err != nil {
			return err
		}
	}
	return nil
}
