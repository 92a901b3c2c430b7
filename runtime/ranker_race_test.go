//go:build race

package runtime

// rankerRace: the race detector makes sync.Pool drop items, so allocation counts do not hold.
const rankerRace = true
