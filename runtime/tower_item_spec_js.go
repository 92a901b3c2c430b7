//go:build js

package runtime

import "fmt"

// ParseItemTowerSpec is not in the browser build, for the reason given on ParseTowerSpec: item towers
// are refused there with ErrBundle (the bundle's stored item vectors still serve).
func ParseItemTowerSpec(raw []byte, dim int) (ItemTowerSpec, error) {
	return ItemTowerSpec{}, fmt.Errorf("%w: item tower bundles are not supported in the browser build yet", ErrBundle)
}
