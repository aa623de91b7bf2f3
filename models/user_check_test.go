package models

import (
	"strings"
	"testing"
)

// The sign-up form and the staff form refuse names and addresses alike,
// each with its own bounds and example.
func TestCheckEmailAndName(t *testing.T) {
	errs := Errors{}
	if got := checkEmail(errs, "  Hong@Example.COM ", "x@y.kr"); got != "hong@example.com" || len(errs) != 0 {
		t.Errorf("checkEmail gave %q, %v", got, errs)
	}
	for email, want := range map[string]string{"": "이메일을 입력해 주세요.", "hong": "이메일 형식이 올바르지 않습니다. 예: x@y.kr"} {
		errs := Errors{}
		checkEmail(errs, email, "x@y.kr")
		if errs["email"] != want {
			t.Errorf("checkEmail(%q): %q, want %q", email, errs["email"], want)
		}
	}
	for _, c := range []struct {
		name  string
		least int
		want  string
	}{
		{" 김 ", 2, "이름은 2자 이상 20자 이하로 입력해 주세요."},
		{" 김 ", 1, ""},
		{"", 1, "이름을 입력해 주세요."},
		{strings.Repeat("김", 21), 2, "이름은 2자 이상 20자 이하로 입력해 주세요."},
		{strings.Repeat("김", 21), 1, "이름은 20자 이하로 입력해 주세요."},
		{strings.Repeat("김", 20), 2, ""},
	} {
		errs := Errors{}
		if got := checkName(errs, c.name, c.least); got != strings.TrimSpace(c.name) || errs["name"] != c.want {
			t.Errorf("checkName(%q, %d) = %q, %q; want %q", c.name, c.least, got, errs["name"], c.want)
		}
	}
}
