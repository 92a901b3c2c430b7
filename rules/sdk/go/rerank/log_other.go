//go:build !wasip1

package rerank

// Logf receives Log's messages when the rule runs natively (tests set it); nil discards them.
var Logf func(msg string)

// Log sends a message to the host's log; natively, to Logf.
func Log(msg string) {
	if Logf != nil {
		Logf(msg)
	}
}
