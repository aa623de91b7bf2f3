package opinionmap

import "cmp"

// AdjustedRandIndex measures how far two partitions of the same items agree:
// 1 when they are the same up to the names of the parts, about 0 for chance
// agreement (Hubert and Arabie, 1985). a[i] and b[i] are item i's parts.
// Fewer than two items agree trivially.
func AdjustedRandIndex(a, b []int) float64 {
	if len(a) < 2 {
		return 1
	}
	type pair struct{ x, y int }
	joint := map[pair]int64{}
	ca, cb := map[int]int64{}, map[int]int64{}
	for i := range a {
		joint[pair{a[i], b[i]}]++
		ca[a[i]]++
		cb[b[i]]++
	}
	// pair counts are whole numbers: summed exactly, whatever the map order
	c2 := func(n int64) int64 { return n * (n - 1) / 2 }
	var index, sa, sb int64
	for _, n := range joint {
		index += c2(n)
	}
	for _, n := range ca {
		sa += c2(n)
	}
	for _, n := range cb {
		sb += c2(n)
	}
	expected := float64(sa) * float64(sb) / float64(c2(int64(len(a))))
	maxIndex := float64(sa+sb) / 2
	if cmp.Compare(maxIndex, expected) == 0 {
		return 1
	}
	return (float64(index) - expected) / (maxIndex - expected)
}
