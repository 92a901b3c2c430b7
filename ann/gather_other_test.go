//go:build !amd64 || purego

package ann

func gatherSets() []gatherSet { return []gatherSet{genericGathers} }
