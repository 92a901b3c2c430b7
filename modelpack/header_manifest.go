package modelpack

import "math"

// encodeManifest writes the manifest map with a fixed key order and sorted
// map keys, so equal manifests give equal bytes. The msgpack tags on
// Manifest name the same keys (a test checks both agree).
func encodeManifest(w *mpWriter, m *Manifest) {
	t := &m.Training
	w.mapLen(8)
	w.str("kind")
	w.str(m.Kind)
	w.str("name")
	w.str(m.Name)
	w.str("created_at")
	if m.CreatedAt.IsZero() {
		w.nilv()
	} else {
		w.time(m.CreatedAt)
	}
	w.str("dim")
	w.int(int64(m.Dim))
	w.str("metric")
	w.str(m.Metric)
	w.str("training")
	w.mapLen(7)
	w.str("source")
	w.str(t.Source)
	for _, f := range []struct {
		key string
		v   int
	}{{"users", t.Users}, {"items", t.Items}, {"interactions", t.Interactions}} {
		w.str(f.key)
		w.int(int64(f.v))
	}
	w.str("params")
	encodeStrMap(w, t.Params)
	w.str("epochs")
	w.int(int64(t.Epochs))
	w.str("seconds")
	w.float64(t.Seconds)
	w.str("metrics")
	encodeFloatMap(w, m.Metrics)
	w.str("extra")
	encodeStrMap(w, m.Extra)
}

func encodeStrMap(w *mpWriter, m map[string]string) {
	if m == nil {
		w.nilv()
		return
	}
	w.mapLen(len(m))
	for _, k := range sortedKeys(m) {
		w.str(k)
		w.str(m[k])
	}
}

func encodeFloatMap(w *mpWriter, m map[string]float64) {
	if m == nil {
		w.nilv()
		return
	}
	w.mapLen(len(m))
	for _, k := range sortedKeys(m) {
		w.str(k)
		w.float64(m[k])
	}
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
