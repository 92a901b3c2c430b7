package dataset_test

import (
	"fmt"
	"strings"

	"github.com/corerec/corerec/dataset"
)

func ExampleLeaveOneOut() {
	const csv = `user_id,item_id,timestamp
alice,tea,30
alice,bread,10
bob,milk,5
alice,jam,20
alice,butter,40
bob,tea,6
`
	d, err := dataset.Read(strings.NewReader(csv), "shop.csv", dataset.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := dataset.LeaveOneOut(d)
	for u, train := range s.Train {
		fmt.Print(d.Users.ID(int32(u)), ": train")
		for _, i := range train {
			fmt.Print(" ", d.Items.ID(i))
		}
		if s.Test[u] >= 0 {
			fmt.Print("; valid ", d.Items.ID(s.Valid[u]), "; test ", d.Items.ID(s.Test[u]))
		}
		fmt.Println()
	}
	fmt.Printf("%d evaluable, %d short\n", s.Stats.Evaluable, s.Stats.Short)
	// Output:
	// alice: train bread jam; valid tea; test butter
	// bob: train milk tea
	// 1 evaluable, 1 short
}

func ExampleParseError() {
	_, err := dataset.Read(strings.NewReader("user,item,timestamp\nu1,i1,12\nu1,i2,abc\n"), "u.csv", dataset.LoadOptions{})
	fmt.Println(err)
	// Output:
	// dataset: u.csv:3: column "timestamp": not an integer: "abc"
}
