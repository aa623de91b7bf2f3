package app

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

func (a *App) exportPetitions(c echo.Context) error {
	var buf bytes.Buffer
	if err := petitions.WritePetitionsCSV(a.dbFor(c), &buf, a.now(), trOf(c)); err != nil {
		return err
	}
	return a.sendCSV(c, "ydp1-petitions-"+a.fileDate()+".csv", buf.Bytes())
}

func (a *App) exportDongs(c echo.Context) error {
	p, err := a.loadPetition(c, "")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := petitions.WriteDongsCSV(a.dbFor(c), &buf, p.ID, trOf(c)); err != nil {
		return err
	}
	return a.sendCSV(c, "ydp1-petition-"+strconv.Itoa(int(p.ID))+"-dongs-"+a.fileDate()+".csv", buf.Bytes())
}

// trOf gives a message id in the request's language, for a file the
// models write (a CSV's headings).
func trOf(c echo.Context) func(id string) string {
	l := langOf(c)
	return func(id string) string { return l.T(id) }
}

// fileDate is today in Seoul, for file names.
func (a *App) fileDate() string { return a.now().In(models.Seoul).Format("20060102") }

// sendCSV sends a file to download. The whole file is built first, so an
// error becomes an error page instead of half a file.
func (a *App) sendCSV(c echo.Context, filename string, b []byte) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b)
}
