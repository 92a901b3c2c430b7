package dataset

import (
	"bufio"
	"bytes"
	"io"
)

// capReader passes bytes through while counting lines and fails with a
// ParseError wrapping ErrLineTooLong as soon as one line exceeds max bytes
// (the '\n' excluded, a '\r' before it included), so no reader above it buffers more than that.
type capReader struct {
	r       io.Reader
	name    string
	max     int
	newline int // newlines seen
	cur     int // bytes since the last newline
	err     error
}

func newCapReader(r io.Reader, name string, max int) *capReader {
	return &capReader{r: r, name: name, max: max}
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		seg := n - i
		if j >= 0 {
			seg = j
		}
		if c.cur+seg > c.max {
			c.err = tooLong(c.name, c.newline+1, c.max)
			return i, c.err
		}
		if j < 0 {
			c.cur += seg
			break
		}
		c.newline++
		c.cur = 0
		i += j + 1
	}
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// lines returns the number of lines read so far, a last line without a
// newline included.
func (c *capReader) lines() int {
	if c.cur > 0 {
		return c.newline + 1
	}
	return c.newline
}

// lineReader returns lines without their "\n" or "\r\n".
type lineReader struct {
	br   *bufio.Reader
	line int    // number of the line last returned
	buf  []byte // holds lines longer than br's buffer
}

// next returns the next line, io.EOF at the end, or the error of the
// underlying reader. The returned slice is valid until the next call.
func (l *lineReader) next() ([]byte, error) {
	b, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.buf = append(l.buf[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = l.br.ReadSlice('\n')
			l.buf = append(l.buf, b...)
		}
		b = l.buf
	}
	if err != nil && (err != io.EOF || len(b) == 0) {
		return nil, err
	}
	l.line++
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'}), nil
}

// skippable reports blank lines and '#' comments.
func skippable(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	return len(t) == 0 || t[0] == '#'
}

// nextField splits off the first field of b separated by spaces or tabs.
func nextField(b []byte) (field, rest []byte) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	j := i
	for j < len(b) && b[j] != ' ' && b[j] != '\t' {
		j++
	}
	return b[i:j], b[j:]
}
