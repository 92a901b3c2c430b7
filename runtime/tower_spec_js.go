//go:build js

package runtime

import "fmt"

// ParseTowerSpec is not in the browser build: encoding/json alone would take the runtime .wasm past its
// 1.2 MB gzip budget (docs/ARCHITECTURE.md). Bundles with a user tower are refused there with ErrBundle;
// their item embeddings serve history-based requests from a bundle packed without the tower.
func ParseTowerSpec(raw []byte, dim int) (TowerSpec, error) {
	return TowerSpec{}, fmt.Errorf("%w: user tower bundles are not supported in the browser build yet", ErrBundle)
}
