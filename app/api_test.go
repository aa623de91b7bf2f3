package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	vErrors "github.com/pb33f/libopenapi-validator/errors"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// apiCase is one request of the contract test: the operation of the
// document it exercises, and what it must answer.
type apiCase struct {
	op     string // operationId
	path   string
	status int
	code   string // the error's code, for an error
	field  string // the parameter at fault, for invalid_parameter
}

// TestAPIFollowsItsDocument asks every endpoint of the document on the
// demo content, with good and bad requests, and checks each real answer
// against the document with libopenapi-validator: every field documented,
// every documented field there, every value among its enum.
func TestAPIFollowsItsDocument(t *testing.T) {
	s := newDemoSite(t)
	d := findDemoRecords(t, s)
	id := func(q string) string {
		t.Helper()
		var n uint
		if err := s.db.Raw(q).Row().Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return fmt.Sprint(n)
	}
	answered := id(`SELECT petition_id FROM answers ORDER BY petition_id LIMIT 1`)
	hidden := id(`SELECT id FROM petitions WHERE status = 'hidden' LIMIT 1`)
	preconsent := id(`SELECT id FROM petitions WHERE status = 'preconsent' LIMIT 1`)
	past := id(`SELECT id FROM meetings WHERE results_at IS NOT NULL LIMIT 1`)
	draft := s.addDraftMeeting(t)
	open, meeting := fmt.Sprint(d.open), fmt.Sprint(d.meeting)
	long := strings.Repeat("가", 101)

	raw := s.browser().get("/api/v1/openapi.json")
	raw.is(t, http.StatusOK)
	doc, err := libopenapi.NewDocument([]byte(raw.body))
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("the document is not valid OpenAPI 3.1: %s", describe(errs))
	}

	cases := []apiCase{
		{"listPetitions", "/api/v1/petitions", 200, "", ""},
		{"listPetitions", "/api/v1/petitions?status=answered&sort=support&per_page=2", 200, "", ""},
		{"listPetitions", "/api/v1/petitions?category=" + url.QueryEscape("생활환경·교통안전") + "&sort=closing", 200, "", ""},
		{"listPetitions", "/api/v1/petitions?q=" + url.QueryEscape("주차"), 200, "", ""},
		{"listPetitions", "/api/v1/petitions?page=2&per_page=3", 200, "", ""},
		{"listPetitions", "/api/v1/petitions?page=9999", 200, "", ""},
		{"listPetitions", "/api/v1/petitions?page=abc", 400, "invalid_parameter", "page"},
		{"listPetitions", "/api/v1/petitions?page=0", 400, "invalid_parameter", "page"},
		{"listPetitions", "/api/v1/petitions?per_page=0", 400, "invalid_parameter", "per_page"},
		{"listPetitions", "/api/v1/petitions?per_page=101", 400, "invalid_parameter", "per_page"},
		{"listPetitions", "/api/v1/petitions?status=hidden", 400, "invalid_parameter", "status"},
		{"listPetitions", "/api/v1/petitions?status=nope", 400, "invalid_parameter", "status"},
		{"listPetitions", "/api/v1/petitions?category=nope", 400, "invalid_parameter", "category"},
		{"listPetitions", "/api/v1/petitions?sort=oldest", 400, "invalid_parameter", "sort"},
		{"listPetitions", "/api/v1/petitions?q=" + url.QueryEscape(long), 400, "invalid_parameter", "q"},
		{"getPetition", "/api/v1/petitions/" + open, 200, "", ""},
		{"getPetition", "/api/v1/petitions/" + answered, 200, "", ""},
		{"getPetition", "/api/v1/petitions/" + hidden, 404, "not_found", ""},
		{"getPetition", "/api/v1/petitions/" + preconsent, 404, "not_found", ""},
		{"getPetition", "/api/v1/petitions/999999", 404, "not_found", ""},
		{"getPetition", "/api/v1/petitions/abc", 404, "not_found", ""},
		{"similarPetitions", "/api/v1/petitions/similar?title=" + url.QueryEscape("대림동 골목길 CCTV를 늘려 주세요"), 200, "", ""},
		{"similarPetitions", "/api/v1/petitions/similar", 200, "", ""},
		{"similarPetitions", "/api/v1/petitions/similar?title=" + url.QueryEscape(long), 400, "invalid_parameter", "title"},
		{"listMeetings", "/api/v1/meetings", 200, "", ""},
		{"listMeetings", "/api/v1/meetings?when=past&per_page=1", 200, "", ""},
		{"listMeetings", "/api/v1/meetings?kind=custom&region=" + url.QueryEscape("신길권역"), 200, "", ""},
		{"listMeetings", "/api/v1/meetings?when=later", 400, "invalid_parameter", "when"},
		{"listMeetings", "/api/v1/meetings?kind=party", 400, "invalid_parameter", "kind"},
		{"listMeetings", "/api/v1/meetings?region=" + url.QueryEscape("서울"), 400, "invalid_parameter", "region"},
		{"listMeetings", "/api/v1/meetings?page=-1", 400, "invalid_parameter", "page"},
		{"getMeeting", "/api/v1/meetings/" + meeting, 200, "", ""},
		{"getMeeting", "/api/v1/meetings/" + past, 200, "", ""},
		{"getMeeting", "/api/v1/meetings/" + draft, 404, "not_found", ""},
		{"getMeeting", "/api/v1/meetings/999999", 404, "not_found", ""},
		{"openapi", "/api/v1/openapi.json", 200, "", ""},
		{"petitionsFeed", "/feeds/petitions.atom", 200, "", ""},
		{"answersFeed", "/feeds/answers.atom", 200, "", ""},
		{"meetingsCalendar", "/meetings.ics", 200, "", ""},
		{"meetingCalendar", "/meetings/" + meeting + ".ics", 200, "", ""},
		{"meetingCalendar", "/meetings/999999.ics", 404, "", ""},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		req, res, body := apiGet(t, s, tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d\n%s", tc.path, res.StatusCode, tc.status, body)
			continue
		}
		covered[fmt.Sprint(tc.op, " ", tc.status)] = true
		if tc.status == 404 && tc.code == "" {
			continue // a page's address: its 404 is the site's page
		}
		var ok bool
		var errs []*vErrors.ValidationError
		if tc.status < 400 {
			ok, errs = v.ValidateHttpRequestResponse(req, res)
		} else {
			ok, errs = v.ValidateHttpResponse(req, res) // the request is wrong on purpose
		}
		if !ok {
			t.Errorf("%s answers against the document: %s\n%.600s", tc.path, describe(errs), body)
		}
		if tc.code != "" {
			var e struct{ Error apiError }
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != tc.code || e.Error.Field != tc.field || !hangul.MatchString(e.Error.Message) {
				t.Errorf("%s: error %s, want code %q, field %q and a Korean message", tc.path, body, tc.code, tc.field)
			}
		}
	}

	// every operation and each of its answers but the server's failures was asked
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Responses   map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(raw.body), &spec); err != nil {
		t.Fatal(err)
	}
	for path, ops := range spec.Paths {
		for method, op := range ops {
			for status := range op.Responses {
				if status >= "500" || status == "304" && covered[op.OperationID+" 200"] { // 304: TestPetitionsFeed
					continue
				}
				if !covered[op.OperationID+" "+status] {
					t.Errorf("%s %s answers %s by the document, and no case asks it", method, path, status)
				}
			}
		}
	}
	// and every route of the API is in the document
	for _, rt := range s.app.Handler().Routes() {
		if rt.Method == http.MethodGet && strings.HasPrefix(rt.Path, "/api/v1/") {
			if _, ok := spec.Paths[regexp.MustCompile(`:(\w+)`).ReplaceAllString(rt.Path, "{$1}")]; !ok {
				t.Errorf("GET %s is served and not in the document", rt.Path)
			}
		}
	}
}

