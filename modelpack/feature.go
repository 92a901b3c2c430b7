package modelpack

import "slices"

// Features are what a file's sections and manifest cannot say in a way an older reader would notice:
// a changed meaning of existing weights (a different block layout, say) that a reader ignoring an extra
// key would serve wrongly without an error. A writer marks a file that uses one with a required section
// of kind "feature" named "feature.NAME" (one u8 byte, 1). Readers from format 1.1 on reject a feature
// they do not know (ErrUnsupported, naming it); 1.0 readers reject the file because they do not know the
// kind of a required section. A file without feature sections is written as 1.0, byte for byte as before.

// KindFeature is the kind of a feature marker section (format 1.1).
const KindFeature = "feature"

// FeaturePrefix starts the name of a feature marker section.
const FeaturePrefix = "feature."

// Features this reader knows (FORMAT.md, "Features").
const (
	// FeatureSeqBlockSASRec: the sequential model's blocks use the SASRec code's layout
	// (Manifest.Extra[ExtraSeqBlock] == SeqBlockSASRec); a reader that ignores that key would run the
	// pre-norm layout on its weights.
	FeatureSeqBlockSASRec = "seq.block.sasrec"
	// FeatureSeqBlockBERT: the blocks use BERT's post-norm layout (Manifest.Extra[ExtraSeqBlock] ==
	// SeqBlockBERT), and the seq.ln sections are the embedding layer norm, not a final one.
	FeatureSeqBlockBERT = "seq.block.bert"
)

var knownFeatures = []string{FeatureSeqBlockSASRec, FeatureSeqBlockBERT}

// featureName returns the feature a section marks ("" for a section of another kind).
func featureName(s *SectionInfo) string {
	if s.Kind != KindFeature || len(s.Name) <= len(FeaturePrefix) || s.Name[:len(FeaturePrefix)] != FeaturePrefix {
		return ""
	}
	return s.Name[len(FeaturePrefix):]
}

// knownFeature reports whether a feature section names a feature this reader knows, with its layout.
func knownFeature(s *SectionInfo) bool {
	return s.DType == Uint8 && slices.Equal(s.Shape, []int{1}) && slices.Contains(knownFeatures, featureName(s))
}

// RequireFeature marks the file as using feature name (one of the Feature* constants): readers that do
// not know it refuse the file instead of misreading it. The file is then written as format 1.1.
func (b *Builder) RequireFeature(name string) error {
	if !slices.Contains(knownFeatures, name) {
		return errorf(ErrInvalid, "unknown feature %q", name)
	}
	return b.add(SectionInfo{Name: FeaturePrefix + name, Kind: KindFeature, DType: Uint8, Shape: []int{1}, Required: true}, []byte{1})
}

// HasFeature reports whether the bundle is marked with feature name, a feature this reader knows.
func (b *Bundle) HasFeature(name string) bool {
	i, ok := b.byName[FeaturePrefix+name]
	return ok && featureName(&b.sections[i]) == name && knownFeature(&b.sections[i])
}

// minorFor is the minor version a file with these sections is written as: 1 with a feature marker,
// else 0 (so files that use nothing new stay 1.0 files).
func minorFor(secs []SectionInfo) uint16 {
	for i := range secs {
		if secs[i].Kind == KindFeature {
			return 1
		}
	}
	return 0
}
