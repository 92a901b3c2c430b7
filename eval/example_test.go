package eval_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
)

func ExampleEvaluate() {
	// Four users; item "b" is the most popular. Test items: d, a, e, a;
	// u3's target e ranks second among its unseen items (d, e tie at 0).
	d, _ := dataset.Read(strings.NewReader("u1 a b c d\nu2 b c a\nu3 c b a e\nu4 b d a\n"), "s.txt", dataset.LoadOptions{})
	split := dataset.LeaveOneOut(d)
	report, err := eval.Evaluate(context.Background(), eval.Popularity(split),
		eval.LeaveOneOutCases(split, true), eval.Options{Ks: []int{1, 3}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report.Table())
	// Output:
	// users 4 (full ranking, seen items masked)
	// metric         @1       @3
	// HR         0.7500   1.0000
	//   ±s.e.    0.2500   0.0000
	// NDCG       0.7500   0.9077
	//   ±s.e.    0.2500   0.0923
	// Recall     0.7500   1.0000
	//   ±s.e.    0.2500   0.0000
	// Coverage   0.4000   0.8000
	// MRR        0.8750  ±0.1250 s.e.
}
