package twotower

import (
	"fmt"
	"math"
	"slices"
)

// Fusion strategies, selectable with FusionConfig.Strategy.
const (
	// FuseConcat concatenates the modality projections (a missing one as zeros) with the 0/1 mask of
	// which are present, and feeds that to the tower's layers. The default.
	FuseConcat = "concat"
	// FuseWeighted sums the projections with learned softmax weights, one per modality, renormalised over
	// the modalities an item has.
	FuseWeighted = "weighted"
	// FuseAttention sums the projections with attention weights: the softmax, over the present
	// modalities, of a learned query's dot product with each projection (scaled by 1/√Width).
	FuseAttention = "attention"
	// FuseGated sums the present projections, each times a sigmoid gate computed by a linear layer from
	// the masked concatenation (as FuseConcat's).
	FuseGated = "gated"
)

var strategies = []string{FuseConcat, FuseWeighted, FuseAttention, FuseGated}

// MaxModalities bounds the number of item modalities (vector modalities, attributes and the ID).
const MaxModalities = 64

// FusionConfig shapes a multi-modal item tower: each modality (Input.ItemModalities, the attribute bag
// of Input.ItemAttributes, and the item's ID embedding unless Item.NoID) is projected to Width values,
// the projections are fused by Strategy, and the result goes through Item.Hidden and the output layer.
// The ID is a modality like the others: an item the model was not trained on (or, in training, an
// example hit by Item.IDDropout) has it masked, so its vector comes from the other modalities alone.
type FusionConfig struct {
	// Strategy is concat (default), weighted, attention or gated.
	Strategy string `json:"strategy"`
	// Width is the common width of the modality projections (and of the ID and attribute embeddings).
	// Default Config.Dim.
	Width int `json:"width"`
}

// Modality is one precomputed vector per item (a text or image embedding from any encoder).
type Modality struct {
	// Name identifies the modality in the bundle and in runtime requests.
	Name string
	// Dim is the vector size; Data holds NumItems×Dim values, row i for item i.
	Dim  int
	Data []float32
	// Present marks the items that have the modality (len NumItems); nil means all have it. A missing
	// item's row is never read: the modality is masked for it.
	Present []bool
}

// Attributes are categorical, multi-valued item attributes (brand, categories), embedded as the mean of
// their rows.
type Attributes struct {
	// Names is the vocabulary: attribute index k is Names[k].
	Names []string
	// Items lists each item's attribute indices (len NumItems); an empty list masks the modality.
	Items [][]int32
}

// fusing reports whether the item tower is multi-modal.
func (in Input) fusing() bool { return len(in.ItemModalities) > 0 || in.ItemAttributes != nil }

// checkFusion validates the multi-modal inputs against the configuration (defaults applied).
func checkFusion(in Input, c Config) error {
	if !in.fusing() {
		if c.Fusion.Strategy != "" {
			return fmt.Errorf("%w: fusion %q needs item modalities or attributes", ErrInput, c.Fusion.Strategy)
		}
		return nil
	}
	switch {
	case in.ItemFeatures != nil:
		return fmt.Errorf("%w: item features and item modalities together: give the features as a modality", ErrInput)
	case c.Item.Identity:
		return fmt.Errorf("%w: an identity item tower cannot read modalities", ErrInput)
	case len(in.ItemModalities)+2 > MaxModalities:
		return fmt.Errorf("%w: %d modalities (at most %d)", ErrInput, len(in.ItemModalities), MaxModalities-2)
	}
	seen := map[string]bool{}
	for _, md := range in.ItemModalities {
		if err := md.check(in.NumItems); err != nil {
			return err
		}
		if seen[md.Name] {
			return fmt.Errorf("%w: modality %q given twice", ErrInput, md.Name)
		}
		seen[md.Name] = true
	}
	if a := in.ItemAttributes; a != nil {
		if len(a.Items) != in.NumItems || len(a.Names) == 0 {
			return fmt.Errorf("%w: attributes for %d items from %d names, want %d items and names", ErrInput,
				len(a.Items), len(a.Names), in.NumItems)
		}
		for i, ids := range a.Items {
			for _, k := range ids {
				if k < 0 || int(k) >= len(a.Names) {
					return fmt.Errorf("%w: item %d has attribute %d outside 0..%d", ErrInput, i, k, len(a.Names)-1)
				}
			}
		}
	}
	return nil
}

func (md Modality) check(items int) error {
	switch {
	case md.Name == "":
		return fmt.Errorf("%w: a modality has no name", ErrInput)
	case md.Dim < 1 || md.Dim > MaxFeatureDim || len(md.Data) != items*md.Dim:
		return fmt.Errorf("%w: modality %q: %d values of dim %d for %d items", ErrInput, md.Name, len(md.Data), md.Dim, items)
	case md.Present != nil && len(md.Present) != items:
		return fmt.Errorf("%w: modality %q: %d presence flags for %d items", ErrInput, md.Name, len(md.Present), items)
	}
	for k, v := range md.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: modality %q: item %d has %v", ErrInput, md.Name, k/md.Dim, v)
		}
	}
	return nil
}

func (f FusionConfig) validate() error {
	switch {
	case f.Strategy != "" && !slices.Contains(strategies, f.Strategy):
		return fmt.Errorf("twotower: fusion %q: want one of %v", f.Strategy, strategies)
	case f.Width < 0 || f.Width > 4096:
		return fmt.Errorf("twotower: fusion width %d out of range 1..4096", f.Width)
	}
	return nil
}
