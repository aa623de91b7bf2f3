package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
	"ydp1/static"
	"ydp1/views"
)

// pageSet holds one template set per page and language: the layout, every
// partial and the page, with the helpers that speak the language.
type pageSet struct {
	pages map[string]*template.Template // by language code, space, page name
}

// loadViews parses every page once at start and fails if any does not
// parse; each language gets a clone with its own helpers.
func loadViews(funcs template.FuncMap, langFuncs func(*lang) template.FuncMap) (*pageSet, error) {
	v := &pageSet{pages: map[string]*template.Template{}}
	funcs = maps.Clone(funcs)
	maps.Copy(funcs, langFuncs(langs[0]))
	err := fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" || p == "layout.html" ||
			strings.HasPrefix(p, "partials/") || strings.HasPrefix(p, "mail/") {
			return err
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(views.FS, "layout.html", "partials/*.html", p)
		if err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		name := strings.TrimSuffix(p, ".html")
		v.pages[langs[0].Code+" "+name] = t
		for _, l := range langs[1:] {
			clone, err := t.Clone()
			if err != nil {
				return err
			}
			v.pages[l.Code+" "+name] = clone.Funcs(langFuncs(l))
		}
		return nil
	})
	return v, err
}

// Render writes the page name inside the layout; data is the page's struct
// (a pager).
func (v *pageSet) Render(w io.Writer, name string, data any, c echo.Context) error {
	pg, ok := data.(pager)
	if !ok {
		return fmt.Errorf("page %q: data is %T", name, data)
	}
	b := pg.Base()
	if b.Lang == nil {
		b.Lang = langs[0]
	}
	t, ok := v.pages[b.Lang.Code+" "+name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	// The page's own content is rendered first, then the layout around it:
	// the content of some pages is the same for everyone and is kept by the
	// page cache (pagecache.go), which hands it back as ContentHTML.
	content := b.ContentHTML
	if content == "" {
		buf := getBuffer()
		defer putBuffer(buf)
		if err := t.ExecuteTemplate(buf, "content", pg); err != nil {
			return err
		}
		content = template.HTML(buf.String()) // #nosec G203 -- the output of html/template
		if !b.personal {
			c.Set(renderedKey, &rendered{name: name, content: content, meta: b.meta(), viewer: b.viewer})
		}
	}
	// The layout is rendered around a mark, and the content, its slots filled
	// for this visitor, is written in the mark's place: the page is never
	// copied whole.
	b.ContentHTML = template.HTML(contentMark) // #nosec G203 -- a random token
	return v.writeAround(w, t, name, string(content), pg)
}

// writeAround writes the layout with content, its slots filled, in the place of the mark.
func (v *pageSet) writeAround(w io.Writer, t *template.Template, name, content string, data pager) error {
	layout := getBuffer()
	defer putBuffer(layout)
	// the layout shows only the base: its fields are found without looking
	// through the page's embedded structs, which costs allocations per field
	if err := t.ExecuteTemplate(layout, "layout.html", data.Base()); err != nil {
		return err
	}
	before, after, found := bytes.Cut(layout.Bytes(), []byte(contentMark))
	if !found {
		return fmt.Errorf("page %q: the layout has no place for the content", name)
	}
	if _, err := w.Write(before); err != nil {
		return err
	}
	if err := writeFilled(w, t, content, data); err != nil {
		return err
	}
	_, err := w.Write(after)
	return err
}

// A page whose content is the same for every visitor but for a small part
// (the 공감 box of a petition) marks that part with {{slot "name"}} and
// defines it as the template "slot-name". The content is rendered and kept
// with the mark; the part is rendered for each visitor, from the page the
// page's viewerFunc (base.viewer) builds for them.
type viewerFunc func(c echo.Context) (pager, error)

// slotMark is unique to this process, so no text a visitor wrote can pass
// for a mark; it starts with a private-use character, which HTML and Korean
// text hardly ever hold, so looking for it skips through a page quickly.
// Marks never leave the server: every page is filled before it is sent.
var slotMark = "\uE000slot " + models.NewToken() + " "

const slotEnd = "\uE000"

func slot(name string) template.HTML {
	return template.HTML(slotMark + name + slotEnd) // #nosec G203 -- a random token and a template name
}

// contentMark holds the content's place in the layout while it is rendered.
var contentMark = "\uE000content " + models.NewToken() + slotEnd

// writeFilled writes content with each marked part rendered for this visitor.
func writeFilled(w io.Writer, t *template.Template, s string, data pager) error {
	for i := strings.Index(s, slotMark); i >= 0; i = strings.Index(s, slotMark) {
		if _, err := io.WriteString(w, s[:i]); err != nil {
			return err
		}
		name, rest, _ := strings.Cut(s[i+len(slotMark):], slotEnd)
		if err := t.ExecuteTemplate(w, "slot-"+name, data); err != nil {
			return err
		}
		s = rest
	}
	_, err := io.WriteString(w, s)
	return err
}

// buffers keep the buffers pages are rendered into: a page is tens of
// kilobytes, and growing a new buffer to that size for every page cost more
// than the layout around a kept content.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 { // an exceptional page's buffer is let go
		buffers.Put(b)
	}
}

