// Package static holds the CSS, scripts and images, embedded in the binary.
package static

import "embed"

// FS holds the static files served under /static/.
//
//go:embed *.css *.js *.svg *.png
var FS embed.FS
