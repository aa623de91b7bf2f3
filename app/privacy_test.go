package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
	"ydp1/models/privacy"
)

func TestDownloadAndDeleteMyAccount(t *testing.T) {
	d := newDeskSite(t)
	me := d.logIn("author@example.com", "authorpass1")
	path := d.page(d.open)
	me.submit(path, path+"/support", url.Values{"comment": {"저도 공감합니다"}}).has(t, "공감했습니다")

	r := me.get("/me/data.json")
	r.is(t, http.StatusOK)
	var data privacy.UserData
	if err := json.Unmarshal([]byte(r.body), &data); err != nil {
		t.Fatal(err)
	}
	if data.Account.Email != "author@example.com" || len(data.Petitions) != 2 || len(data.Supports) != 1 || data.Supports[0].Comment != "저도 공감합니다" {
		t.Errorf("download = %+v", data)
	}

	r = me.submit("/me/delete", "/me/delete", url.Values{"password": {"wrong"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "비밀번호가 맞지 않습니다")
	me.submit("/me/delete", "/me/delete", url.Values{"password": {"authorpass1"}}).has(t, "탈퇴했습니다", "로그인")

	// what they filed stays, under the masked name; nothing identifies them
	page := d.browser().get(path)
	page.rendered(t, http.StatusOK, "문래동 보행로 정비", "김*희", "저도 공감합니다").lacks(t, "김영희", "author@example.com")
	d.browser().submit("/login", "/login", url.Values{"email": {"author@example.com"}, "password": {"authorpass1"}}).
		is(t, http.StatusUnprocessableEntity)
	var u models.User
	d.db.Take(&u, d.author.ID)
	if u.Email == "author@example.com" || u.Name != "김*희" || u.PasswordHash != "" || u.DeactivatedAt == nil {
		t.Errorf("account after deletion: %+v", u)
	}
	p, _ := petitions.FindPetition(d.db, d.open.ID, time.Now())
	if p.SupportCount != 1 || strings.Contains(p.Author.Email, "author") {
		t.Errorf("petition after deletion: count %d author %s", p.SupportCount, p.Author.Email)
	}
}

// The sign-up form tells how long supports stay tied to a person, from the
// setting the nightly job uses.
func TestSignUpStatesWhenSupportersAreAnonymised(t *testing.T) {
	d := newDeskSite(t)
	d.browser().get("/signup").has(t, "공감한 기록은 청원 기간이 끝나고 12개월이 지나면")
	form := models.DefaultSettings.Form()
	form["anonymise_months"] = "6"
	values := url.Values{}
	for k, v := range form {
		values.Set(k, v)
	}
	d.admin.submit("/admin/settings", "/admin/settings", values).has(t, "설정을 저장했습니다")
	d.browser().get("/signup").has(t, "청원 기간이 끝나고 6개월이 지나면")
}