// render adds what every page needs (the viewer, CSRF token, flash, form
// state) and writes the page with the status code.
func (a *App) render(c echo.Context, status int, name string, data pager) error {
	a.fill(c, data.Base())
	c.Response().Header().Set("Cache-Control", "no-store")
	// rendered into a buffer first, so a template error never sends half a page
	buf := getBuffer()
	defer putBuffer(buf)
	if err := a.views.Render(buf, name, data, c); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len())) // see cachedPage.serve
	return c.HTMLBlob(status, buf.Bytes())
}

// fill sets the values every page shows around its own.
func (a *App) fill(c echo.Context, b *base) {
	b.Lang = langOf(c)
	b.User = currentUser(c)
	b.CSRF, _ = c.Get("csrf").(string)
	b.Path = c.Request().URL.Path
	b.Here = returnPath(c)
	b.Flash = a.popFlash(c)
	b.BaseURL = a.cfg.BaseURL
	if settings, err := a.pages.settings(a.dbFor(c)); err == nil {
		b.Settings = &settings
		b.Notice = settings.Notice
	}
	if b.Form == nil {
		b.Form = url.Values{}
	}
	if b.Errors == nil {
		b.Errors = models.Errors{}
	}
}

// returnPath is where log-in and sign-up links bring the visitor back to:
// this page, or on those pages the place they were already going.
func returnPath(c echo.Context) string {
	switch c.Request().URL.Path {
	case "/login", "/signup", "/verify":
		return c.QueryParam("next")
	case "/":
		return ""
	}
	if c.Request().Method != "GET" {
		return ""
	}
	return c.Request().URL.RequestURI()
}

// funcs are the helpers templates use.
func (a *App) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":         a.assets.url,
		"isodate":       func(t time.Time) string { return t.In(models.Seoul).Format(time.RFC3339) },
		"number":        number,
		"mask":          models.MaskName,
		"daysLeft":      a.daysLeft,
		"dongs":         func() []string { return models.Dongs },
		"residentDongs": func() []string { return models.ResidentDongs },
		"categories":    func() []string { return models.Categories },
		"hideReasons":   func() []choice { return codeChoices(petitions.HideReasons, petitions.HideReasonID) },
		"progressKinds": func() []choice { return codeChoices(petitions.ProgressKinds, petitions.ProgressKindID) },
		"reportReason":  petitions.ReportReasonID,
		"fieldOf":       fieldOf,
		"choices":       choices,
		"kindChoices":   kindChoices,
		"regionNames":   regionNames,
		"staffChoices":  staffChoices,
		"teamChoices":   teamChoices,
		"teamMeetings":  teamMeetingChoices,
		"labelChoices":  labelChoices,
		"meetingState":  meetings.StateMsg,
		"clock":         func(t time.Time) string { return t.In(models.Seoul).Format("15:04") },
		"statuses":      func() []petitions.Status { return petitions.PublicStatuses },
		"summary":       errorSummary,
		"add":           func(a, b int) int { return a + b },
		"pager":         newPager,
		"deref":         func(t *time.Time) time.Time { return *t },
		"now":           func() time.Time { return a.now() },
		"nl2br":         nl2br,
		"slot":          slot,
		"dict":          dict,
		"textlang":      textLang, // lang="{{textlang .Title}}": what residents and staff wrote, in its own language
		// safeHTML marks HTML that models.RenderMarkdown has already sanitised
		"safeHTML": func(s string) template.HTML { return template.HTML(s) }, // #nosec G203 -- only for models.RenderMarkdown output, sanitised by bluemonday
	}
}

