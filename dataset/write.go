package dataset

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes d's rows in file order as CSV with original ids: columns
// user,item, then timestamp when d.HasTime and rating when d.HasRating.
// Read gives the same ids and rows back; ids it could not (empty, with
// surrounding spaces, or a user id starting with '#') are an error.
func WriteCSV(w io.Writer, d *Dataset) error {
	cw := csv.NewWriter(w)
	header := []string{"user", "item"}
	if d.HasTime {
		header = append(header, "timestamp")
	}
	if d.HasRating {
		header = append(header, "rating")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, r := range d.Rows {
		user, item := d.Users.ID(r.User), d.Items.ID(r.Item)
		if err := checkCSVID(user, true); err != nil {
			return err
		}
		if err := checkCSVID(item, false); err != nil {
			return err
		}
		rec = append(rec[:0], user, item)
		if d.HasTime {
			rec = append(rec, strconv.FormatInt(r.Time, 10))
		}
		if d.HasRating {
			rec = append(rec, strconv.FormatFloat(float64(r.Rating), 'g', -1, 32))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkCSVID rejects ids that Read would not give back unchanged.
func checkCSVID(id string, first bool) error {
	if id == "" || strings.TrimSpace(id) != id || (first && id[0] == '#') {
		return fmt.Errorf("dataset: id %q cannot be written to CSV", id)
	}
	return nil
}
