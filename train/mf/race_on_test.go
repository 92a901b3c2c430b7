//go:build race

package mf

// Hogwild updates race by design (see doc.go); multi-worker tests skip under the race detector.
const raceEnabled = true
