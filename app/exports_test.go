package app

import (
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models/petitions"
)

// csvOf checks that r is a CSV download named like prefix and returns its rows.
func csvOf(t *testing.T, r response, prefix string) [][]string {
	t.Helper()
	r.is(t, http.StatusOK)
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || !strings.HasPrefix(params["filename"], prefix) || !strings.HasSuffix(params["filename"], ".csv") {
		t.Errorf("Content-Disposition = %q", r.header.Get("Content-Disposition"))
	}
	body, ok := strings.CutPrefix(r.body, "\uFEFF")
	if !ok {
		t.Fatalf("no UTF-8 BOM: %q", r.body[:min(len(r.body), 20)])
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestPetitionsCSV(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.comment("fan@example.com", "김영희", "")
	evil, err := petitions.FilePetition(s.db, s.residentUser.ID, petitions.Input{Title: `=HYPERLINK("http://evil.example","보기")`, Category: "자치행정",
		Body: "수식으로 시작하는 제목이 엑셀에서 실행되지 않아야 합니다. 내용을 채웁니다."}, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}

	s.admin.get("/admin").has(t, "청원 목록 CSV")
	rows := csvOf(t, s.staff.get("/admin/exports/petitions.csv"), "ydp1-petitions-")
	if len(rows) != 3 || strings.Join(rows[0], ",") != "id,제목,분야,행정동,상태,공감 수,기준,등록일,공개일,마감일,답변일" {
		t.Fatalf("rows = %v", rows)
	}
	open := rows[1]
	if open[0] != strconv.Itoa(int(s.petition.ID)) || open[1] != s.petition.Title || open[2] != "도시" || open[3] != "문래동" ||
		open[4] != "진행중" || open[5] != "1" || open[6] != "100" || open[8] == "" || open[9] == "" || open[10] != "" {
		t.Errorf("open petition row = %v", open)
	}
	if got := rows[2]; got[1] != `'=HYPERLINK("http://evil.example","보기")` || got[4] != "검토중" || got[6] != "" || got[8] != "" {
		t.Errorf("formula title row = %v (petition %d)", got, evil.ID)
	}
}

func TestDongsCSV(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.comment("a@example.com", "김영희", "찬성")
	s.comment("b@example.com", "이철수", "")
	path := "/admin/exports/petitions/" + strconv.Itoa(int(s.petition.ID)) + "/dongs.csv"
	if got := s.staff.get(s.page()).link(t, "행정동별 공감 CSV 내려받기"); got != path {
		t.Errorf("petition page links %s", got)
	}
	s.browser().get(s.page()).rendered(t, http.StatusOK, s.petition.Title).lacks(t, "CSV 내려받기")

	r := s.staff.get(path)
	rows := csvOf(t, r, "ydp1-petition-"+strconv.Itoa(int(s.petition.ID))+"-dongs-")
	counts := map[string]string{}
	for _, row := range rows[1:] {
		counts[row[0]] = row[1]
	}
	if rows[0][0] != "행정동" || counts["여의동"] != "2" || counts["문래동"] != "0" || counts["합계"] != "2" {
		t.Errorf("rows = %v", rows)
	}
	r.rendered(t, http.StatusOK, "행정동,").lacks(t, "김영희", "이철수", "a@example.com", "찬성")
	s.staff.get("/admin/exports/petitions/99999/dongs.csv").is(t, http.StatusNotFound)
}

func TestExportGuards(t *testing.T) {
	s := newPeopleSite(t, 3)
	guardsHold(t, s.testSite, s.resident,
		"GET /admin/exports/petitions.csv",
		"GET /admin/exports/petitions/"+strconv.Itoa(int(s.petition.ID))+"/dongs.csv",
	)
}

// A staff member reading English downloads the petitions with English
// headings and states; the titles stay as residents wrote them.
func TestPetitionsCSVInEnglish(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.staff.get("/language/en")
	rows := csvOf(t, s.staff.get("/admin/exports/petitions.csv"), "ydp1-petitions-")
	if got := strings.Join(rows[0], ","); got != "ID,Title,Topic,Neighbourhood (dong),Status,Supports,Threshold,Filed,Published,Closes,Answered" {
		t.Errorf("header = %s", got)
	}
	if got := rows[1]; got[1] != s.petition.Title || got[4] != "Open" {
		t.Errorf("row = %v", got)
	}
}
