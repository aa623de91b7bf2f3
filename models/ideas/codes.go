package ideas

// AwardGrades are the award grades, highest first. They are stored in
// Korean, as the database has always kept them; GradeID names each in the
// reader's language.
var AwardGrades = []string{"최우수", "우수", "장려", "노력"}

var gradeIDs = map[string]string{
	"최우수": "ideas.grade.top", "우수": "ideas.grade.excellence", "장려": "ideas.grade.encouragement", "노력": "ideas.grade.effort",
}

// GradeID is the message id of an award grade, or the grade as it is
// stored if it has none.
func GradeID(grade string) string {
	if id, ok := gradeIDs[grade]; ok {
		return id
	}
	return grade
}
