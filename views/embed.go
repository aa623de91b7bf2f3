// Package views holds the HTML templates, embedded in the binary.
package views

import "embed"

// FS holds layout.html, partials/*.html, the pages, the mail templates and
// the message catalogs of the three languages (i18n/ko.toml, en.toml, zh.toml).
//
//go:embed *.html */*.html mail/*.txt i18n/*.toml
var FS embed.FS
