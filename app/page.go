package app

import (
	"html/template"
	"net/url"

	"ydp1/models"
)

// Every page renders from a struct of its own that embeds base: the values
// the layout and the partials show on every page, beside the page's own
// fields. html/template fails on a field a struct lacks, and
// TestPagesRender executes every page with its struct, so a misspelt name
// fails the suite instead of rendering an empty string.

// pager is what the renderer needs of a page: its base.
type pager interface{ Base() *base }

// base is what every page shows around its own values.
type base struct {
	// what the head of the page says of it; kept with a shared content (meta)
	Title       string
	Description string
	OG          *openGraph // the card a shared link shows

	// filled by App.render for every page
	Lang     *lang // the visitor's language
	User     *models.User
	CSRF     string
	Path     string // the path of the request, for the menus
	Here     string // where log-in and sign-up bring the visitor back to
	Flash    []flashMsg
	BaseURL  string
	Settings *models.Settings // nil if they could not be read
	Notice   string           // the site notice

	// the state of a form shown again: what was typed, and the messages by field
	Form   url.Values
	Errors models.Errors

	// ContentHTML is the page's content inside the layout, kept by the page
	// cache for pages that are the same for every visitor.
	ContentHTML template.HTML

	personal bool       // the content is this visitor's own: never kept
	viewer   viewerFunc // the values of the page's slots for a visitor, if it has slots
}

func (b *base) Base() *base { return b }

// Languages are the languages the header's switch offers.
func (b *base) Languages() []*lang { return langs }

// meta is what the head of a page says of it, kept with a shared content.
type meta struct {
	Title       string
	Description string
	OG          *openGraph
}

func (b *base) meta() meta { return meta{b.Title, b.Description, b.OG} }

func (b *base) setMeta(m meta) { b.Title, b.Description, b.OG = m.Title, m.Description, m.OG }

// openGraph is a page's share card.
type openGraph struct{ Title, Description, URL string }

// titled is the base of a page with its title.
func titled(title string) base { return base{Title: title} }
