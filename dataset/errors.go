package dataset

import (
	"errors"
	"fmt"
	"strconv"
)

// Errors wrapped by the errors this package returns; test with errors.Is.
var (
	// ErrMalformed is wrapped by every ParseError about the content of a row
	// or header.
	ErrMalformed = errors.New("malformed input")
	// ErrLineTooLong is wrapped by the ParseError of a line longer than the
	// configured cap.
	ErrLineTooLong = errors.New("line too long")
	// ErrDuplicateID is returned by IDMapOf when an id occurs twice.
	ErrDuplicateID = errors.New("duplicate id")
	// ErrUnknownFormat is returned for a Format value this package does not know.
	ErrUnknownFormat = errors.New("unknown format")
)

// ParseError reports a malformed line of an input file. Line is 1-based;
// Column names the column (header name or role) when one is at fault.
type ParseError struct {
	File   string
	Line   int
	Column string
	Msg    string
	// Err is the sentinel this error wraps: ErrMalformed or ErrLineTooLong.
	Err error
}

// Error formats the error as
// `dataset: u.csv:17: column "timestamp": not an integer: "abc"`.
func (e *ParseError) Error() string {
	s := "dataset: " + e.File + ":" + strconv.Itoa(e.Line) + ": "
	if e.Column != "" {
		s += "column " + strconv.Quote(e.Column) + ": "
	}
	return s + e.Msg
}

// Unwrap returns the sentinel (ErrMalformed or ErrLineTooLong).
func (e *ParseError) Unwrap() error { return e.Err }

// parseErr builds a ParseError wrapping ErrMalformed.
func parseErr(file string, line int, column, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...), Err: ErrMalformed}
}

// tooLong builds the ParseError of a line over the cap.
func tooLong(file string, line, max int) *ParseError {
	return &ParseError{File: file, Line: line, Msg: fmt.Sprintf("line longer than %d bytes", max), Err: ErrLineTooLong}
}
