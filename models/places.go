package models

import "slices"

// Dongs are the 18 행정동 of 영등포구 in the district's own order (there is no 신길2동).
var Dongs = []string{
	"영등포본동", "영등포동", "여의동", "당산1동", "당산2동", "도림동", "문래동", "양평1동", "양평2동",
	"신길1동", "신길3동", "신길4동", "신길5동", "신길6동", "신길7동", "대림1동", "대림2동", "대림3동",
}

// DongOutside is chosen by people who live outside the district (they may work or study in it).
const DongOutside = "구외 거주"

// ResidentDongs are the choices of 거주 행정동 on the sign-up form.
var ResidentDongs = append(append([]string{}, Dongs...), DongOutside)

// Regions are the 권역 used for regional sessions.
var Regions = []struct {
	Name  string
	Dongs []string
}{
	{"신길6·대림권역", []string{"신길6동", "대림1동", "대림2동", "대림3동"}},
	{"영등포·당산·양평권역", []string{"영등포동", "당산1동", "당산2동", "양평1동", "양평2동"}},
	{"신길권역", []string{"신길1동", "신길4동", "신길5동", "신길7동"}},
	{"영등포본동·도림·문래권역", []string{"영등포본동", "도림동", "문래동", "신길3동"}},
	{"여의권역", []string{"여의동"}},
}

// Categories are 영등포구's own petition fields.
var Categories = []string{
	"생활환경·교통안전", "도시", "복지보건·다문화", "교육문화", "자치행정", "지역경제·일자리",
}

// MaxDepartment is the longest name of a 구청 department the forms take (교통행정과,
// 도시디자인과): opinions are handled, and ideas carried out, by one.
const MaxDepartment = 50

// IsDong reports whether s is one of the 18 행정동.
func IsDong(s string) bool { return slices.Contains(Dongs, s) }

// IsResidentDong reports whether s is a valid 거주 행정동 choice.
func IsResidentDong(s string) bool { return slices.Contains(ResidentDongs, s) }

// IsCategory reports whether s is one of the six categories.
func IsCategory(s string) bool { return slices.Contains(Categories, s) }