// number writes any integer with thousands separators: 1,000.
func number(n any) string {
	switch v := n.(type) {
	case int:
		return models.FormatNumber(v)
	case int64:
		return models.FormatNumber(int(v))
	case uint:
		return models.FormatNumber(int(v))
	}
	return fmt.Sprint(n)
}

// formatDate writes a date in Korean, for the texts not yet in the catalogs.
var formatDate = models.FormatDate

// dday writes a deadline as a D-day counter in the language: D-3, D-day,
// D+2 (3 days left, last day, 2 days ago …).
func (a *App) dday(l *lang, deadline any) string {
	t, ok := deadlineOf(deadline)
	if !ok {
		return ""
	}
	switch n := models.DaysLeft(t, a.now()); {
	case n > 0:
		return l.T("common.dday.left", "Count", n)
	case n == 0:
		return l.T("common.dday.today")
	default:
		return l.T("common.dday.past", "Count", -n)
	}
}

// deadlineOf is the time of a deadline given as a time or a pointer to one.
func deadlineOf(deadline any) (time.Time, bool) {
	switch d := deadline.(type) {
	case time.Time:
		return d, true
	case *time.Time:
		if d != nil {
			return *d, true
		}
	}
	return time.Time{}, false
}

// daysLeft is the number of days until a deadline (0 on its day, negative
// after it), for "마감까지 19일" where a D-day counter would be unclear.
func (a *App) daysLeft(deadline any) int {
	switch d := deadline.(type) {
	case time.Time:
		return models.DaysLeft(d, a.now())
	case *time.Time:
		if d != nil {
			return models.DaysLeft(*d, a.now())
		}
	}
	return -1
}

func nl2br(s string) template.HTML {
	paras := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n")
	var b strings.Builder
	for _, p := range paras {
		if strings.TrimSpace(p) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(p), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return template.HTML(b.String()) // #nosec G203 -- each paragraph was escaped above
}

// dict builds a map for passing several values to a partial.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

type fieldError struct{ Field, Message string }

// errorSummary lists the messages of errs for the given fields in form
// order, for the summary at the top of a form.
func errorSummary(errs models.Errors, fields ...string) []fieldError {
	var out []fieldError
	for _, f := range fields {
		if m, ok := errs[f]; ok {
			out = append(out, fieldError{f, m})
		}
	}
	return out
}

// assets serves the embedded static files under a URL that carries their
// content hash, so browsers may keep them for a year.
type assets struct {
	hashes map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{hashes: map[string]string{}}
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

func (a *assets) url(name string) string {
	return "/static/" + a.hashes[name] + "/" + name
}

// serve answers /static/:hash/*. A current hash gets a year of caching; an
// old one still gets the file, but only briefly cached.
func (a *assets) serve(c echo.Context) error {
	name := c.Param("*")
	hash, ok := a.hashes[name]
	if !ok {
		return echo.ErrNotFound
	}
	if c.Param("hash") == hash {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "public, max-age=300")
	}
	c.Response().Header().Set("ETag", `"`+hash+`"`)
	if c.Request().Header.Get("If-None-Match") == `"`+hash+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	http.ServeFileFS(c.Response(), c.Request(), static.FS, name)
	return nil
}