var hangul = regexp.MustCompile(`\p{Hangul}`)

// apiGet asks path as another site's page would, and returns the request,
// the answer with its body readable again, and the body.
func apiGet(t *testing.T, s *testSite, path string) (*http.Request, *http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return req, res, body
}

func describe(errs []*vErrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("\n  " + e.Message + ": " + e.Reason)
		for _, f := range e.SchemaValidationErrors {
			b.WriteString("\n    " + f.FieldPath + ": " + f.Reason)
		}
	}
	return b.String()
}

// addDraftMeeting stores a meeting not published yet and returns its id.
func (s *testSite) addDraftMeeting(t *testing.T) string {
	t.Helper()
	start := time.Now().UTC().Add(10 * 24 * time.Hour)
	var staff uint
	if err := s.db.Raw(`SELECT id FROM users WHERE role = 'staff' ORDER BY id LIMIT 1`).Row().Scan(&staff); err != nil {
		t.Fatal(err)
	}
	m := meetings.Meeting{Kind: meetings.KindTownHall, Title: "공개 전 모임", Place: "구청 대회의실", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Capacity: 10, CreatedBy: staff}
	if err := s.db.Create(&m).Error; err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(m.ID)
}

// TestAPIDocumentNamesTheValues: the document's lists of values are the
// product's own, so a new status or category cannot be left out of it.
func TestAPIDocumentNamesTheValues(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct{ Enum []string }
			}
		}
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	enum := func(schema, prop string) []string { return doc.Components.Schemas[schema].Properties[prop].Enum }
	var statuses []string
	for _, st := range petitions.PublicStatuses {
		statuses = append(statuses, string(st))
	}
	kinds := slices.Clone(meetings.Kinds)
	var regions []string
	for _, r := range models.Regions {
		regions = append(regions, r.Name)
	}
	for _, c := range []struct {
		name      string
		doc, want []string
	}{
		{"Petition.status", enum("Petition", "status"), statuses},
		{"Petition.category", enum("Petition", "category"), models.Categories},
		{"Petition.dong", enum("Petition", "dong"), append(slices.Clone(models.Dongs), "")},
		{"Meeting.kind", enum("Meeting", "kind"), kinds},
		{"Error.code", enumOf(t, "Error", "code"), []string{codeInvalidParameter, codeBadRequest, codeNotFound, codeMethodNotAllowed, codeInternal}},
		{"the meetings list's region", paramEnum(t, "/api/v1/meetings", "region"), regions},
		{"the petitions list's sort", paramEnum(t, "/api/v1/petitions", "sort"), petitionSorts},
		{"the meetings list's when", paramEnum(t, "/api/v1/meetings", "when"), meetingTimes},
	} {
		if !slices.Equal(c.doc, c.want) {
			t.Errorf("%s: the document says %q, the product %q", c.name, c.doc, c.want)
		}
	}
	for _, st := range enum("Meeting", "status") {
		if meetings.StateMsg(st) == "" {
			t.Errorf("Meeting.status %q is no state of a meeting", st)
		}
	}
}

