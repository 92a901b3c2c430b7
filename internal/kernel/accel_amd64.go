//go:build amd64 && !purego

package kernel

// With AVX2 assembly at hand there is nothing for an outside kernel to add.
func installAccel(Accel) bool { return false }

func activeGemmTiles() GemmTilesFunc { return nil }
