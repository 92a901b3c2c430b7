package plugin

// alignUp: macOS has no transparent huge pages to align for.
func alignUp([]byte) int { return 0 }

func madviseHuge([]byte) error { return nil }
