package synth_test

import (
	"fmt"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
)

func ExampleGenerate() {
	d := synth.Generate(synth.Config{Users: 100, Items: 50, Categories: 5, Seed: 1})
	split := dataset.LeaveOneOut(d.Dataset)
	fmt.Println(d.Dataset.Users.Len(), "users,", d.Dataset.Items.Len(), "items,", len(d.Categories), "categories")
	fmt.Println("evaluable users:", split.Stats.Evaluable)
	fmt.Println("first user:", d.Dataset.Users.ID(0), "first item:", d.Dataset.Items.ID(0), "in", d.Attributes.Category[0])
	// Output:
	// 100 users, 50 items, 5 categories
	// evaluable users: 100
	// first user: u0000 first item: i0000 in c03
}
