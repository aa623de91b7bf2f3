// Package views holds the HTML templates, embedded in the binary.
package views

import "embed"

// FS holds layout.html, partials/*.html, the pages and the mail templates.
//
//go:embed *.html */*.html mail/*.txt
var FS embed.FS
