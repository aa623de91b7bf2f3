package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"ydp1/internal/keep"
	"ydp1/models"
)

// Anonymous visitors all see the same home page, list and petition, so those
// pages are rendered once and served from memory for a few seconds. A change
// made on this instance (any successful POST) empties the cache at once,
// except a support: like the UK petitions site, counts may lag by the
// cache's lifetime, which is what lets a viral petition's readers share one
// rendering. Several instances each keep their own cache; the lifetime bounds
// how stale another instance's page can be. Each cached page carries an ETag
// and Cache-Control, so browsers revalidate cheaply and a CDN may hold it as
// briefly.

// pageCacheTTL is how long a rendered page is served to anonymous visitors.
const pageCacheTTL = 5 * time.Second

// cachePolicy is how the page cache may keep a route's pages. A route
// declares it where it is registered (routes.go, cachedGET and laggingPOST);
// a route registered plainly is never cached.
type cachePolicy int

const (
	notCached cachePolicy = iota
	// forAnonymous: the page is the same for every anonymous visitor.
	forAnonymous
	// sharedContent: besides, the content (the page without its header and
	// footer) is the same for every visitor, logged in or not: a logged-in
	// visitor gets the kept content inside a layout of their own.
	sharedContent
	// sharedButStaff: shared content, but staff see desk tools on it and get
	// their own page.
	sharedButStaff
	// lagging: a change that does not empty the cache (a support: its count
	// may lag by the cache's lifetime).
	lagging
)

// anonymous tells whether anonymous visitors share the route's pages.
func (p cachePolicy) anonymous() bool { return p != notCached && p != lagging }

// shared tells whether the route's content is kept for logged-in visitors.
func (p cachePolicy) shared() bool { return p == sharedContent || p == sharedButStaff }

// cachedGET registers a GET route whose pages the cache keeps as policy says.
func (a *App) cachedGET(e *echo.Echo, path string, h echo.HandlerFunc, policy cachePolicy, m ...echo.MiddlewareFunc) {
	a.pages.policies[path] = policy
	e.GET(path, h, m...)
}

// laggingPOST registers a change after which the cache is not emptied.
func (a *App) laggingPOST(e *echo.Echo, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	a.pages.policies[path] = lagging
	e.POST(path, h, m...)
}

// renderedKey is where pageSet.Render leaves the content it rendered.
const renderedKey = "rendered"

// rendered is a page's content and the values its layout shows.
type rendered struct {
	name    string
	content template.HTML // with the marks of its slots (render.go)
	meta    meta
	viewer  viewerFunc // the values of the slots for a visitor, if the page has slots
}

type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
	gen   uint64 // bumped by every change; a page of an older generation is stale
	max   int
	ttl   time.Duration

	policies map[string]cachePolicy // by route, filled as the routes are registered

	// the settings every page shows (the site notice), read again after a
	// change or a second, so another instance's change shows within one
	site keep.Map[struct{}, models.Settings]

	memos keep.Map[string, any] // values pages compute from many rows (remember), kept as long as a page
}

