package fmtlite

import "errors"

func errorf(format string, a []any) error {
	p := printer{}
	p.printf(format, a)
	switch len(p.wrapped) {
	case 0:
		return errors.New(string(p.buf))
	case 1:
		return &wrapError{msg: string(p.buf), err: p.wrapped[0]}
	}
	return &wrapErrors{msg: string(p.buf), errs: p.wrapped}
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

type wrapErrors struct {
	msg  string
	errs []error
}

func (e *wrapErrors) Error() string   { return e.msg }
func (e *wrapErrors) Unwrap() []error { return e.errs }
