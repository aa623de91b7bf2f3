package app

import (
	"archive/zip"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/deliberations"
)

var deskDeliberationURL = regexp.MustCompile(`^/admin/deliberations/(\d+)$`)

// openDeliberation opens a 공론장 through the desk's form, as staff.
func (d *deskSite) openDeliberation(t *testing.T, title string, moderation deliberations.Moderation, seeds ...string) uint {
	t.Helper()
	now := time.Now()
	r := d.staff.submit("/admin/deliberations/new", "/admin/deliberations", url.Values{
		"title": {title}, "question": {"문래동 골목 주차, 무엇부터 바꿀까요?"}, "background": {"**주차난**이 심합니다."},
		"moderation": {string(moderation)}, "opens_at": {deliberations.FormTime(now.Add(-time.Hour))},
		"closes_at": {deliberations.FormTime(now.Add(7 * 24 * time.Hour))}, "seeds": {strings.Join(seeds, "\n")},
	})
	r.rendered(t, http.StatusOK, "공론장을 열었습니다", title)
	m := deskDeliberationURL.FindStringSubmatch(r.url)
	if m == nil {
		t.Fatalf("opening a 공론장 ended at %s", r.url)
	}
	id, _ := strconv.Atoi(m[1])
	return uint(id)
}

// resident makes a verified resident and logs them in.
func (d *deskSite) resident(t *testing.T, email, name string) (*browser, *models.User) {
	t.Helper()
	u, err := models.CreateVerifiedUser(d.db, email, "residentpass1", name, "문래동", models.RoleResident, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return d.logIn(email, "residentpass1"), u
}

var voteStatement = regexp.MustCompile(`name="statement_id" value="(\d+)"`)

// nextOn is the statement the page offers to vote on.
func nextOn(t *testing.T, r response) string {
	t.Helper()
	m := voteStatement.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("%s offers no statement to vote on:\n%s", r.url, excerpt(r.body))
	}
	return m[1]
}

func statementNamed(t *testing.T, d *deskSite, id uint, body string) *deliberations.Statement {
	t.Helper()
	all, err := deliberations.Statements(d.db, id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if all[i].Body == body {
			return &all[i]
		}
	}
	t.Fatalf("no statement %q", body)
	return nil
}

