package plot

import (
	"image"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEveryGlyphButSpaceHasInk(t *testing.T) {
	for r := firstGlyph; r <= lastGlyph; r++ {
		ink := 0
		for _, row := range glyph(r) {
			require.Zero(t, row&^0x1F, "glyph %q wider than %d", r, glyphW)
			ink += int(row)
		}
		if r == ' ' {
			require.Zero(t, ink)
		} else {
			require.NotZero(t, ink, "glyph %q is blank", r)
		}
	}
	require.Equal(t, glyph('?'), glyph('é'), "outside ASCII draws '?'")
}

func TestGlyphsAreDistinct(t *testing.T) {
	seen := map[[glyphH]byte]rune{}
	for r := firstGlyph; r <= lastGlyph; r++ {
		g := *glyph(r)
		other, dup := seen[g]
		require.False(t, dup, "%q and %q look the same", other, r)
		seen[g] = r
	}
}

func TestDrawTextScalesGlyphPixels(t *testing.T) {
	cv := newCanvas(40, 40, white)
	cv.drawText(2, 3, "L", 2, black) // 'L': left column and bottom row
	for row := range glyphH {
		require.Equal(t, black, cv.img.RGBAAt(2, 3+2*row), "left column row %d", row)
		require.Equal(t, black, cv.img.RGBAAt(3, 4+2*row))
	}
	for col := range glyphW {
		require.Equal(t, black, cv.img.RGBAAt(2+2*col, 3+2*(glyphH-1)), "bottom row col %d", col)
	}
	require.Equal(t, white, cv.img.RGBAAt(2+2*4, 3), "top right is blank")
	require.Equal(t, 2*(2*glyphAdv)-2*(glyphAdv-glyphW), textWidth("LL", 2))
	require.Zero(t, textWidth("", 3))
}

func TestDrawTextUpRotates(t *testing.T) {
	cv := newCanvas(40, 40, white)
	cv.drawTextUp(5, 30, "L", 1, black)
	// Rotated anticlockwise, L's left column becomes the bottom row (y = 29)
	// and its bottom row becomes the rightmost column (x = 5 + 6).
	for col := range glyphH {
		require.Equal(t, black, cv.img.RGBAAt(5+col, 29), "column %d", col)
	}
	for row := range glyphW {
		require.Equal(t, black, cv.img.RGBAAt(5+glyphH-1, 29-row))
	}
	require.Equal(t, white, cv.img.RGBAAt(5, 29-4))
	require.True(t, image.Pt(0, 0).In(cv.img.Bounds()))
}
