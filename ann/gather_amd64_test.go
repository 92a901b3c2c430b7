//go:build amd64 && !purego

package ann

func gatherSets() []gatherSet {
	if !useAVX2 {
		return []gatherSet{genericGathers}
	}
	return []gatherSet{genericGathers, {"avx2", gatherDotAVX2, gatherNegL2AVX2, gatherDotF16AVX2, gatherDotI8AVX2,
		gatherDotI8RowAVX2}}
}
