package main

import (
	"fmt"
	"os"

	"github.com/corerec/corerec/dataset"
)

// readHistories reads a history file (user<TAB>item,item,..., oldest first) and returns its users in file
// order with their histories. A user listed twice is an error.
func readHistories(path string) ([]string, map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	lists, err := dataset.ReadLists(f, path)
	if err != nil {
		return nil, nil, err
	}
	users := make([]string, 0, len(lists))
	hists := make(map[string][]string, len(lists))
	for _, l := range lists {
		if _, dup := hists[l.User]; dup {
			return nil, nil, fmt.Errorf("%s: user %q is listed twice", path, l.User)
		}
		users = append(users, l.User)
		hists[l.User] = l.Items
	}
	return users, hists, nil
}
