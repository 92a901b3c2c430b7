//go:build !race

package mf

const raceEnabled = false
