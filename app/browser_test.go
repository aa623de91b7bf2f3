package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ydp1/models"
)

// Browser journeys: the real site in headless Chromium, used the way a person
// uses it. Fields are found by their <label>, buttons and links by their
// visible Korean text, and every page visited is kept as a screenshot.

// browserSettings are small so that a handful of people take a petition
// through its whole life.
var browserSettings = models.Settings{Threshold: 3, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20}

const (
	actionTimeout  = 15 * time.Second
	journeyTimeout = 90 * time.Second
)

// journey is one headless Chromium with the site behind it; each visitor gets
// a browser context of their own, so cookies are never shared.
type journey struct {
	t      *testing.T
	site   *testSite
	name   string
	width  int64
	height int64
	root   context.Context
	shots  string
	step   int
}

func newJourney(t *testing.T, site *testSite, name string, width, height int64) *journey {
	t.Helper()
	return newJourneyIn(t, site, name, "ko-KR,ko", width, height, journeyTimeout)
}

// newJourneyIn is a journey in a browser that asks for the languages of
// accept (an Accept-Language), stopped after limit.
func newJourneyIn(t *testing.T, site *testSite, name, accept string, width, height int64, limit time.Duration) *journey {
	t.Helper()
	// without a Korean font every label renders as boxes in the screenshots
	browserGate.require(t, findChromium(), koreanFont())
	shots := os.Getenv("SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(t.TempDir(), "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	root := startChromiumIn(t, site, accept, width, height, limit)
	return &journey{t: t, site: site, name: name, width: width, height: height, root: root, shots: shots}
}

// startChromium starts a headless Chromium in which the site's own address
// (BASE_URL, used in mails and share links) leads to the test server and every
// other host fails at once. It stops when the test ends, or after limit when
// limit is not zero; its output is logged when the test failed. The caller's
// gate has made sure there is a Chromium.
func startChromium(t *testing.T, site *testSite, width, height int64, limit time.Duration) context.Context {
	t.Helper()
	return startChromiumIn(t, site, "ko-KR,ko", width, height, limit)
}

// startChromiumIn starts a Chromium whose interface and requests ask for
// the languages of accept, an Accept-Language ("en-GB,en").
func startChromiumIn(t *testing.T, site *testSite, accept string, width, height int64, limit time.Duration) context.Context {
	t.Helper()
	exe := findChromium().path
	if exe == "" {
		t.Fatal("no Chromium: the test must pass its gate first (browserGate.require)")
	}
	u, err := url.Parse(site.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(site.app.cfg.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", strings.Split(accept, ",")[0]), // most journeys are a Korean resident's; the site follows the browser's language
		chromedp.Flag("accept-lang", accept),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)),
		chromedp.Flag("host-resolver-rules", fmt.Sprintf("MAP %s %s, MAP * ~NOTFOUND", base.Hostname(), u.Host)),
		chromedp.CombinedOutput(&logs),
	)
	ctx, cancelTimeout := context.Background(), context.CancelFunc(func() {})
	if limit > 0 {
		ctx, cancelTimeout = context.WithTimeout(ctx, limit)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelRoot()
		cancelAlloc()
		cancelTimeout()
		if t.Failed() {
			t.Logf("Chromium output:\n%s", logs.String())
		}
	})
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium %s: %v\n%s", exe, err, logs.String())
	}
	return root
}

// syncBuffer collects the browser's output, written from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// visitor is one person at one tab.
type visitor struct {
	j      *journey
	who    string
	ctx    context.Context
	url    string
	status int64
}

func (j *journey) visitor(who string) *visitor {
	j.t.Helper()
	ctx, cancel := chromedp.NewContext(j.root, chromedp.WithNewBrowserContext())
	j.t.Cleanup(cancel)
	// the first run opens the tab and binds it to its context: no timeout here
	if err := chromedp.Do(ctx); err != nil {
		j.t.Fatalf("open a tab for %s: %v", who, err)
	}
	v := &visitor{j: j, who: who, ctx: ctx}
	var opts []chromedp.EmulateViewportOption
	if j.width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	v.do("set the viewport", chromedp.EmulateViewport(j.width, j.height, opts...))
	return v
}

