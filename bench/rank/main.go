// Command rank is the ranking benchmark's Go side (run it through run.sh): it builds the
// MovieLens 100K click task, writes the split for train_torch.py, trains logistic regression,
// DeepFM and DCN-v2 on train/nn, writes their metrics, weights and bundles, and times the
// runtime's forward over 1,000 candidates.
//
//	go run ./bench/rank --data ../shared/data/ml-100k --out /tmp/rankbench
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"time"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/rank"
)

// Hyperparameters shared with train_torch.py (which reads them from hparams.json).
type hparams struct {
	EmbedDim    int     `json:"embed_dim"`
	Deep        []int   `json:"deep"`
	CrossLayers int     `json:"cross_layers"`
	BatchSize   int     `json:"batch_size"`
	LR          float32 `json:"lr"`
	LRLogistic  float32 `json:"lr_logistic"`
	Epochs      int     `json:"epochs"`
	Patience    int     `json:"patience"`
	Candidates  int     `json:"candidates"`
	Reps        int     `json:"reps"`
}

func main() {
	data := flag.String("data", "../shared/data/ml-100k", "MovieLens 100K directory (u.data, u.user, u.item)")
	out := flag.String("out", "/tmp/rankbench", "output directory")
	reps := flag.Int("reps", 300, "timed forward calls (after 30 warm-up calls)")
	timeOnly := flag.Bool("time-only", false, "only time the forward of the bundles a previous run wrote to --out")
	seeds := flag.Int("seeds", 1, "train every model with seeds 1…N (weights and bundles are seed 1's)")
	flag.Parse()
	if err := run(*data, *out, *reps, *seeds, *timeOnly); err != nil {
		fmt.Fprintln(os.Stderr, "rank:", err)
		os.Exit(1)
	}
}

func run(dataDir, out string, reps, seeds int, timeOnly bool) error {
	hp := hparams{EmbedDim: 16, Deep: []int{128, 64}, CrossLayers: 3, BatchSize: 512, LR: 1e-3,
		LRLogistic: 1e-2, Epochs: 30, Patience: 2, Candidates: 1000, Reps: reps}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	d, err := rank.LoadMovieLens100K(dataDir, rank.MovieLensOptions{})
	if err != nil {
		return err
	}
	sp, err := rank.SplitByUserTime(&d.Examples, 0.2, 0.1)
	if err != nil {
		return err
	}
	req := request(d, hp.Candidates)
	if timeOnly {
		return timeForward(d, &req, hp, out)
	}
	fmt.Printf("data: %d users, %d items; train %d, valid %d, test %d events; positive rate %.3f\n",
		d.Users.Rows, d.Items.Rows, sp.Train.Len(), sp.Valid.Len(), sp.Test.Len(), mean(d.Examples.Label))
	for name, e := range map[string]*rank.Examples{"train": &sp.Train, "valid": &sp.Valid, "test": &sp.Test} {
		if err := writeSplit(filepath.Join(out, name+".tsv"), d, e); err != nil {
			return err
		}
	}
	if err := writeSplit(filepath.Join(out, "request.tsv"), d, &req); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(out, "hparams.json"), hp); err != nil {
		return err
	}
	metrics := map[string]rank.Result{}
	for _, model := range []string{runtime.RankLR, runtime.RankDeepFM, runtime.RankDCN} {
		var aucs []float64
		for seed := 1; seed <= max(seeds, 1); seed++ {
			res, err := trainOne(d, &sp, &req, model, hp, out, uint64(seed))
			if err != nil {
				return err
			}
			metrics[fmt.Sprintf("%s/seed=%d", model, seed)] = res
			aucs = append(aucs, res.Test.AUC)
			fmt.Printf("go %-6s seed %d test AUC %.4f logloss %.4f (valid AUC %.4f, best epoch %d of %d, %.1fs)\n", model, seed,
				res.Test.AUC, res.Test.LogLoss, res.Valid.AUC, res.BestEpoch, res.Epochs, res.Seconds)
		}
		if len(aucs) > 1 {
			m, sd := meanSD(aucs)
			fmt.Printf("go %-6s test AUC over %d seeds: %.4f ± %.4f (sd)\n", model, len(aucs), m, sd)
		}
	}
	if err := writeJSON(filepath.Join(out, "go_metrics.json"), metrics); err != nil {
		return err
	}
	return timeForward(d, &req, hp, out)
}

// request is the speed test's request: the first user against the first n items.
func request(d *rank.Data, n int) rank.Examples {
	var e rank.Examples
	for i := range min(n, d.Items.Rows) {
		e.User = append(e.User, 0)
		e.Item = append(e.Item, int32(i))
		e.Label = append(e.Label, 0)
	}
	return e
}

