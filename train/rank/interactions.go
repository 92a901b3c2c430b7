package rank

import (
	"fmt"
	"math"

	"github.com/corerec/corerec/runtime"
)

// Names of the dense fields AddInteractionFeatures adds.
const (
	FieldUserActivity = "user_activity" // log(1 + the user's training events)
	FieldUserLastTime = "user_last_day" // day of the user's latest training event
	FieldItemPop      = "item_pop"      // log(1 + the item's training events)
	FieldItemMeanTime = "item_mean_day" // mean day of the item's training events
)

// secondsPerDay converts event times (Unix seconds) to days.
const secondsPerDay = 86400

// AddInteractionFeatures adds four dense fields computed from train alone (the training part
// of a split, never held-out events), stored per user and item like any other feature: the
// user's activity and the day of their latest event, the item's popularity and the mean day
// it was interacted with. The last two of a user and an item let a cross layer learn how close
// in time the item's audience is to the user ("what was being watched when this user was last
// active"). A user or item without training events gets the mean of the others. Fields already
// present are an error.
func (d *Data) AddInteractionFeatures(train *Examples) error {
	for _, f := range d.Fields {
		switch f.Name {
		case FieldUserActivity, FieldUserLastTime, FieldItemPop, FieldItemMeanTime:
			return fmt.Errorf("rank: interaction features: field %q already present", f.Name)
		}
	}
	if train.Time == nil {
		return fmt.Errorf("rank: interaction features: event times needed")
	}
	un, in := make([]float64, d.Users.Rows), make([]float64, d.Items.Rows)
	last, sum := make([]float64, d.Users.Rows), make([]float64, d.Items.Rows)
	for i, u := range train.User {
		it := train.Item[i]
		if u < 0 || int(u) >= d.Users.Rows || it < 0 || int(it) >= d.Items.Rows {
			return fmt.Errorf("rank: interaction features: event %d (user %d, item %d) out of range", i, u, it)
		}
		day := float64(train.Time[i]) / secondsPerDay
		un[u]++
		in[it]++
		last[u] = math.Max(last[u], day)
		sum[it] += day
	}
	for it := range sum {
		if in[it] > 0 {
			sum[it] /= in[it]
		}
	}
	d.Users.Dense[FieldUserActivity], d.Users.Dense[FieldUserLastTime] = logCounts(un), fillMean(last, un)
	d.Items.Dense[FieldItemPop], d.Items.Dense[FieldItemMeanTime] = logCounts(in), fillMean(sum, in)
	d.Fields = append(d.Fields,
		denseField(FieldUserActivity, runtime.SideUser, d.Users.Dense[FieldUserActivity]),
		denseField(FieldUserLastTime, runtime.SideUser, d.Users.Dense[FieldUserLastTime]),
		denseField(FieldItemPop, runtime.SideItem, d.Items.Dense[FieldItemPop]),
		denseField(FieldItemMeanTime, runtime.SideItem, d.Items.Dense[FieldItemMeanTime]))
	return nil
}

func logCounts(n []float64) []float32 {
	out := make([]float32, len(n))
	for i, c := range n {
		out[i] = float32(math.Log1p(c))
	}
	return out
}

// fillMean returns v as float32 with the rows of count 0 set to the mean of the others.
func fillMean(v, count []float64) []float32 {
	var s, n float64
	for i, x := range v {
		if count[i] > 0 {
			s += x
			n++
		}
	}
	mean := 0.0
	if n > 0 {
		mean = s / n
	}
	out := make([]float32, len(v))
	for i, x := range v {
		if count[i] == 0 {
			x = mean
		}
		out[i] = float32(x)
	}
	return out
}