func TestDeliberationJourney(t *testing.T) {
	d := newDeskSite(t)
	seeds := []string{"거주자 우선 주차구역을 늘려야 합니다", "공영주차장을 지어 주세요", "골목에 화단을 놓아 주세요"}

	r := d.staff.submit("/admin/deliberations/new", "/admin/deliberations", url.Values{"question": {"물음만 적었습니다"}, "moderation": {"pre"}})
	r.rendered(t, http.StatusUnprocessableEntity, "제목을 입력해 주세요.", "시작 일시를 입력해 주세요.", "물음만 적었습니다")
	id := d.openDeliberation(t, "골목 주차 공론장", deliberations.ModerationPre, seeds...)
	page := "/deliberations/" + strconv.Itoa(int(id))
	d.staff.get("/admin/deliberations").rendered(t, http.StatusOK, "골목 주차 공론장", "진행 중")

	anon := d.browser()
	anon.get("/deliberations").rendered(t, http.StatusOK, "골목 주차 공론장", "진행 중")
	anon.get(page).rendered(t, http.StatusOK, "문래동 골목 주차, 무엇부터 바꿀까요?", "주차난", "로그인하고 참여하기").
		lacks(t, "모르겠음</button>", seeds[0])

	hong, _ := d.resident(t, "hong@example.com", "홍길동")
	r = hong.get(page)
	r.rendered(t, http.StatusOK, "의견에 투표하기", "data-vote-left>3</strong>개", "의견 쓰기", "담당자가 검토 후 공개됩니다")
	first := nextOn(t, r)

	// without script: the form posts and the page comes back with a message
	r = hong.submit(page, page+"/votes", url.Values{"statement_id": {first}, "value": {"agree"}})
	r.rendered(t, http.StatusOK, "투표했습니다.", "data-vote-left>2</strong>개", "내가 투표한 의견", "내 투표: <strong>동의</strong>")
	if r.url != page {
		t.Errorf("a vote ended at %s", r.url)
	}
	// a changed vote moves the counters
	r = hong.submit(page, page+"/votes", url.Values{"statement_id": {first}, "value": {"disagree"}, "from": {"mine"}})
	r.rendered(t, http.StatusOK, "투표했습니다.", "내 투표: <strong>비동의</strong>")
	sid, _ := strconv.Atoi(first)
	s, err := deliberations.FindStatement(d.db, uint(sid))
	if err != nil {
		t.Fatal(err)
	}
	if s.AgreeCount != 0 || s.DisagreeCount != 1 {
		t.Errorf("after a changed vote: 동의 %d, 비동의 %d", s.AgreeCount, s.DisagreeCount)
	}
	hong.submit(page, page+"/votes", url.Values{"statement_id": {first}, "value": {"maybe"}}).
		rendered(t, http.StatusOK, "동의, 비동의, 모르겠음 가운데 하나를 골라 주세요.")
	// a vote sent to a 공론장 that does not exist is not found, and nothing is counted
	hong.submit(page, "/deliberations/987654/votes", url.Values{"statement_id": {first}, "value": {"agree"}}).is(t, http.StatusNotFound)
	if s, _ := deliberations.FindStatement(d.db, uint(sid)); s.AgreeCount != 0 || s.DisagreeCount != 1 {
		t.Errorf("after a vote sent elsewhere: 동의 %d, 비동의 %d", s.AgreeCount, s.DisagreeCount)
	}

	// with script: the answer names the next statement
	second := nextOn(t, hong.get(page))
	token := csrfInput.FindStringSubmatch(hong.get(page).body)[1]
	req, _ := http.NewRequest(http.MethodPost, d.srv.URL+page+"/votes",
		strings.NewReader(url.Values{"_csrf": {token}, "statement_id": {second}, "value": {"pass"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	r = hong.do(req)
	r.is(t, http.StatusOK)
	var answer voteJSON
	if err := json.Unmarshal([]byte(r.body), &answer); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.body)
	}
	if !answer.OK || answer.Message != "투표했습니다." || answer.Left != 1 || answer.Next == nil ||
		strconv.Itoa(int(answer.Next.ID)) == first || strconv.Itoa(int(answer.Next.ID)) == second {
		t.Errorf("the JSON answer: %+v", answer)
	}
	third := strconv.Itoa(int(answer.Next.ID))
	if got := nextOn(t, hong.get(page)); got != third {
		t.Errorf("the page offers %s after the JSON vote, the answer named %s", got, third)
	}

	// a statement written under pre-moderation waits for staff
	long := strings.Repeat("가", 141)
	hong.submit(page, page+"/statements", url.Values{"body": {long}}).
		rendered(t, http.StatusUnprocessableEntity, "의견은 140자 이하로 적어 주세요. (지금 141자)", long)
	mine := "밤에는 학교 운동장을 주차장으로 열어 주세요"
	hong.submit(page, page+"/statements", url.Values{"body": {mine}}).
		rendered(t, http.StatusOK, "의견을 보냈습니다. 담당자가 검토한 뒤 공개됩니다.", mine, "검토 후 공개됩니다")
	lee, _ := d.resident(t, "lee@example.com", "이순신")
	r = lee.get(page)
	r.rendered(t, http.StatusOK, "data-vote-left>3</strong>개").lacks(t, mine)
	pending := statementNamed(t, d, id, mine)
	desk := "/admin/deliberations/" + strconv.Itoa(int(id))
	d.staff.get(desk).rendered(t, http.StatusOK, "승인 대기 의견", mine)
	d.staff.submit(desk, desk+"/statements/"+strconv.Itoa(int(pending.ID))+"/approve", url.Values{}).
		rendered(t, http.StatusOK, "의견을 승인했습니다.")
	lee.get(page).rendered(t, http.StatusOK, "data-vote-left>4</strong>개")

	// a report, and the statement removed for it
	report := page + "/statements/" + strconv.Itoa(int(pending.ID)) + "/report"
	lee.submit(report, report, url.Values{"reason": {"other"}}).rendered(t, http.StatusUnprocessableEntity, "기타 사유를 적어 주세요.")
	lee.submit(report, report, url.Values{"reason": {"offtopic"}, "note": {"주차와 관계없습니다"}}).rendered(t, http.StatusOK, "신고했습니다.")
	d.staff.get(desk).rendered(t, http.StatusOK, "신고된 의견", "주차와 관계없습니다")
	remove := desk + "/statements/" + strconv.Itoa(int(pending.ID)) + "/remove"
	d.staff.submit(desk, remove, url.Values{}).rendered(t, http.StatusUnprocessableEntity, "삭제 사유를 입력해 주세요.")
	d.staff.submit(desk, remove, url.Values{"reason": {"offtopic"}, "note": {"학교 운영 문제입니다"}}).rendered(t, http.StatusOK, "의견을 삭제했습니다.")
	lee.get(page).rendered(t, http.StatusOK, "data-vote-left>3</strong>개").lacks(t, mine)
	hong.get(page).rendered(t, http.StatusOK, `담당자가 내린 의견입니다. 사유: <span lang="ko">질문과 관계없음: 학교 운영 문제입니다</span>`)

	// closing, and the 결과 mailed to the participants
	d.staff.submit(desk, desk+"/close", url.Values{}).rendered(t, http.StatusOK, "공론장을 마감했습니다.")
	hong.get(page).rendered(t, http.StatusOK, "마감한 공론장입니다.").lacks(t, "모르겠음</button>")
	chosen := statementNamed(t, d, id, seeds[0])
	cid := strconv.Itoa(int(chosen.ID))
	d.staff.submit(desk, desk+"/result", url.Values{"chosen": {cid}}).
		rendered(t, http.StatusUnprocessableEntity, "결과를 입력해 주세요.", "고른 의견마다 반영하는 이유를 적어 주세요.")
	d.staff.submit(desk, desk+"/result", url.Values{"result": {"주차 계획에 **반영**합니다."}, "chosen": {cid}, "reason_" + cid: {"2027년 계획에 넣습니다"}}).
		rendered(t, http.StatusOK, "결과를 공개했습니다.")
	anon.get(page).rendered(t, http.StatusOK, "결과", "주차 계획에", seeds[0], `반영 이유: <span lang="ko">2027년 계획에 넣습니다</span>`)
	anon.get("/deliberations").rendered(t, http.StatusOK, "결과")
	d.app.mailer.ExpandEvents(t.Context())
	mails, _ := models.MailsTo(d.db, "hong@example.com")
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "열린공론장 결과가 나왔습니다: 골목 주차 공론장") ||
		!strings.Contains(mails[0].Text, "2027년 계획에 넣습니다") {
		t.Errorf("mails to a participant: %+v", mails)
	}
	if mails, _ := models.MailsTo(d.db, "lee@example.com"); len(mails) != 0 {
		t.Errorf("someone who only reported was mailed: %+v", mails)
	}
}

func TestDeliberationRefusesWhoMayNotTakePart(t *testing.T) {
	d := newDeskSite(t)
	id := d.openDeliberation(t, "공원 이용 공론장", deliberations.ModerationPost, "공원에 그늘막을 늘려 주세요")
	page := "/deliberations/" + strconv.Itoa(int(id))
	sid := strconv.Itoa(int(statementNamed(t, d, id, "공원에 그늘막을 늘려 주세요").ID))

	anon := d.browser()
	r := anon.submit("/login", page+"/votes", url.Values{"statement_id": {sid}, "value": {"agree"}})
	if !strings.HasPrefix(r.url, "/login") {
		t.Errorf("an anonymous vote ended at %s", r.url)
	}

	unverified := d.browser()
	unverified.submit("/signup", "/signup", url.Values{
		"email": {"new@example.com"}, "password": {"password123"}, "password_confirm": {"password123"},
		"name": {"최민준"}, "dong": {"대림2동"}, "consent": {"yes"},
	}).is(t, http.StatusOK)
	unverified.get(page).rendered(t, http.StatusOK, "이메일 인증을 마치면 투표하고 의견을 쓸 수 있습니다.").lacks(t, "모르겠음</button>")
	r = unverified.submit(page, page+"/votes", url.Values{"statement_id": {sid}, "value": {"agree"}})
	r.rendered(t, http.StatusOK, "이메일 인증을 마친 뒤 투표할 수 있습니다.")
	if s, _ := deliberations.FindStatement(d.db, statementNamed(t, d, id, "공원에 그늘막을 늘려 주세요").ID); s.Votes() != 0 {
		t.Errorf("an unverified vote counted: %+v", s)
	}

	// post-moderation: a statement is shown at once
	kim, _ := d.resident(t, "kim@example.com", "김철수")
	kim.submit(page, page+"/statements", url.Values{"body": {"  공원  화장실을 늘려 주세요 "}}).
		rendered(t, http.StatusOK, "의견을 올렸습니다.", "공원 화장실을 늘려 주세요")
	park, _ := d.resident(t, "park@example.com", "박영수")
	park.get(page).rendered(t, http.StatusOK, "data-vote-left>2</strong>개")

	// a draft is the desk's alone
	draft := d.staff.submit("/admin/deliberations/new", "/admin/deliberations", url.Values{
		"title": {"준비 중인 공론장"}, "question": {"질문"}, "moderation": {"post"}, "draft": {"yes"},
		"opens_at": {deliberations.FormTime(time.Now())}, "closes_at": {deliberations.FormTime(time.Now().Add(48 * time.Hour))},
	})
	draft.rendered(t, http.StatusOK, "준비 중으로 저장했습니다")
	m := deskDeliberationURL.FindStringSubmatch(draft.url)
	if m == nil {
		t.Fatalf("the draft ended at %s", draft.url)
	}
	park.get("/deliberations/"+m[1]).is(t, http.StatusNotFound)
	anon.get("/deliberations").rendered(t, http.StatusOK, "공원 이용 공론장").lacks(t, "준비 중인 공론장")
}

// Every route of the desk's 열린공론장 refuses residents and sends anonymous
// visitors to log in, whatever it is asked.
func TestDeliberationDeskGuards(t *testing.T) {
	d := newDeskSite(t)
	id := d.openDeliberation(t, "공원 이용 공론장", deliberations.ModerationPost, "공원에 그늘막을 늘려 주세요")
	sid := statementNamed(t, d, id, "공원에 그늘막을 늘려 주세요").ID
	resident, _ := d.resident(t, "res@example.com", "정하늘")
	anon := d.browser()
	n := 0
	for _, rt := range d.app.Handler().Routes() {
		if !strings.HasPrefix(rt.Path, "/admin/deliberations") {
			continue
		}
		n++
		path := strings.NewReplacer(":id", strconv.Itoa(int(id)), ":statement", strconv.Itoa(int(sid))).Replace(rt.Path)
		var r response
		switch rt.Method {
		case http.MethodGet:
			r = resident.get(path)
		case http.MethodPost:
			r = resident.submit("/me", path, url.Values{"meta": {"yes"}, "reason": {"ad"}})
		default:
			continue
		}
		if r.status != http.StatusForbidden {
			t.Errorf("a resident's %s %s: status %d", rt.Method, path, r.status)
		}
		if rt.Method == http.MethodGet {
			if r := anon.get(path); !strings.HasPrefix(r.url, "/login") {
				t.Errorf("anonymous %s ended at %s", path, r.url)
			}
		}
	}
	if n < 12 {
		t.Errorf("only %d desk routes of the 열린공론장", n)
	}
	s, _ := deliberations.FindStatement(d.db, sid)
	if s.IsMeta || s.Status != deliberations.StatementShown {
		t.Errorf("a resident changed a statement: %+v", s)
	}
}

// The result page draws the map once it is computed, marks the visitor's own
// place for them only, and says the same in tables; staff download the
// openData files.
func TestDeliberationResults(t *testing.T) {
	d := newDeskSite(t)
	seeds := []string{"거주자 우선 주차구역을 늘려야 합니다", "공영주차장을 지어 주세요", "골목에 화단을 놓아 주세요",
		"밤에는 학교 운동장을 열어 주세요", "불법 주차 단속을 늘려 주세요", "주차 공유 앱을 만들어 주세요", "이면도로를 일방통행으로 바꿔 주세요"}
	id := d.openDeliberation(t, "골목 주차 공론장", deliberations.ModerationPost, seeds...)
	page := "/deliberations/" + strconv.Itoa(int(id)) + "/results"
	anon := d.browser()
	anon.get(page).rendered(t, http.StatusOK, "아직 의견 지도가 없습니다.").lacks(t, "<svg")

	all, err := deliberations.Statements(d.db, id)
	if err != nil {
		t.Fatal(err)
	}
	var hong *browser
	for i := range 12 {
		email := "r" + strconv.Itoa(i) + "@example.com"
		u, err := models.CreateVerifiedUser(d.db, email, "residentpass1", "주민"+strconv.Itoa(i), "문래동", models.RoleResident, time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
		for j, s := range all {
			v := deliberations.Agree // two sides: the first half agrees with the first statements, the rest disagrees
			if (i < 6) != (j < 4) {
				v = deliberations.Disagree
			}
			if _, err := deliberations.Vote(d.db, deliberations.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			hong = d.logIn(email, "residentpass1")
		}
	}
	if err := deliberations.Recompute(d.db, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := hong.get(page)
	r.rendered(t, http.StatusOK, `<svg class="opinion-map"`, "나의 위치", "나는 <strong>그룹", "의견 그룹 (지도를 표로 옮긴 것)",
		"그룹마다 생각하는 것", "의견별 결과", "권역별", seeds[0])
	anon.get(page).rendered(t, http.StatusOK, `<svg class="opinion-map"`, "의견별 결과").lacks(t, "나의 위치", "나는 그룹", "openData")
	d.staff.get(page).rendered(t, http.StatusOK, "openData 형식으로 내려받기").lacks(t, "나의 위치")

	r = d.staff.get("/admin/deliberations/" + strconv.Itoa(int(id)) + "/export.zip")
	r.is(t, http.StatusOK)
	z, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "comments.csv,participants-votes.csv,votes.csv" {
		t.Errorf("the zip holds %v", names)
	}
}

// The petition a 공론장 serves shows it with a link to its results; a draft
// stays off the petition's page, and so does a 공론장 serving another one.
func TestPetitionShowsTheDeliberationsServingIt(t *testing.T) {
	d := newDeskSite(t)
	now := time.Now()
	form := func(title, petition string, draft bool) url.Values {
		v := url.Values{"title": {title}, "question": {"보행로를 어떻게 바꿀까요?"}, "moderation": {string(deliberations.ModerationPost)},
			"opens_at": {deliberations.FormTime(now.Add(-time.Hour))}, "closes_at": {deliberations.FormTime(now.Add(7 * 24 * time.Hour))},
			"seeds": {"보도 폭을 넓혀 주세요"}, "petition_id": {petition}}
		if draft {
			v.Set("draft", "yes")
		}
		return v
	}
	open := strconv.Itoa(int(d.open.ID))
	d.staff.submit("/admin/deliberations/new", "/admin/deliberations", form("보행로 공론장", open, false)).rendered(t, http.StatusOK, "공론장을 열었습니다")
	d.staff.submit("/admin/deliberations/new", "/admin/deliberations", form("준비 중인 공론장", open, true)).rendered(t, http.StatusOK, "준비 중인 공론장")
	d.staff.submit("/admin/deliberations/new", "/admin/deliberations", form("징검다리 공론장", strconv.Itoa(int(d.closed.ID)), false)).rendered(t, http.StatusOK, "공론장을 열었습니다")

	for _, b := range []*browser{d.browser(), d.logIn("author@example.com", "authorpass1")} {
		b.get(d.page(d.open)).rendered(t, http.StatusOK, "함께 여는 열린공론장", "보행로 공론장", "의견 지도와 결과").lacks(t, "준비 중인 공론장", "징검다리 공론장")
	}
	d.browser().get(d.page(d.closed)).rendered(t, http.StatusOK, "징검다리 공론장").lacks(t, "보행로 공론장")
}
