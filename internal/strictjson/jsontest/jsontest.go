// Package jsontest holds a decode function written with strictjson to encoding/json, for the differential
// tests of every package with such functions. Only tests import it.
//
// # Concurrency
//
// Same is safe for concurrent use.
package jsontest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/corerec/corerec/internal/strictjson"
)

// Reference decodes data into v as the project's specs were decoded before strictjson: encoding/json's
// Decoder with DisallowUnknownFields, then nothing but white space.
func Reference(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return &json.SyntaxError{}
	}
	return nil
}

// Same decodes data into a T with decode and with Reference and fails the test unless both fail or both
// succeed with equal values. lenient, when not nil, excuses a strictjson error that encoding/json does not
// have when it returns true for that error (a documented narrowing, such as strictjson.Decoder.Time's).
func Same[T any](t testing.TB, data []byte, decode func(*T, *strictjson.Decoder) error, lenient func(error) bool) {
	t.Helper()
	var want, got T
	errWant := Reference(data, &want)
	errGot := strictjson.Decode(data, func(d *strictjson.Decoder) error { return decode(&got, d) })
	if errWant == nil && errGot != nil && lenient != nil && lenient(errGot) {
		return
	}
	if (errWant == nil) != (errGot == nil) {
		t.Fatalf("%T from %q: encoding/json error %v, strictjson error %v", got, data, errWant, errGot)
	}
	if errWant == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("%T from %q:\nencoding/json %#v\nstrictjson    %#v", got, data, want, got)
	}
}
