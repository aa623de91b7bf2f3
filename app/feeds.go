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

func (a *App) petitionsFeed(c echo.Context) error {
	ps, err := petitions.NewlyOpened(a.dbFor(c), petitions.FeedSize, a.now())
	if err != nil {
		return err
	}
	f := a.newFeed(c, "/feeds/petitions.atom", "feeds/petitions", "feed.petitions.title", "feed.petitions.subtitle")
	l := langOf(c)
	for _, p := range ps {
		link := a.petitionURL(p.ID)
		summary := l.T("feed.petitions.summary", "Category", l.T(models.PlaceID(p.Category)), "Status", l.T(p.Status.LabelID()),
			"Count", p.SupportCount, "N", number(p.SupportCount))
		if p.ClosesAt != nil {
			summary += l.T("feed.petitions.closes", "Date", l.Date(*p.ClosesAt))
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
	f := a.newFeed(c, "/feeds/answers.atom", "feeds/answers", "feed.answers.title", "feed.answers.subtitle")
	l := langOf(c)
	for _, p := range ps {
		ans := p.Answer
		link := a.petitionURL(p.ID) + "#answer"
		content := ans.BodyHTML
		if ans.VideoURL != "" {
			content = `<p><a href="` + html.EscapeString(ans.VideoURL) + `">` + html.EscapeString(l.T("feed.answers.video")) + `</a></p>` + content
		}
		f.Add(&feeds.Item{
			Id:    tagID("petition/" + strconv.FormatUint(uint64(p.ID), 10) + "/answer"),
			Title: l.T("feed.answers.entry_title", "Answerer", ans.Answerer, "Title", p.Title), Link: &feeds.Link{Href: link},
			Author: &feeds.Author{Name: ans.Answerer},
			Description: html.EscapeString(l.T("feed.answers.summary", "Category", l.T(models.PlaceID(p.Category)),
				"Count", p.SupportCount, "N", number(p.SupportCount), "Date", l.Date(ans.AnsweredAt))),
			Content: content,
			Created: ans.AnsweredAt, Updated: latest(ans.AnsweredAt, ans.UpdatedAt), // the answer's own dates, an edit's if any
		})
	}
	return a.writeFeed(c, f)
}

// newFeed starts a feed in the request's language whose self link is its
// own address and whose id is the tag of specific: the same in every
// language, as its entries' ids are. The feeds are not in the page cache;
// their answers vary with the language (Vary: Accept-Language).
func (a *App) newFeed(c echo.Context, path, specific, title, subtitle string) *feeds.Feed {
	return &feeds.Feed{
		Id: tagID(specific), Title: t(c, title), Description: t(c, subtitle),
		Author:    &feeds.Author{Name: t(c, "feed.author")}, // each petition entry names its masked author
		Link:      &feeds.Link{Href: a.cfg.BaseURL + path, Rel: "self"},
		Copyright: t(c, "feed.copyright"),
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