func specFor(d *rank.Data, model string, hp hparams) runtime.RankSpec {
	s := d.Spec()
	s.Model, s.EmbedDim = model, hp.EmbedDim
	if model != runtime.RankLR {
		s.Deep = hp.Deep
	}
	if model == runtime.RankDCN {
		s.Cross.Layers = hp.CrossLayers
	}
	return s
}

func trainOne(d *rank.Data, sp *rank.Split, req *rank.Examples, model string, hp hparams, out string, seed uint64) (rank.Result, error) {
	m, err := rank.NewModel(specFor(d, model, hp), seed)
	if err != nil {
		return rank.Result{}, err
	}
	lr := hp.LR
	if model == runtime.RankLR {
		lr = hp.LRLogistic
	}
	res, err := rank.Train(context.Background(), m, d, sp, rank.Config{Epochs: hp.Epochs, BatchSize: hp.BatchSize, LR: lr, Patience: hp.Patience, Seed: seed})
	if err != nil || seed != 1 {
		return res, err
	}
	if err := writeWeights(filepath.Join(out, "weights", model), m); err != nil {
		return res, err
	}
	logits, err := rank.Predict(m, d, req)
	if err != nil {
		return res, err
	}
	if err := writeF32(filepath.Join(out, "weights", model, "request_logits.f32"), logits); err != nil {
		return res, err
	}
	b, err := m.Bundle(d, modelpack.Manifest{Name: "ml100k-" + model})
	if err != nil {
		return res, err
	}
	return res, b.WriteFile(filepath.Join(out, model+".crec"))
}

// timeForward times runtime.Ranker.Rank over the request's items on one goroutine, with the
// runtime's default GEMM (internal/kernel) and with train/nn's register-blocked GEMM plugged in
// through RankerOptions.Gemm.
func timeForward(d *rank.Data, req *rank.Examples, hp hparams, out string) error {
	goruntime.GOMAXPROCS(1)
	ids := make([]string, req.Len())
	for i, it := range req.Item {
		ids[i] = d.Vocabs[d.ItemKey][it]
	}
	user := runtime.RankUser{ID: d.Vocabs[d.UserKey][req.User[0]]}
	tape := nn.NewTape(nn.Config{Workers: 1})
	impls := []struct {
		name string
		gemm runtime.GemmFunc
	}{{"kernel", nil}, {"nngemm", tape.Gemm}}
	results := map[string]timing{}
	for _, model := range []string{runtime.RankDCN, runtime.RankDeepFM} {
		b, err := modelpack.Open(filepath.Join(out, model+".crec"), modelpack.Options{})
		if err != nil {
			return err
		}
		for _, impl := range impls {
			r, err := runtime.NewRanker(b, runtime.RankerOptions{Gemm: impl.gemm})
			if err != nil {
				return err
			}
			tm, scores, err := timeRank(r, user, ids, hp.Reps)
			if err != nil {
				return err
			}
			results[model+"/"+impl.name] = tm
			fmt.Printf("go %-6s forward (gemm=%s), %d candidates, 1 thread: median %.0f µs, p90 %.0f µs, %.0f µs CPU/call\n",
				model, impl.name, len(ids), tm.MedianUS, tm.P90US, tm.CPUUS)
			if err := writeF32(filepath.Join(out, "weights", model, "runtime_logits_"+impl.name+".f32"), scores); err != nil {
				return err
			}
		}
		b.Close()
	}
	return writeJSON(filepath.Join(out, "go_forward.json"), results)
}

type timing struct {
	MedianUS float64 `json:"median_us"`
	P90US    float64 `json:"p90_us"`
	CPUUS    float64 `json:"cpu_us_per_call"`
}

// timeRank runs 30 warm-up calls, then reps timed calls.
func timeRank(r *runtime.Ranker, user runtime.RankUser, ids []string, reps int) (timing, []float32, error) {
	ctx := context.Background()
	var scores []float32
	var err error
	times := make([]float64, 0, reps)
	var cpu0 float64
	for i := range reps + 30 {
		if i == 30 {
			cpu0 = cputime.Seconds()
		}
		t0 := time.Now()
		if scores, err = r.Rank(ctx, user, ids, scores); err != nil {
			return timing{}, nil, err
		}
		if i >= 30 {
			times = append(times, time.Since(t0).Seconds()*1e6)
		}
	}
	cpu := (cputime.Seconds() - cpu0) / float64(reps) * 1e6
	slices.Sort(times)
	return timing{MedianUS: times[len(times)/2], P90US: times[len(times)*9/10], CPUUS: cpu}, scores, nil
}

func writeF32(path string, v []float32) error {
	buf := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
	}
	return os.WriteFile(path, buf, 0o644)
}

func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(max(len(v)-1, 1)))
}

func mean(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x)
	}
	return s / float64(max(len(v), 1))
}
