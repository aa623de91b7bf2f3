package petitions_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// Fuzz targets of the petition form; see fuzz_test.go.

func FuzzPetitionValidate(f *testing.F) {
	body := "문래동 골목길에 가로등이 부족해 밤길이 어둡습니다. 가로등을 더 설치해 주세요."
	f.Add("가로등을 더 설치해 주세요", models.Categories[0], "문래동", body)
	f.Add("  여의도 공원 화장실 개선  ", "자치행정", "", "여의도 공원 화장실이 낡고 좁아 주말마다 줄이 깁니다.\r\n개선해 주세요.")
	f.Add(strings.Repeat("가", 101), "도시", "신길2동", "짧음")
	f.Add("\u3000\t", "없는 분야", models.DongOutside, strings.Repeat("글", 5001))
	f.Fuzz(func(t *testing.T, title, category, dong, body string) {
		in := petitions.Input{Title: title, Category: category, Dong: dong, Body: body}
		errs := in.Validate()
		modeltest.AllowedFields(t, errs, "title", "category", "dong", "body")
		if len(errs) > 0 {
			return
		}
		n := utf8.RuneCountInString(in.Title)
		if in.Title != strings.TrimSpace(in.Title) || n == 0 || n > petitions.MaxTitle {
			t.Fatalf("accepted title %q (%d runes)", in.Title, n)
		}
		if n := utf8.RuneCountInString(in.Body); n < petitions.MinBody || n > petitions.MaxBody {
			t.Fatalf("accepted body of %d runes", n)
		}
		if !models.IsCategory(in.Category) || (in.Dong != "" && !models.IsDong(in.Dong)) {
			t.Fatalf("accepted category %q dong %q", in.Category, in.Dong)
		}
	})
}