// enumOf is the enum of the Error's inner property prop.
func enumOf(t *testing.T, schema, prop string) []string {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Properties map[string]struct{ Enum []string }
				}
			}
		}
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Components.Schemas[schema].Properties["error"].Properties[prop].Enum
}

// paramEnum is the enum of a query parameter of path's GET.
func paramEnum(t *testing.T, path, name string) []string {
	var doc struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct {
					Name   string
					Schema struct{ Enum []string }
				}
			}
		}
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Paths[path].Get.Parameters {
		if p.Name == name {
			return p.Schema.Enum
		}
	}
	return nil
}

// TestAPIListsSayWhereTheyAre: a page names its neighbours by their absolute
// addresses, with the filters kept, in the body and in the Link header.
func TestAPIListsSayWhereTheyAre(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	author := s.addAuthor("김영희", "문래동")
	for i := range 5 {
		s.addPetition(petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen, Category: "도시",
			Title: fmt.Sprintf("%d번째 청원: 문래동 공영주차장 확충", i+1), OpenedAt: ago(time.Duration(10-i) * time.Hour), ClosesAt: ago(-20 * day)})
	}
	type list struct {
		Items       []apiPetition
		Page, Total int
		PerPage     int `json:"per_page"`
		Next, Prev  *string
	}
	read := func(path string) list {
		t.Helper()
		r := s.browser().get(path)
		r.is(t, http.StatusOK)
		var l list
		if err := json.Unmarshal([]byte(r.body), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	at := func(page int) string { // the filters kept, in the order of url.Values.Encode
		if page == 1 {
			return "http://ydp1.test/api/v1/petitions?category=%EB%8F%84%EC%8B%9C&per_page=2"
		}
		return fmt.Sprintf("http://ydp1.test/api/v1/petitions?category=%%EB%%8F%%84%%EC%%8B%%9C&page=%d&per_page=2", page)
	}
	for _, c := range []struct {
		page       int
		items      int
		next, prev string
	}{
		{1, 2, at(2), "null"},
		{2, 2, at(3), at(1)},
		{3, 1, "null", at(2)},
		{4, 0, "null", at(3)},
	} {
		l := read(fmt.Sprintf("/api/v1/petitions?category=%%EB%%8F%%84%%EC%%8B%%9C&per_page=2&page=%d", c.page))
		if len(l.Items) != c.items || l.Page != c.page || l.PerPage != 2 || l.Total != 5 || str(l.Next) != c.next || str(l.Prev) != c.prev {
			t.Errorf("page %d: %d items, page %d of %d a page, total %d, next %s, prev %s; want %d items, next %s, prev %s",
				c.page, len(l.Items), l.Page, l.PerPage, l.Total, str(l.Next), str(l.Prev), c.items, c.next, c.prev)
		}
		var want []string
		if c.next != "null" {
			want = append(want, "<"+c.next+`>; rel="next"`)
		}
		if c.prev != "null" {
			want = append(want, "<"+c.prev+`>; rel="prev"`)
		}
		if got := s.browser().get(fmt.Sprintf("/api/v1/petitions?category=%%EB%%8F%%84%%EC%%8B%%9C&per_page=2&page=%d", c.page)).header.Values("Link"); !slices.Equal(got, want) {
			t.Errorf("page %d: Link %q, want %q", c.page, got, want)
		}
	}
}

// The API names a petition's state and a meeting's kind in the request's
// language (its cookie, else Accept-Language, else Korean), as its
// document says; an online meeting's place too.
func TestAPILabelsFollowTheLanguage(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	author := s.addAuthor("김영희", "문래동")
	p := s.addPetition(petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen, Category: "도시",
		Title: "문래동 공영주차장 확충", OpenedAt: ago(time.Hour), ClosesAt: ago(-20 * day)})
	start := time.Now().UTC().Add(10 * day)
	m := meetings.Meeting{Kind: meetings.KindOnline, Title: "온라인 공론장", OnlineURL: "https://meet.example/1", StartsAt: start,
		EndsAt: start.Add(time.Hour), Capacity: 10, CreatedBy: author.ID, PublishedAt: &start}
	if err := s.db.Create(&m).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, status, kind, place string }{
		{"", "진행중", "온라인 열린공론장", "온라인"},
		{"en-GB,en;q=0.9", "Open", "", "Online"},
		{"zh-CN", "进行中", "", "线上"},
	} {
		get := func(path string, into any) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
			if c.accept != "" {
				req.Header.Set("Accept-Language", c.accept)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if err := json.NewDecoder(res.Body).Decode(into); err != nil {
				t.Fatal(err)
			}
		}
		var pet apiPetition
		get(fmt.Sprintf("/api/v1/petitions/%d", p.ID), &pet)
		var meet apiMeeting
		get(fmt.Sprintf("/api/v1/meetings/%d", m.ID), &meet)
		if pet.StatusLabel != c.status || meet.Place != c.place || (c.kind != "" && meet.KindLabel != c.kind) ||
			(c.accept != "" && hangul.MatchString(meet.KindLabel)) {
			t.Errorf("Accept-Language %q: status %q, kind %q, place %q; want %q, %q, %q", c.accept,
				pet.StatusLabel, meet.KindLabel, meet.Place, c.status, c.kind, c.place)
		}
	}
}
