package petitions_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// readCSV checks the BOM and parses the rest.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("CSV does not start with a UTF-8 BOM: %q", b[:min(len(b), 10)])
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWritePetitionsCSV(t *testing.T) {
	db := modeltest.NewDB(t)
	open := modeltest.MkOpen(t, db, 2, modeltest.T0)
	modeltest.WantErr(t, db.Model(&petitions.Petition{}).Where("id = ?", open.ID).Update("title", `=HYPERLINK("http://evil","클릭")`).Error, nil)
	answered := modeltest.MkOpen(t, db, 1, modeltest.T0)
	modeltest.MustSupport(t, db, answered, modeltest.MkUser(t, db), modeltest.T0.Add(time.Hour))
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	modeltest.WantErr(t, petitions.AnswerPetition(db, answered.ID, staff.ID, petitions.AnswerInput{Body: "답변드립니다.", Answerer: "영등포구청장"}, modeltest.T0.Add(2*modeltest.Day)), nil)
	draft := modeltest.FilePetition(t, db, modeltest.T0)

	var buf bytes.Buffer
	// 31 days on, the open one has expired though the sweep has not run
	modeltest.WantErr(t, petitions.WritePetitionsCSV(db, &buf, modeltest.T0.Add(31*modeltest.Day), inLang("ko")), nil)
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 4 {
		t.Fatalf("%d rows, want header + 3", len(rows))
	}
	if got := strings.Join(rows[0], ","); got != "id,제목,분야,행정동,상태,공감 수,기준,등록일,공개일,마감일,답변일" {
		t.Errorf("header = %s", got)
	}
	want := [][]string{
		{csvID(open.ID), `'=HYPERLINK("http://evil","클릭")`, models.Categories[0], "문래동", "기간만료", "0", "2", "2024-03-04 10:00", "2024-03-04 10:00", "2024-04-03 10:00", ""},
		{csvID(answered.ID), "가로등을 더 설치해 주세요", models.Categories[0], "문래동", "답변완료", "1", "1", "2024-03-04 10:00", "2024-03-04 10:00", "2024-04-03 10:00", "2024-03-06 10:00"},
		// filed under MkOpen's settings: a 사전동의 goal of 0 sends it straight to 검토
		{csvID(draft.ID), "가로등을 더 설치해 주세요", models.Categories[0], "문래동", "검토중", "0", "", "2024-03-04 10:00", "", "", ""},
	}
	for i, w := range want {
		if got := strings.Join(rows[i+1], "|"); got != strings.Join(w, "|") {
			t.Errorf("row %d\n got %s\nwant %s", i+1, got, strings.Join(w, "|"))
		}
	}

	// a staff member reading English gets English headings, states and places
	buf.Reset()
	modeltest.WantErr(t, petitions.WritePetitionsCSV(db, &buf, modeltest.T0.Add(31*modeltest.Day), inLang("en")), nil)
	rows = readCSV(t, buf.Bytes())
	if got := strings.Join(rows[0], ","); got != "ID,Title,Topic,Neighbourhood (dong),Status,Supports,Threshold,Filed,Published,Closes,Answered" {
		t.Errorf("English header = %s", got)
	}
	if got := rows[1]; got[1] != `'=HYPERLINK("http://evil","클릭")` || got[3] != "Mullae-dong" || got[4] != "Closed" {
		t.Errorf("English row = %v", got)
	}
}

// inLang gives a message id in the language of code, as the pages do.
func inLang(code string) func(string) string {
	l := lang.ByCode(code)
	return func(id string) string { return l.T(id) }
}

func TestWriteDongsCSV(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	for _, dong := range []string{"문래동", "문래동", "여의동", models.DongOutside, "신길2동"} {
		u := modeltest.MkUser(t, db, func(u *models.User) { u.Dong = dong })
		modeltest.MustSupport(t, db, p, u, modeltest.T0.Add(time.Hour))
	}
	var buf bytes.Buffer
	modeltest.WantErr(t, petitions.WriteDongsCSV(db, &buf, p.ID, inLang("ko")), nil)
	rows := readCSV(t, buf.Bytes())
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r[1]
	}
	if len(rows) != 1+len(models.ResidentDongs)+1+1 || rows[0][0] != "행정동" || rows[1][0] != models.Dongs[0] {
		t.Errorf("rows = %v", rows)
	}
	for dong, n := range map[string]string{"문래동": "2", "여의동": "1", models.DongOutside: "1", "신길2동": "1", "대림3동": "0", "합계": "5"} {
		if got[dong] != n {
			t.Errorf("%s = %q, want %s", dong, got[dong], n)
		}
	}
	if last := rows[len(rows)-1]; last[0] != "합계" {
		t.Errorf("last row = %v", last)
	}
	if strings.Contains(buf.String(), "@") {
		t.Error("the tally holds something like an email address")
	}
}

func csvID(n uint) string { return strconv.Itoa(int(n)) }
