package petitions

// The lists staff and residents pick from are stored in Korean, as the
// database has always kept them; the catalogs name each in every language
// (HideReasonID, ReportReasonID, ProgressUpdate.KindID, Answer.AnswererID).

// ReasonOther is the "other" of the hide and the report reasons: it needs a note.
const ReasonOther = "기타"

// HideReasons are the codes staff give when they refuse or take down a petition.
var HideReasons = []string{"개인정보 포함", "명예훼손", "중복", "욕설·비방", "광고", "권한 밖", ReasonOther}

// hideReasonIDs are the catalog ids of the reasons' names.
var hideReasonIDs = map[string]string{
	"개인정보 포함":   "petitions.hide_reason.personal_info",
	"명예훼손":      "petitions.hide_reason.defamation",
	"중복":        "petitions.hide_reason.duplicate",
	"욕설·비방":     "petitions.hide_reason.abuse",
	"광고":        "petitions.hide_reason.advertising",
	"권한 밖":      "petitions.hide_reason.out_of_scope",
	ReasonOther: "petitions.hide_reason.other",
}

// HideReasonID is the catalog id of a hide reason, or the reason as it is
// stored if it has none.
func HideReasonID(reason string) string {
	if id, ok := hideReasonIDs[reason]; ok {
		return id
	}
	return reason
}

// ReportReasons are the reasons a resident can give.
var ReportReasons = []string{"개인정보 노출", "명예훼손", "욕설·비방", "광고·스팸", ReasonOther}

// reportReasonIDs are the catalog ids of the reasons' names.
var reportReasonIDs = map[string]string{
	"개인정보 노출":   "petitions.report_reason.personal_info",
	"명예훼손":      "petitions.report_reason.defamation",
	"욕설·비방":     "petitions.report_reason.abuse",
	"광고·스팸":     "petitions.report_reason.spam",
	ReasonOther: "petitions.report_reason.other",
}

// ReportReasonID is the catalog id of a report reason, or the reason as it
// is stored if it has none.
func ReportReasonID(reason string) string {
	if id, ok := reportReasonIDs[reason]; ok {
		return id
	}
	return reason
}

// ProgressKinds are the kinds of progress update staff post.
var ProgressKinds = []string{"부서 검토", "현장 방문", "미래비전위원회 심의", ReasonOther}

// progressKindIDs are the catalog ids of the kinds' names.
var progressKindIDs = map[string]string{
	"부서 검토":      "petitions.progress_kind.dept_review",
	"현장 방문":      "petitions.progress_kind.site_visit",
	"미래비전위원회 심의": "petitions.progress_kind.committee",
	ReasonOther:  "petitions.progress_kind.other",
}

// ProgressKindID is the catalog id of a progress update's kind, or the
// kind as it is stored if it has none.
func ProgressKindID(kind string) string {
	if id, ok := progressKindIDs[kind]; ok {
		return id
	}
	return kind
}

// DefaultAnswerer signs an answer unless staff name someone else.
const DefaultAnswerer = "영등포구청장"
