package models

// MaskName hides a person's name for public display, keeping the first and
// last letter: 홍길동 → 홍*동, 남궁민수 → 남**수, 김철 → 김*.
func MaskName(name string) string {
	r := []rune(name)
	switch len(r) {
	case 0:
		return "익명"
	case 1:
		return string(r) + "*"
	case 2:
		return string(r[0]) + "*"
	}
	out := []rune{r[0]}
	for range r[1 : len(r)-1] {
		out = append(out, '*')
	}
	return string(append(out, r[len(r)-1]))
}
