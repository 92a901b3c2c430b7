package plot

import "image/color"

// textWidth is the width in pixels of s drawn at scale s (without trailing space).
func textWidth(s string, scale int) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return (n*glyphAdv - (glyphAdv - glyphW)) * scale
}

// textHeight is the height in pixels of one line of text at scale.
func textHeight(scale int) int { return glyphH * scale }

// drawText draws s with its top-left corner at (x, y), each font pixel a
// scale×scale square.
func (cv *canvas) drawText(x, y int, s string, scale int, c color.RGBA) {
	for _, r := range s {
		g := glyph(r)
		for row, bits := range g {
			for col := range glyphW {
				if bits&(1<<(glyphW-1-col)) != 0 {
					cv.fillRect(square(x+col*scale, y+row*scale, scale), c)
				}
			}
		}
		x += glyphAdv * scale
	}
}

// drawTextUp draws s rotated a quarter turn anticlockwise (reading bottom to
// top), with the bottom-left corner of its first glyph at (x, y): the text
// occupies columns x..x+textHeight and rows y-textWidth..y.
func (cv *canvas) drawTextUp(x, y int, s string, scale int, c color.RGBA) {
	for _, r := range s {
		g := glyph(r)
		for row, bits := range g {
			for col := range glyphW {
				if bits&(1<<(glyphW-1-col)) != 0 {
					// Font pixel (col, row) maps to (x+row, y-1-col) after rotation.
					cv.fillRect(square(x+row*scale, y-(col+1)*scale, scale), c)
				}
			}
		}
		y -= glyphAdv * scale
	}
}
