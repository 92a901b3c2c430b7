//go:build amd64 && !purego

package kernel

// cpuid executes the CPUID instruction with the given leaf (eaxArg) and sub-leaf (ecxArg).
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

// xgetbv reads extended control register 0 (XCR0): which register states the OS saves.
func xgetbv() (eax, edx uint32)

// cpuFeatures is what detectCPU found. Only the fields the kernels dispatch on are kept.
type cpuFeatures struct {
	avx2    bool // AVX2 with OS support for YMM state
	fma     bool // FMA3
	f16c    bool // VCVTPH2PS / VCVTPS2PH
	avx512f bool // AVX-512 Foundation with OS support for ZMM state (reported, not used yet)
	avxVNNI bool // AVX-VNNI, VEX-encoded (reported, not used yet)
}

// hasAVX2Set reports whether the "avx2" implementation can run: AVX2, FMA and F16C with OS support.
func (f cpuFeatures) hasAVX2Set() bool { return f.avx2 && f.fma && f.f16c }

var cpu = detectCPU()

// detectCPU reads CPUID leaves 1 and 7 and XCR0, in the manner of the standard library's internal/cpu.
func detectCPU() cpuFeatures {
	const (
		ecx1FMA     = 1 << 12
		ecx1OSXSAVE = 1 << 27
		ecx1AVX     = 1 << 28
		ecx1F16C    = 1 << 29
		ebx7AVX2    = 1 << 5
		ebx7AVX512F = 1 << 16
		eax71VNNI   = 1 << 4
		xcr0YMM     = 1<<1 | 1<<2    // XMM and YMM state
		xcr0ZMM     = xcr0YMM | 7<<5 // plus opmask, ZMM_Hi256, Hi16_ZMM
	)
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 1 {
		return cpuFeatures{}
	}
	_, _, ecx1, _ := cpuid(1, 0)
	if ecx1&ecx1OSXSAVE == 0 || ecx1&ecx1AVX == 0 {
		return cpuFeatures{}
	}
	xcr0, _ := xgetbv()
	osYMM := xcr0&xcr0YMM == xcr0YMM
	osZMM := xcr0&xcr0ZMM == xcr0ZMM
	var f cpuFeatures
	f.fma = osYMM && ecx1&ecx1FMA != 0
	f.f16c = osYMM && ecx1&ecx1F16C != 0
	if maxLeaf < 7 {
		return f
	}
	eax7, ebx7, _, _ := cpuid(7, 0)
	f.avx2 = osYMM && ebx7&ebx7AVX2 != 0
	f.avx512f = osZMM && ebx7&ebx7AVX512F != 0
	if eax7 >= 1 {
		eax71, _, _, _ := cpuid(7, 1)
		f.avxVNNI = osYMM && eax71&eax71VNNI != 0
	}
	return f
}