func (v *visitor) fatalf(format string, args ...any) {
	v.j.t.Helper()
	v.j.t.Fatalf("%s at %s: %s", v.who, v.url, fmt.Sprintf(format, args...))
}

func (v *visitor) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	v.j.t.Helper()
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		v.fatalf("%s: %v", what, err)
	}
}

// eval runs a script in the page and decodes its value.
func eval[T any](v *visitor, script string) T {
	v.j.t.Helper()
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		v.fatalf("script %.80q: %v", script, err)
	}
	return out
}

func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// load runs the steps, waits for the page they lead to, and records it.
func (v *visitor) load(step, what string, steps ...chromedp.Action[chromedp.Void]) {
	v.j.t.Helper()
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		v.fatalf("%s: %v", what, err)
	}
	v.status = res.Status
	v.arrived(step)
}

// arrived notes where the visitor is, checks that the page fits the screen
// and keeps a full-page screenshot of it.
func (v *visitor) arrived(step string) {
	v.j.t.Helper()
	v.url = eval[string](v, `location.pathname + location.search`)
	if w := eval[int64](v, `document.documentElement.scrollWidth`); w > v.j.width {
		v.j.t.Errorf("%s at %s: the page is %dpx wide on a %dpx screen; it scrolls sideways", v.who, v.url, w, v.j.width)
	}
	v.j.step++
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		v.fatalf("screenshot: %v", err)
	}
	name := fmt.Sprintf("%s-%02d-%s-%d.png", v.j.name, v.j.step, step, v.j.width)
	if err := os.WriteFile(filepath.Join(v.j.shots, name), png, 0o644); err != nil {
		v.j.t.Fatal(err)
	}
}

// open goes to a path of the site or to a full address, as typed or pasted.
func (v *visitor) open(step, target string) {
	v.j.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = v.j.site.app.cfg.BaseURL + target
	}
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(target))
	if err != nil {
		v.fatalf("open %s: %v", target, err)
	}
	v.status = res.Status
	v.arrived(step)
}

