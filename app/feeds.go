package app

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

// Atom feeds of the public record, written by gorilla/feeds. Links are
// absolute (BASE_URL) because a feed is read away from the site; ids are
// tag URIs (RFC 4151), which stay the same when the site moves.

// recordAuthority names the site in the ids of its records: the Atom ids
// (tag:ydp1.ydp.go.kr,2026:petition/123) and the calendars' UIDs
// (meeting-7@ydp1.ydp.go.kr). It is fixed, whatever BASE_URL says, so a
// reader never sees an entry twice because the site changed address.
const recordAuthority = "ydp1.ydp.go.kr"

// tagID is the Atom id of what specific names, e.g. "petition/123".
func tagID(specific string) string {
	return "tag:" + recordAuthority + ",2026:" + specific
}

const atomType = "application/atom+xml; charset=utf-8"

// feedAuthor signs the feeds; each petition entry names its masked author.
var feedAuthor = &feeds.Author{Name: "영등포구청 소통공감팀"}

func (a *App) petitionsFeed(c echo.Context) error {
	ps, err := petitions.NewlyOpened(a.dbFor(c), petitions.FeedSize, a.now())
	if err != nil {
		return err
	}
	f := a.newFeed("/feeds/petitions.atom", "feeds/petitions", "영등포신문고 새 청원",
		"영등포구 구민청원 영등포신문고에 새로 공개된 청원입니다. 공감은 청원 페이지에서 할 수 있습니다.")
	for _, p := range ps {
		link := a.petitionURL(p.ID)
		summary := "[" + p.Category + "] " + p.Status.Label() + " · 공감 " + number(p.SupportCount) + "명"
		if p.ClosesAt != nil {
			summary += " · " + formatDate(*p.ClosesAt) + " 마감"
		}
		f.Add(&feeds.Item{
			Id: tagID("petition/" + strconv.FormatUint(uint64(p.ID), 10)), Title: p.Title, Link: &feeds.Link{Href: link},
			Author:      &feeds.Author{Name: p.Author.MaskedName()},
			Description: html.EscapeString(summary),
			Content:     string(nl2br(p.Body)),
			Created:     *p.OpenedAt, Updated: *p.OpenedAt,
		})
	}
	return a.writeFeed(c, f)
}

func (a *App) answersFeed(c echo.Context) error {
	ps, err := petitions.LatestAnswers(a.dbFor(c), petitions.FeedSize, a.now())
	if err != nil {
		return err
	}
	f := a.newFeed("/feeds/answers.atom", "feeds/answers", "영등포신문고 구청장 답변",
		"공감 기준을 넘은 영등포신문고 청원에 영등포구청장이 한 답변입니다.")
	for _, p := range ps {
		ans := p.Answer
		link := a.petitionURL(p.ID) + "#answer"
		content := ans.BodyHTML
		if ans.VideoURL != "" {
			content = `<p><a href="` + html.EscapeString(ans.VideoURL) + `">답변 영상 보기</a></p>` + content
		}
		f.Add(&feeds.Item{
			Id:    tagID("petition/" + strconv.FormatUint(uint64(p.ID), 10) + "/answer"),
			Title: ans.Answerer + " 답변: " + p.Title, Link: &feeds.Link{Href: link},
			Author:      &feeds.Author{Name: ans.Answerer},
			Description: html.EscapeString("[" + p.Category + "] 공감 " + number(p.SupportCount) + "명 · " + formatDate(ans.AnsweredAt) + " 답변"),
			Content:     content,
			Created:     ans.AnsweredAt, Updated: latest(ans.AnsweredAt, ans.UpdatedAt), // the answer's own dates, an edit's if any
		})
	}
	return a.writeFeed(c, f)
}

// newFeed starts a feed whose self link is its own address and whose id is
// the tag of specific.
func (a *App) newFeed(path, specific, title, subtitle string) *feeds.Feed {
	return &feeds.Feed{
		Id: tagID(specific), Title: title, Description: subtitle, Author: feedAuthor,
		Link:      &feeds.Link{Href: a.cfg.BaseURL + path, Rel: "self"},
		Copyright: "영등포구",
	}
}

func (a *App) petitionURL(id uint) string {
	return a.cfg.BaseURL + "/petitions/" + strconv.FormatUint(uint64(id), 10)
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// writeFeed sends f as Atom, dated by its latest entry. A reader that
// already holds this exact version gets 304; the tag is the hash of the body,
// so a petition taken down also changes it.
func (a *App) writeFeed(c echo.Context, f *feeds.Feed) error {
	for _, it := range f.Items {
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
	}
	if f.Updated.IsZero() {
		f.Updated = a.now()
	}
	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	atom.Id = f.Id // gorilla/feeds would take the self link, which moves with BASE_URL
	atom.Updated = f.Updated.In(models.Seoul).Format(time.RFC3339)
	for i, it := range f.Items {
		atom.Entries[i].Published = it.Created.In(models.Seoul).Format(time.RFC3339)
		atom.Entries[i].Updated = it.Updated.In(models.Seoul).Format(time.RFC3339)
	}
	body, err := feeds.ToXML(atom)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	c.Response().Header().Set("ETag", etag)
	c.Response().Header().Set("Cache-Control", "no-cache")
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, atomType, []byte(body))
}
