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

// placeIDs are the message ids (views/i18n/place.*.toml) of the names of the
// 행정동, the 권역 and the categories: the names stay Korean where they are
// stored, and pages show them in the visitor's language through PlaceID.
var placeIDs = map[string]string{
	"영등포본동":     "place.dong.yeongdeungpobon",
	"영등포동":      "place.dong.yeongdeungpo",
	"여의동":       "place.dong.yeoui",
	"당산1동":      "place.dong.dangsan1",
	"당산2동":      "place.dong.dangsan2",
	"도림동":       "place.dong.dorim",
	"문래동":       "place.dong.mullae",
	"양평1동":      "place.dong.yangpyeong1",
	"양평2동":      "place.dong.yangpyeong2",
	"신길1동":      "place.dong.singil1",
	"신길3동":      "place.dong.singil3",
	"신길4동":      "place.dong.singil4",
	"신길5동":      "place.dong.singil5",
	"신길6동":      "place.dong.singil6",
	"신길7동":      "place.dong.singil7",
	"대림1동":      "place.dong.daerim1",
	"대림2동":      "place.dong.daerim2",
	"대림3동":      "place.dong.daerim3",
	DongOutside: "place.dong.outside",

	"신길6·대림권역":      "place.region.singil6_daerim",
	"영등포·당산·양평권역":   "place.region.yeongdeungpo_dangsan_yangpyeong",
	"신길권역":          "place.region.singil",
	"영등포본동·도림·문래권역": "place.region.yeongdeungpobon_dorim_mullae",
	"여의권역":          "place.region.yeoui",

	"생활환경·교통안전": "place.category.living",
	"도시":        "place.category.urban",
	"복지보건·다문화":  "place.category.welfare",
	"교육문화":      "place.category.education",
	"자치행정":      "place.category.administration",
	"지역경제·일자리":  "place.category.economy",
}

// PlaceID is the message id of the name of a 행정동, 권역 or category, or
// the name itself if it is none of them (a place typed by hand).
func PlaceID(name string) string {
	if id, ok := placeIDs[name]; ok {
		return id
	}
	return name
}