// remember gives what compute returns for key, computed again only when a
// page cached at the same moment would be rendered again. Pages use it for
// figures that read many rows, such as a viral petition's 행정동 tally.
func remember[T any](pc *pageCache, key string, compute func() (T, error)) (T, error) {
	v, err := pc.memos.Get(key, func() (any, error) { return compute() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

type cachedPage struct {
	body        []byte // the whole page for anonymous visitors; nil when only the content is kept
	zipOnce     sync.Once
	gzipped     []byte // body compressed on its second request, for the browsers that accept it (all of them)
	contentType string
	etag        string
	stored      time.Time
	gen         uint64
	rendered    *rendered // the content, for logged-in visitors on routes of shared content
}

func newPageCache() *pageCache {
	return &pageCache{
		pages: map[string]*cachedPage{}, max: 2000, ttl: pageCacheTTL, policies: map[string]cachePolicy{},
		site:  keep.Map[struct{}, models.Settings]{TTL: time.Second},
		memos: keep.Map[string, any]{TTL: pageCacheTTL, Max: 2000},
	}
}

func (pc *pageCache) get(key string, now time.Time) *cachedPage {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p := pc.pages[key]
	if p == nil || p.gen != pc.gen || now.Sub(p.stored) >= pc.ttl {
		return nil
	}
	return p
}

// generation is read before rendering, so a page rendered across a change is
// stored as already stale.
func (pc *pageCache) generation() uint64 {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.gen
}

func (pc *pageCache) put(key string, p *cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.pages) >= pc.max {
		for k, old := range pc.pages {
			if old.gen != pc.gen || p.stored.Sub(old.stored) >= pc.ttl {
				delete(pc.pages, k)
			}
		}
		if len(pc.pages) >= pc.max {
			return // many distinct addresses at once: serve them uncached
		}
	}
	pc.pages[key] = p
}

func (pc *pageCache) settings(db *gorm.DB) (models.Settings, error) {
	return pc.site.Get(struct{}{}, func() (models.Settings, error) { return models.LoadSettings(db) })
}

func (pc *pageCache) invalidate() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	clear(pc.pages)
	pc.memos.Forget()
	pc.site.Forget()
}

// cachePages serves the routes cached forAnonymous to anonymous visitors from the page cache.
// It runs after loadUser and before the CSRF middleware: the pages it keeps
// carry no form, so a cached answer needs no token and sets no cookie.
func (a *App) cachePages(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet {
			err := next(c)
			if req.Method == http.MethodPost && err == nil && c.Response().Status < 400 && a.pages.policies[c.Path()] != lagging {
				a.pages.invalidate()
			}
			return err
		}
		if !a.pages.policies[c.Path()].anonymous() || req.URL.Query().Has("share") {
			return next(c)
		}
		key := langOf(c).Code + " " + req.URL.RequestURI() // a page is kept in each language
		now := time.Now()
		if currentUser(c) != nil || a.hasFlash(c) {
			return next(c)
		}
		if p := a.pages.get(key, now); p != nil && p.body != nil {
			return p.serve(c, true)
		}
		gen := a.pages.generation()
		res := c.Response()
		rec := &recorder{ResponseWriter: res.Writer}
		res.Writer = rec
		err := next(c)
		res.Writer = rec.ResponseWriter
		h := res.Header()
		cookies := h.Values("Set-Cookie")
		token, _ := c.Get("csrf").(string)
		fresh := len(cookies) == 0 || (len(cookies) == 1 && bytes.HasPrefix([]byte(cookies[0]), []byte("_csrf=")))
		if err != nil || rec.status != http.StatusOK || !fresh || (token != "" && bytes.Contains(rec.buf.Bytes(), []byte(token))) {
			// not a page to share: send it as rendered
			if rec.status != 0 {
				rec.ResponseWriter.WriteHeader(rec.status)
				if _, werr := rec.ResponseWriter.Write(rec.buf.Bytes()); werr != nil && err == nil {
					err = werr
				}
			}
			return err
		}
		sum := sha256.Sum256(rec.buf.Bytes())
		p := &cachedPage{body: rec.buf.Bytes(), contentType: h.Get(echo.HeaderContentType),
			etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, stored: now, gen: gen}
		if r, ok := c.Get(renderedKey).(*rendered); ok && a.pages.policies[c.Path()].shared() {
			p.rendered = r
		}
		a.pages.put(key, p)
		h.Del("Set-Cookie")   // the page has no form: the CSRF cookie can wait for one that does
		res.Committed = false // the recorder took the status; now the page goes out for real
		return p.serve(c, false)
	}
}