// findScript is a script giving the first visible element of the kind whose
// text is exactly text.
func findScript(selector, text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%s)].find(e => (e.innerText || e.value || "").replace(/\s+/g, " ").trim() === %s && e.checkVisibility())`,
		js(selector), js(text))
}

// menuScript gives the 메뉴 button of the site's header when it shows and
// its menu is folded.
const menuScript = `(m => m && !m.open && m.querySelector("summary").checkVisibility() ? m.querySelector("summary") : null)(document.querySelector("[data-site-menu]"))`

// activate clicks (or, on a touch screen, taps) the element with the text
// and waits for the page that follows.
func (v *visitor) activate(step, selector, kind, text string) {
	v.j.t.Helper()
	find := findScript(selector, text)
	if !eval[bool](v, `!!(`+find+`)`) && eval[bool](v, `!!(`+menuScript+`)`) {
		// on a phone the site's menu is folded behind 메뉴: open it as a person would
		v.do("open the menu", chromedp.Click(chromedp.JSPath(menuScript)))
	}
	if !eval[bool](v, `!!(`+find+`)`) {
		seen := eval[string](v, fmt.Sprintf(`[...document.querySelectorAll(%s)].filter(e => e.checkVisibility()).map(e => (e.innerText || e.value || "").trim()).join(" | ")`, js(selector)))
		v.fatalf("no %s %q to press; the page has: %s", kind, text, seen)
	}
	click := chromedp.Click(chromedp.JSPath(find))
	if v.j.width < 600 {
		click = chromedp.Tap(chromedp.JSPath(find))
	}
	v.load(step, "press "+text, click)
}

// play presses the poster of the answer's video, which plays it in the page.
func (v *visitor) play() {
	v.j.t.Helper()
	find := `document.querySelector(".answer .video-poster")`
	if !eval[bool](v, `!!(`+find+`)`) {
		v.fatalf("the answer has no video poster to press")
	}
	v.do("play the answer's video", chromedp.Click(chromedp.JSPath(find)))
}

// press presses the button with this text.
func (v *visitor) press(step, text string) {
	v.j.t.Helper()
	v.activate(step, `button, input[type=submit]`, "button", text)
}

// follow follows the link with this text.
func (v *visitor) follow(step, text string) {
	v.j.t.Helper()
	v.activate(step, `a[href]`, "link", text)
}

// fieldScript is a script giving the form control whose <label> reads label
// (exactly, or followed by a note such as "(선택)").
func fieldScript(label string) string {
	return fmt.Sprintf(`(() => {
		const want = %s;
		const text = l => l.textContent.replace(/\s+/g, " ").trim();
		const labels = [...document.querySelectorAll("label")];
		let found = labels.filter(l => text(l) === want);
		if (found.length === 0) found = labels.filter(l => text(l).startsWith(want + " "));
		return found.length === 1 ? found[0].control : null;
	})()`, js(label))
}

// field returns the id of the control labelled label, failing if there is
// none (a field without a label is a bug a screen-reader user meets first).
func (v *visitor) field(label string) (id, kind string) {
	v.j.t.Helper()
	got := eval[[]string](v, `(f => f ? [f.id, f.tagName === "INPUT" ? f.type : f.tagName.toLowerCase()] : [])(`+fieldScript(label)+`)`)
	if len(got) != 2 || got[0] == "" {
		v.fatalf("no field labelled %q", label)
	}
	return got[0], got[1]
}

// fill types value into the field labelled label, or picks the option with
// that text, or ticks the box.
func (v *visitor) fill(label, value string) {
	v.j.t.Helper()
	id, kind := v.field(label)
	sel := chromedp.ID(id)
	switch kind {
	case "select":
		option := eval[string](v, fmt.Sprintf(`(o => o ? o.value : "\u0000")([...document.getElementById(%s).options].find(o => o.text.trim() === %s))`, js(id), js(value)))
		if option == "\x00" {
			v.fatalf("the list %q has no option %q", label, value)
		}
		v.do("choose "+value, chromedp.SetValue(sel, option))
	case "checkbox":
		if eval[bool](v, fmt.Sprintf(`document.getElementById(%s).checked`, js(id))) != (value == "yes") {
			v.do("tick "+label, chromedp.Click(sel))
		}
	default:
		eval[chromedp.Void](v, fmt.Sprintf(`document.getElementById(%s).value = ""`, js(id)))
		v.do("type into "+label, chromedp.SendKeys(sel, value))
	}
}

// value reads the field labelled label.
func (v *visitor) value(label string) string {
	v.j.t.Helper()
	id, _ := v.field(label)
	return eval[string](v, fmt.Sprintf(`document.getElementById(%s).value`, js(id)))
}

// fieldError reads the error shown next to the field, and checks that the
// field is marked invalid and points to it for screen readers.
func (v *visitor) fieldError(label string) string {
	v.j.t.Helper()
	id, _ := v.field(label)
	got := eval[[]string](v, fmt.Sprintf(`(f => {
		const box = f.closest(".field, fieldset");
		const err = box && box.querySelector(".field-error");
		if (!err) return [];
		return [err.innerText.trim(), f.getAttribute("aria-invalid") || "", f.getAttribute("aria-describedby") || "", err.id];
	})(document.getElementById(%s))`, js(id)))
	if len(got) != 4 {
		v.j.t.Errorf("%s at %s: no error next to the field %q", v.who, v.url, label)
		return ""
	}
	if got[1] != "true" || !strings.Contains(" "+got[2]+" ", " "+got[3]+" ") {
		v.j.t.Errorf("%s at %s: field %q shows %q but aria-invalid=%q aria-describedby=%q", v.who, v.url, label, got[0], got[1], got[2])
	}
	return got[0]
}

// text is what the page shows.
func (v *visitor) text() string {
	v.j.t.Helper()
	return eval[string](v, `document.body.innerText`)
}

func (v *visitor) sees(want ...string) {
	v.j.t.Helper()
	text := v.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			v.j.t.Errorf("%s at %s (status %d) does not see %q; the page reads:\n%s", v.who, v.url, v.status, w, clip(text))
		}
	}
}

// rendered checks that the visitor is on the page expected, by its status and
// pieces it shows, before the checks of what it does not show: a page that
// failed to render shows nothing.
func (v *visitor) rendered(status int64, known ...string) shownPage {
	v.j.t.Helper()
	if len(known) == 0 {
		v.j.t.Fatal("rendered needs a piece of the page to know it")
	}
	v.statusIs(status)
	v.sees(known...)
	return shownPage{v}
}

// shownPage is the page a visitor is on, its status and content checked.
type shownPage struct{ v *visitor }

func (p shownPage) doesNotSee(unwanted ...string) {
	p.v.j.t.Helper()
	text := p.v.text()
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			p.v.j.t.Errorf("%s at %s sees %q", p.v.who, p.v.url, w)
		}
	}
}

func (v *visitor) statusIs(want int64) {
	v.j.t.Helper()
	if v.status != want {
		v.j.t.Errorf("%s at %s: status %d, want %d", v.who, v.url, v.status, want)
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 1200 {
		return string(r[:1200]) + "…"
	}
	return s
}

// progress reads the support box: the count as shown and the <progress> value.
func (v *visitor) progress() (count string, value int) {
	v.j.t.Helper()
	got := eval[[]string](v, `(b => b ? [b.querySelector(".progress-figures strong").innerText, String(b.querySelector("progress").value)] : [])(document.querySelector("#support"))`)
	if len(got) != 2 {
		v.fatalf("no support box with a progress bar")
	}
	value, err := strconv.Atoi(got[1])
	if err != nil {
		v.fatalf("progress value %q: %v", got[1], err)
	}
	return got[0], value
}

// mailedLink is the verification link of the newest mail to the address, as
// the visitor would click it in their mail program.
func (j *journey) mailedLink(email string) string {
	j.t.Helper()
	return j.site.app.cfg.BaseURL + j.site.mailedLink(email)
}

func TestBrowserResidentJourney(t *testing.T) {
	s := newTestSite(t, browserSettings)
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	j := newJourney(t, s, "resident", 1280, 900)
	const title = "문래동 창작촌 공영주차장 확충"

	// sign up: a first try with mistakes, then the corrected form
	alice := j.visitor("김영희")
	alice.open("home", "/")
	alice.follow("signup", "회원가입")
	alice.fill("이메일", "kim.yh@example")
	alice.fill("비밀번호", "짧은비번")
	alice.fill("비밀번호 확인", "다른비번")
	alice.fill("이름", "김영희")
	alice.press("signup-errors", "가입하기")
	alice.statusIs(422)
	alice.sees("입력한 내용을 확인해 주세요", "이메일 형식이 올바르지 않습니다", "비밀번호는 8자 이상이어야 합니다",
		"비밀번호가 서로 다릅니다", "거주 행정동을 선택해 주세요", "개인정보 수집·이용에 동의해야")
	for label, want := range map[string]string{
		"이메일": "이메일 형식이 올바르지 않습니다", "비밀번호": "8자 이상", "비밀번호 확인": "서로 다릅니다",
		"거주 행정동": "행정동을 선택해", "위 내용을 읽었으며": "동의해야",
	} {
		if got := alice.fieldError(label); !strings.Contains(got, want) {
			t.Errorf("error next to %q reads %q, want %q", label, got, want)
		}
	}
	if got := alice.value("이메일"); got != "kim.yh@example" {
		t.Errorf("the e-mail typed was not kept: %q", got)
	}
	if got := alice.value("이름"); got != "김영희" {
		t.Errorf("the name typed was not kept: %q", got)
	}
	if got := alice.value("비밀번호"); got != "" {
		t.Errorf("the password came back in the page: %q", got)
	}
	if !eval[bool](alice, `document.activeElement.classList.contains("error-summary")`) {
		t.Errorf("focus is not on the error summary after a refused form")
	}
	alice.fill("이메일", "kim.yh@example.com")
	alice.fill("비밀번호", "비밀번호pass123")
	alice.fill("비밀번호 확인", "비밀번호pass123")
	alice.fill("거주 행정동", "문래동")
	alice.fill("위 내용을 읽었으며", "yes")
	alice.press("verify-sent", "가입하기")
	alice.sees("인증 메일을 보냈습니다", "kim.yh@example.com")

	// the link from the mail opens a page with a button
	alice.open("verify", j.mailedLink("kim.yh@example.com"))
	alice.press("verified", "이메일 인증")
	alice.sees("이메일 인증이 끝났습니다", "김영희님")

	// file a petition and read its 사전동의 link
	alice.follow("petition-new", "청원하기")
	alice.fill("제목", title)
	alice.fill("분야", "생활환경·교통안전")
	alice.fill("관련 행정동", "문래동")
	alice.fill("청원 내용", "문래동 창작촌 골목에 주차 공간이 부족해 주말마다 소방차 진입로가 막힙니다. 공영주차장을 늘려 주세요.")
	alice.sees("운영원칙", "등록한 청원은 수정하거나 삭제할 수 없습니다")
	alice.press("petition-preview", "미리보기")
	alice.sees("청원 미리보기", "아직 등록되지 않았습니다", title, "김*희", "문래동 창작촌 골목에 주차 공간이 부족해")
	// 수정하기 brings the form back with everything typed
	alice.press("petition-edit", "수정하기")
	if got := alice.value("제목"); got != title {
		t.Errorf("수정하기 lost the title: %q", got)
	}
	if got := alice.value("관련 행정동"); got != "문래동" {
		t.Errorf("수정하기 lost the 행정동: %q", got)
	}
	alice.press("petition-preview-again", "미리보기")
	alice.press("petition-filed", "등록하기")
	alice.sees("청원을 등록했습니다", "사전동의 중인 청원입니다", title, "김*희")
	share := alice.value("사전동의 링크")
	shareURL, err := url.Parse(share)
	if err != nil || !strings.HasPrefix(share, s.app.cfg.BaseURL+"/petitions/") || shareURL.Query().Get("share") == "" {
		t.Fatalf("사전동의 링크 = %q", share)
	}
	petition := shareURL.Path

	// one neighbour agrees over plain HTTP, the other in the browser after logging in
	bob := s.signUp("bob@example.com", "이철수", "당산1동")
	bob.submit(shareURL.RequestURI(), petition+"/support", url.Values{"share": {shareURL.Query().Get("share")}}).has(t, "공감했습니다")
	s.signUp("carol@example.com", "남궁민수", "여의동")
	carol := j.visitor("남궁민수")
	carol.open("share-link", share)
	carol.sees("사전동의 중인 청원입니다", title)
	carol.follow("login-to-agree", "로그인하고 공감하기")
	carol.fill("이메일", "carol@example.com")
	carol.fill("비밀번호", "비밀번호pass123")
	carol.press("back-at-share-link", "로그인")
	carol.fill("공감 한마디", "주말마다 불안했어요")
	carol.press("preconsented", "사전동의하기")
	carol.statusIs(200)
	carol.sees("목표 인원이 모여", "담당자가 검토하고 있습니다", title, "검토중")

	// staff find it on the desk and publish it
	staff := j.visitor("박담당")
	staff.open("staff-login", "/login")
	staff.fill("이메일", "staff@ydp1.test")
	staff.fill("비밀번호", "staffpass123")
	staff.press("staff-home", "로그인")
	staff.follow("admin", "업무 데스크")
	staff.sees("검토 대기", title)
	staff.follow("review", title)
	staff.sees("담당자 처리", "검토중")
	staff.press("published", "공개")
	staff.sees("청원을 공개했습니다", "진행중")

	// a resident supports it with a word; count, bar and name move
	s.signUp("dave@example.com", "홍길동", "신길1동")
	dave := j.visitor("홍길동")
	dave.open("list", "/petitions")
	dave.follow("open-petition", title)
	countBefore, barBefore := dave.progress()
	dave.follow("login-to-support", "로그인하고 공감하기")
	dave.fill("이메일", "dave@example.com")
	dave.fill("비밀번호", "비밀번호pass123")
	dave.press("back-at-petition", "로그인")
	dave.fill("공감 한마디", "아이들 안전이 먼저입니다")
	dave.press("supported", "공감하기")
	dave.sees("구청장이 답변합니다", "이 청원에 공감하셨습니다", "답변대기")
	countAfter, barAfter := dave.progress()
	if countBefore != "2명" || countAfter != "3명" || barAfter <= barBefore || barAfter != 100 {
		t.Errorf("support box went from %s (bar %d) to %s (bar %d), want 2명 → 3명 and a full bar", countBefore, barBefore, countAfter, barAfter)
	}
	comments := eval[string](dave, `document.querySelector(".comment-list").innerText`)
	for _, want := range []string{"아이들 안전이 먼저입니다", "홍*동", "주말마다 불안했어요", "남**수"} {
		if !strings.Contains(comments, want) {
			t.Errorf("the comments do not show %q:\n%s", want, comments)
		}
	}

	// staff answer with a video, then log out
	staff.open("admin-awaiting", "/admin")
	staff.sees("답변 대기", title)
	staff.follow("answer-form", title)
	staff.fill("답변 내용", "## 답변 요지\n\n문래동 공영주차장을 **2027년**까지 120면 늘리겠습니다.")
	staff.fill("영상 주소", "https://youtu.be/dQw4w9WgXcQ")
	staff.press("answered", "답변 등록")
	staff.sees("답변을 등록했습니다", "답변완료", "영등포구청장 답변", "2027년")
	staff.press("logged-out", "로그아웃")
	staff.rendered(200, "로그아웃했습니다", "로그인").doesNotSee("업무 데스크")

	// anyone can read the answer and watch it through youtube-nocookie
	anon := j.visitor("방문자")
	anon.open("answered-list", "/petitions?status=answered")
	anon.follow("answer", title)
	anon.rendered(200, "영등포구청장 답변", "120면 늘리겠습니다", "3명").doesNotSee("홍길동", "dave@example.com", "김영희", "kim.yh@example.com")
	anon.sees("영등포구청장 답변 영상: "+title, "영상에서 말한 내용은 아래 답변 글과 같습니다")
	anon.play()
	src := eval[string](anon, `(f => f ? f.src : "")(document.querySelector(".answer iframe"))`)
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/") {
		t.Errorf("answer video iframe src = %q, want https://www.youtube-nocookie.com/embed/…", src)
	}
}

func TestBrowserPhoneJourney(t *testing.T) {
	s := newTestSite(t, browserSettings)
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	j := newJourney(t, s, "phone", 390, 844)
	const title = "신길동 보행로 불법 주정차 단속 강화 요청"

	// sign up, verify and file on a phone
	ha := j.visitor("정하늘")
	ha.open("home", "/")
	// the header keeps the first screen for content: one row, its menu folded behind 메뉴
	if h := eval[float64](ha, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 120 {
		t.Errorf("the header is %.0fpx tall on a phone, want one row (≤ 120px)", h)
	}
	ha.follow("signup", "회원가입")
	ha.fill("이메일", "haneul@example.com")
	ha.fill("비밀번호", "haneul2024")
	ha.fill("비밀번호 확인", "다른비밀번호1")
	ha.fill("이름", "정하늘")
	ha.fill("거주 행정동", "신길4동")
	ha.press("signup-errors", "가입하기")
	ha.sees("입력한 내용을 확인해 주세요", "비밀번호가 서로 다릅니다")
	ha.fill("비밀번호", "haneul2024")
	ha.fill("비밀번호 확인", "haneul2024")
	ha.fill("위 내용을 읽었으며", "yes")
	ha.press("verify-sent", "가입하기")
	ha.open("verify", j.mailedLink("haneul@example.com"))
	ha.press("verified", "이메일 인증")
	ha.follow("petition-new", "청원하기")
	ha.fill("제목", title)
	ha.fill("분야", "생활환경·교통안전")
	ha.fill("관련 행정동", "신길4동")
	ha.fill("청원 내용", "신길4동 초등학교 앞 보행로에 차량이 상시 주차되어 아이들이 차도로 걷고 있습니다. 단속 카메라를 설치해 주세요.")
	ha.press("petition-preview", "미리보기")
	ha.sees("청원 미리보기", title)
	ha.press("petition-filed", "등록하기")
	ha.sees("사전동의 중인 청원입니다", title)
	share, err := url.Parse(ha.value("사전동의 링크"))
	if err != nil || share.Query().Get("share") == "" {
		t.Fatalf("사전동의 링크 = %v (%v)", share, err)
	}
	for _, n := range []struct{ email, name, dong, says string }{
		{"p1@example.com", "오민지", "대림1동", "공감했습니다"}, {"p2@example.com", "서지우", "도림동", "검토를 거쳐 공개됩니다"},
	} {
		s.signUp(n.email, n.name, n.dong).submit(share.RequestURI(), share.Path+"/support", url.Values{"share": {share.Query().Get("share")}}).has(t, n.says)
	}

	// staff publish from a phone
	staff := j.visitor("박담당")
	staff.open("staff-login", "/login")
	staff.fill("이메일", "staff@ydp1.test")
	staff.fill("비밀번호", "staffpass123")
	staff.press("staff-home", "로그인")
	staff.follow("admin", "업무 데스크")
	staff.follow("review", title)
	staff.press("published", "공개")
	staff.sees("청원을 공개했습니다")

	// a resident supports on a phone
	s.signUp("yu@example.com", "유재석", "신길4동")
	yu := j.visitor("유재석")
	yu.open("list", "/petitions")
	yu.follow("open-petition", title)
	before, _ := yu.progress()
	yu.follow("login-to-support", "로그인하고 공감하기")
	yu.fill("이메일", "yu@example.com")
	yu.fill("비밀번호", "비밀번호pass123")
	yu.press("back-at-petition", "로그인")
	yu.fill("공감 한마디", "등굣길이 정말 위험합니다")
	yu.press("supported", "공감하기")
	yu.sees("이 청원에 공감하셨습니다", "유*석", "등굣길이 정말 위험합니다")
	if after, bar := yu.progress(); before != "2명" || after != "3명" || bar != 100 {
		t.Errorf("support count went from %s to %s (bar %d), want 2명 → 3명, full bar", before, after, bar)
	}

	// the answer with its video fits the phone too
	s.logIn("staff@ydp1.test", "staffpass123").submit(share.Path, "/admin"+share.Path+"/answer", url.Values{
		"body": {"신길4동 초등학교 앞에 단속 카메라 2대를 올해 안에 설치하겠습니다."}, "video_url": {"https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
	}).has(t, "답변을 등록했습니다")
	anon := j.visitor("방문자")
	anon.open("answered", share.Path)
	anon.sees(title, "단속 카메라 2대를")
	anon.play()
	src := eval[string](anon, `(f => f ? f.src : "")(document.querySelector(".answer iframe"))`)
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/") {
		t.Errorf("answer video iframe src = %q", src)
	}
	if w := eval[float64](anon, `document.querySelector(".answer iframe").getBoundingClientRect().right`); w > 390 {
		t.Errorf("the answer video reaches %.0fpx on a 390px screen", w)
	}
}

func TestBrowserKeyboardOnly(t *testing.T) {
	s := newTestSite(t, browserSettings)
	j := newJourney(t, s, "keyboard", 1280, 900)
	id := openPetition(t, s, "대림동 공원 야간 조명 설치")
	if _, err := models.CreateVerifiedUser(s.db, "keys@example.com", "keyboard123", "한결", "대림2동", models.RoleResident, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	kim := j.visitor("한결")
	kim.open("petition", "/petitions/"+id)

	// the first Tab lands on the skip link, and it shows
	kim.key(kb.Tab)
	if f := kim.focused(); f.Text != "본문 바로가기" || f.Top < 0 || f.Outline == "none" {
		t.Fatalf("first Tab focused %+v, want the visible skip link 본문 바로가기", f)
	}
	kim.tabTo("로그인하고 공감하기")
	kim.pressKey("login", kb.Enter)
	if !strings.HasPrefix(kim.url, "/login?next=") {
		t.Fatalf("Enter on 로그인하고 공감하기 led to %s, want the log-in page", kim.url)
	}

	// skip link, then straight into the form
	kim.key(kb.Tab)
	if f := kim.focused(); f.Text != "본문 바로가기" {
		t.Fatalf("first Tab on the log-in page focused %+v", f)
	}
	kim.key(kb.Enter)
	if f := kim.focused(); f.ID != "main" {
		t.Errorf("the skip link moved focus to %+v, want main", f)
	}
	kim.key(kb.Tab)
	if f := kim.focused(); f.Label != "이메일" {
		t.Fatalf("Tab after the skip link focused %+v, want the 이메일 field", f)
	}
	kim.key("keys@example.com")
	kim.key(kb.Tab)
	kim.key("keyboard123")
	kim.pressKey("back-at-petition", kb.Enter)
	kim.sees("한결님", "로그아웃")

	kim.tabTo("공감 한마디 (선택, 200자 이하)")
	kim.key("밤에 아이와 걷기 무서워요")
	kim.tabTo("공감하기")
	kim.pressKey("supported", " ")
	kim.sees("공감했습니다", "이 청원에 공감하셨습니다", "밤에 아이와 걷기 무서워요", "한*")
}

// openPetition takes a petition through 사전동의 and review over HTTP, and
// returns its id.
func openPetition(t *testing.T, s *testSite, title string) string {
	t.Helper()
	author := s.signUp("author@example.com", "김영희", "대림2동")
	r := author.submit("/petitions/new", "/petitions", url.Values{"confirm": {"1"}, "title": {title}, "category": {"생활환경·교통안전"},
		"body": {"대림동 근린공원은 밤이 되면 너무 어두워 산책하기 무섭습니다. 조명을 설치해 주세요."}})
	r.is(t, 200)
	m := petitionURL.FindStringSubmatch(r.url)
	sh := shareURL.FindStringSubmatch(r.body)
	if m == nil || sh == nil {
		t.Fatalf("filing ended at %s without a 사전동의 link", r.url)
	}
	token := strings.Split(sh[1], "share=")[1]
	for i, says := range []string{"공감했습니다", "검토를 거쳐 공개됩니다"} {
		s.signUp(fmt.Sprintf("n%d@example.com", i), "이웃"+strconv.Itoa(i), "대림1동").
			submit(sh[1], "/petitions/"+m[1]+"/support", url.Values{"share": {token}}).has(t, says)
	}
	if _, err := models.CreateVerifiedUser(s.db, "desk@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	s.logIn("desk@ydp1.test", "staffpass123").submit("/petitions/"+m[1], "/admin/petitions/"+m[1]+"/publish", url.Values{}).has(t, "청원을 공개했습니다")
	return m[1]
}

// focus describes the element that has the keyboard focus.
type focus struct {
	Tag, ID, Text, Label, Outline string
	Top                           float64
}

func (v *visitor) focused() focus {
	v.j.t.Helper()
	return eval[focus](v, `(e => ({
		Tag: e.tagName, ID: e.id || "",
		Text: (e.innerText || "").replace(/\s+/g, " ").trim(),
		Label: e.labels && e.labels.length ? e.labels[0].textContent.replace(/\s+/g, " ").trim() : "",
		Outline: getComputedStyle(e).outlineStyle,
		Top: e.getBoundingClientRect().top,
	}))(document.activeElement)`)
}

// key types keys (text, Tab, Enter or Space) at whatever has the focus.
func (v *visitor) key(keys string) {
	v.j.t.Helper()
	v.do("press keys", chromedp.KeyEvent(keys))
}

// pressKey presses a key that leads to another page.
func (v *visitor) pressKey(step, keys string) {
	v.j.t.Helper()
	v.load(step, "press key", chromedp.KeyEvent(keys))
}

// tabTo presses Tab until the focus is on the control with this text or
// label, checking on the way that every focused element shows it.
func (v *visitor) tabTo(name string) {
	v.j.t.Helper()
	var path []string
	for range 40 {
		v.key(kb.Tab)
		f := v.focused()
		path = append(path, f.Tag+" "+f.Text+f.Label)
		if f.Outline == "none" {
			v.j.t.Errorf("%s at %s: focus on %s %q is not visible", v.who, v.url, f.Tag, f.Text+f.Label)
		}
		if f.Text == name || f.Label == name {
			v.j.t.Logf("%s: %d × Tab to %q", v.who, len(path), name)
			return
		}
	}
	v.fatalf("Tab never reached %q; focus went: %s", name, strings.Join(path, " → "))
}
