package modelpack

import (
	"math"

	"github.com/vmihailenco/msgpack/v5"
)

// encodeManifest writes the manifest map with a fixed key order and sorted
// map keys, so equal manifests give equal bytes. The msgpack tags on
// Manifest name the same keys (a test checks both agree).
func encodeManifest(enc *msgpack.Encoder, m *Manifest) error {
	t := &m.Training
	return firstErr(
		enc.EncodeMapLen(8),
		enc.EncodeString("kind"), enc.EncodeString(m.Kind),
		enc.EncodeString("name"), enc.EncodeString(m.Name),
		enc.EncodeString("created_at"), encodeTime(enc, m),
		enc.EncodeString("dim"), enc.EncodeInt(int64(m.Dim)),
		enc.EncodeString("metric"), enc.EncodeString(m.Metric),
		enc.EncodeString("training"), enc.EncodeMapLen(7),
		enc.EncodeString("source"), enc.EncodeString(t.Source),
		enc.EncodeString("users"), enc.EncodeInt(int64(t.Users)),
		enc.EncodeString("items"), enc.EncodeInt(int64(t.Items)),
		enc.EncodeString("interactions"), enc.EncodeInt(int64(t.Interactions)),
		enc.EncodeString("params"), encodeStrMap(enc, t.Params),
		enc.EncodeString("epochs"), enc.EncodeInt(int64(t.Epochs)),
		enc.EncodeString("seconds"), enc.EncodeFloat64(t.Seconds),
		enc.EncodeString("metrics"), encodeFloatMap(enc, m.Metrics),
		enc.EncodeString("extra"), encodeStrMap(enc, m.Extra),
	)
}

// encodeTime writes CreatedAt as a msgpack timestamp, or nil when zero.
func encodeTime(enc *msgpack.Encoder, m *Manifest) error {
	if m.CreatedAt.IsZero() {
		return enc.EncodeNil()
	}
	return enc.EncodeTime(m.CreatedAt)
}

func encodeStrMap(enc *msgpack.Encoder, m map[string]string) error {
	if m == nil {
		return enc.EncodeNil()
	}
	err := enc.EncodeMapLen(len(m))
	for _, k := range sortedKeys(m) {
		err = firstErr(err, enc.EncodeString(k), enc.EncodeString(m[k]))
	}
	return err
}

func encodeFloatMap(enc *msgpack.Encoder, m map[string]float64) error {
	if m == nil {
		return enc.EncodeNil()
	}
	err := enc.EncodeMapLen(len(m))
	for _, k := range sortedKeys(m) {
		err = firstErr(err, enc.EncodeString(k), enc.EncodeFloat64(m[k]))
	}
	return err
}

// manifest decodes the manifest map; unknown keys are skipped (a newer
// minor version may add fields).
func (r *mpReader) manifest() (m Manifest, err error) {
	n, err := r.mapLen()
	for i := 0; i < n && err == nil; i++ {
		var k []byte
		if k, err = r.strBytes(); err != nil {
			break
		}
		switch string(k) {
		case "kind":
			m.Kind, err = r.str()
		case "name":
			m.Name, err = r.str()
		case "created_at":
			if !r.nilNext() {
				m.CreatedAt, err = r.timev()
			}
		case "dim":
			m.Dim, err = r.intv()
		case "metric":
			m.Metric, err = r.str()
		case "training":
			m.Training, err = r.training()
		case "metrics":
			m.Metrics, err = r.floatMap(MaxMapEntries)
		case "extra":
			m.Extra, err = r.strMap(MaxMapEntries)
		default:
			err = r.skip(1)
		}
	}
	return m, err
}

func (r *mpReader) training() (t Training, err error) {
	if r.nilNext() {
		return t, nil
	}
	n, err := r.mapLen()
	for i := 0; i < n && err == nil; i++ {
		var k []byte
		if k, err = r.strBytes(); err != nil {
			break
		}
		switch string(k) {
		case "source":
			t.Source, err = r.str()
		case "users":
			t.Users, err = r.intv()
		case "items":
			t.Items, err = r.intv()
		case "interactions":
			t.Interactions, err = r.intv()
		case "params":
			t.Params, err = r.strMap(MaxMapEntries)
		case "epochs":
			t.Epochs, err = r.intv()
		case "seconds":
			t.Seconds, err = r.float64v()
		default:
			err = r.skip(1)
		}
	}
	return t, err
}

// intv reads an integer that must fit this platform's int.
func (r *mpReader) intv() (int, error) {
	v, err := r.int64v()
	if err == nil && (v > math.MaxInt || v < math.MinInt) {
		err = r.fail("integer %d overflows int", v)
	}
	return int(v), err
}

// strMap reads a map[string]string of at most limit entries (nil stays nil).
func (r *mpReader) strMap(limit int) (map[string]string, error) {
	if r.nilNext() {
		return nil, nil
	}
	n, err := r.mapLen()
	if err == nil && n > limit {
		err = r.fail("map of %d entries exceeds %d", n, limit)
	}
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, n)
	for i := 0; i < n; i++ {
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		if m[k], err = r.str(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// floatMap reads a map[string]float64 of at most limit entries.
func (r *mpReader) floatMap(limit int) (map[string]float64, error) {
	if r.nilNext() {
		return nil, nil
	}
	n, err := r.mapLen()
	if err == nil && n > limit {
		err = r.fail("map of %d entries exceeds %d", n, limit)
	}
	if err != nil {
		return nil, err
	}
	m := make(map[string]float64, n)
	for i := 0; i < n; i++ {
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		if m[k], err = r.float64v(); err != nil {
			return nil, err
		}
	}
	return m, nil
}