// shareContent serves a logged-in visitor: their own header and footer
// around the kept content where the route allows it, the whole page rendered
// for them otherwise.
// It runs after the CSRF middleware: the header has the log-out form.
func (a *App) shareContent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// staff with their desk tools, and a visitor with a message waiting (who
		// has just changed something: they see it at once), get their own
		u, policy := currentUser(c), a.pages.policies[c.Path()]
		if c.Request().Method != http.MethodGet || !policy.shared() || u == nil ||
			u.IsStaff() && policy == sharedButStaff || a.hasFlash(c) {
			return next(c)
		}
		return a.sharedContent(c, next, langOf(c).Code+" "+c.Request().URL.RequestURI(), time.Now())
	}
}

func (a *App) sharedContent(c echo.Context, next echo.HandlerFunc, key string, now time.Time) error {
	if p := a.pages.get(key, now); p != nil && p.rendered != nil {
		var data pager = &base{}
		if p.rendered.viewer != nil {
			var err error
			if data, err = p.rendered.viewer(c); err != nil {
				return err
			}
		}
		b := data.Base()
		b.setMeta(p.rendered.meta)
		b.ContentHTML = p.rendered.content
		return a.render(c, http.StatusOK, p.rendered.name, data)
	}
	gen := a.pages.generation()
	err := next(c)
	if r, ok := c.Get(renderedKey).(*rendered); ok && err == nil && c.Response().Status == http.StatusOK {
		a.pages.put(key, &cachedPage{stored: now, gen: gen, rendered: r})
	}
	return err
}

// serve answers with the cached page, or 304 when the visitor has it. A
// browser that accepts gzip gets the compressed page, about a quarter of the
// bytes, under an ETag of its own, from the page's second request on (again
// true): compressing costs about as much as rendering, so a page asked for
// only once (a search, a deep page) is not compressed.
func (p *cachedPage) serve(c echo.Context, again bool) error {
	body, etag := p.body, p.etag
	h := c.Response().Header()
	if again && acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) && p.compressed() != nil {
		body, etag = p.gzipped, strings.TrimSuffix(p.etag, `"`)+`-gz"`
		h.Set(echo.HeaderContentEncoding, "gzip")
	}
	h.Set(echo.HeaderContentType, p.contentType)
	h.Set("ETag", etag)
	h.Set(echo.HeaderLastModified, p.stored.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "public, max-age=0, s-maxage="+strconv.Itoa(int(pageCacheTTL/time.Second)))
	h.Set(echo.HeaderVary, "Cookie, Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == etag {
		h.Del(echo.HeaderContentEncoding)
		return c.NoContent(http.StatusNotModified)
	}
	// a known length spares net/http the chunked encoding of a body past 2 KB,
	// and the extra write that ends it
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, p.contentType, body)
}

// gzipWriters are kept between pages: a compressor holds about a megabyte.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestCompression) // once per page and lifetime
	return zw
}}

// compressed is the page gzipped, made once.
func (p *cachedPage) compressed() []byte {
	p.zipOnce.Do(func() { p.gzipped = gzipped(p.body) })
	return p.gzipped
}

// gzipped is page compressed, or nil if compressing does not pay.
func gzipped(page []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(page); err != nil || zw.Close() != nil || buf.Len() >= len(page) {
		return nil
	}
	return buf.Bytes()
}

// acceptsGzip reads an Accept-Encoding header: gzip listed, or else *,
// without q=0.
func acceptsGzip(header string) bool {
	gz, star := -1, -1 // not listed; 0 refused, 1 accepted
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		ok := 1
		if q, found := strings.CutPrefix(strings.ReplaceAll(strings.ToLower(params), " ", ""), "q="); found {
			if v, err := strconv.ParseFloat(q, 64); err != nil || v == 0 {
				ok = 0
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gz = ok
		case "*":
			star = ok
		}
	}
	if gz >= 0 {
		return gz == 1
	}
	return star == 1
}

// hasFlash tells whether the visitor has a message waiting to be shown once.
func (a *App) hasFlash(c echo.Context) bool {
	if _, err := c.Cookie(sessionName); err != nil {
		return false
	}
	_, ok := a.session(c).Values["_flash"]
	return ok
}

// recorder holds a response back until the cache has seen it.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.buf.Write(b)
}
