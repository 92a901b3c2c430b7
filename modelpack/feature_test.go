package modelpack

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A file marked with a known feature is written as 1.1 and opens with the feature visible; a file
// without markers stays a 1.0 file.
func TestRequireFeature(t *testing.T) {
	b := NewBuilder(testManifest())
	require.NoError(t, b.AddF32("w", []int{2}, []float32{1, 2}))
	plain := openT(t, build(t, b))
	major, minor := plain.Version()
	require.Equal(t, [2]int{1, 0}, [2]int{major, minor})
	require.False(t, plain.HasFeature(FeatureSeqBlockSASRec))

	require.NoError(t, b.RequireFeature(FeatureSeqBlockSASRec))
	bd := openT(t, build(t, b))
	major, minor = bd.Version()
	require.Equal(t, [2]int{1, 1}, [2]int{major, minor})
	require.True(t, bd.HasFeature(FeatureSeqBlockSASRec))
	require.False(t, bd.HasFeature(""))
	w, _, err := bd.F32("w")
	require.NoError(t, err)
	require.Equal(t, []float32{1, 2}, w)

	require.ErrorIs(t, b.RequireFeature(FeatureSeqBlockSASRec), ErrInvalid, "twice")
	require.ErrorIs(t, NewBuilder(Manifest{}).RequireFeature("no.such.feature"), ErrInvalid)
}

// A reader refuses a required feature it does not know, or a known one with another layout, naming the
// section; an unknown feature that is not marked required is opaque and ignored.
func TestUnknownFeature(t *testing.T) {
	cases := map[string]SectionInfo{
		"unknown name": {Name: FeaturePrefix + "from.the.future", Kind: KindFeature, DType: Uint8, Shape: []int{1}, Required: true},
		"bad dtype":    {Name: FeaturePrefix + FeatureSeqBlockSASRec, Kind: KindFeature, DType: Int32, Shape: []int{1}, Required: true},
		"bad shape":    {Name: FeaturePrefix + FeatureSeqBlockSASRec, Kind: KindFeature, DType: Uint8, Shape: []int{4}, Required: true},
		"no prefix":    {Name: FeatureSeqBlockSASRec, Kind: KindFeature, DType: Uint8, Shape: []int{1}, Required: true},
	}
	for name, info := range cases {
		t.Run(name, func(t *testing.T) {
			b := NewBuilder(testManifest())
			payload := make([]byte, info.DType.Size()*info.Shape[0])
			require.NoError(t, b.add(info, payload))
			_, err := OpenBytes(build(t, b), Options{})
			require.ErrorIs(t, err, ErrUnsupported)
			require.ErrorContains(t, err, info.Name)
		})
	}
	b := NewBuilder(testManifest())
	info := cases["unknown name"]
	info.Required = false
	require.NoError(t, b.add(info, []byte{1}))
	bd := openT(t, build(t, b))
	require.False(t, bd.HasFeature("from.the.future"))
	require.Len(t, bd.Sections(), 1)
}
