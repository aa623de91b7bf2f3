package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models/petitions"
)

// apiSimilarPetitions suggests public petitions like the title being typed;
// the petition form asks it as the resident writes.
func (a *App) apiSimilarPetitions(c echo.Context) error {
	title, err := textParam(c, "title", petitions.MaxTitle)
	if err != nil {
		return err
	}
	ps, err := petitions.SimilarPetitions(a.dbFor(c), title, petitions.MaxSimilar, a.now())
	if err != nil {
		return err
	}
	items := make([]apiPetition, len(ps))
	for i := range ps {
		items[i] = a.toAPI(c, &ps[i])
	}
	words := petitions.TitleWords(title)
	if words == nil {
		words = []string{}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "words": words})
}
