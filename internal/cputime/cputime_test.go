package cputime

import (
	"testing"
	"time"
)

// Spinning adds CPU time to the process (where there is a CPU clock): the clock must move within 2 s of
// spinning (however loaded the machine), and never go back.
func TestCPUCountsWork(t *testing.T) {
	before := CPU()
	deadline := time.Now().Add(2 * time.Second)
	x, after := 1.0, before
	for after == before && time.Now().Before(deadline) {
		for range 100000 {
			x = x*1.0000001 + 1e-9
		}
		after = CPU()
	}
	if x == 0 {
		t.Fatal("unreachable: keeps the loop")
	}
	if after < before {
		t.Fatalf("CPU went back: %v then %v", before, after)
	}
	if !Available() {
		if after != 0 {
			t.Fatalf("no CPU clock here, but CPU = %v", after)
		}
		return
	}
	if after <= before {
		t.Fatalf("2 s of spinning added no CPU time (%v → %v)", before, after)
	}
	if got := Seconds(); got < after.Seconds() {
		t.Fatalf("Seconds %v < the earlier CPU reading %v", got, after.Seconds())
	}
}
