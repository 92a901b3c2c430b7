//go:build !race

package runtime

const rankerRace = false
