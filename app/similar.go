package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models/petitions"
)

// apiSimilar is a suggested petition with the address of its page.
type apiSimilar struct {
	apiPetition
	URL string `json:"url"`
}

// apiSimilarPetitions suggests public petitions like the title being typed;
// the petition form asks it as the resident writes.
func (a *App) apiSimilarPetitions(c echo.Context) error {
	title := c.QueryParam("title")
	ps, err := petitions.SimilarPetitions(a.dbFor(c), title, petitions.MaxSimilar, a.now())
	if err != nil {
		return err
	}
	items := make([]apiSimilar, len(ps))
	for i := range ps {
		items[i] = apiSimilar{apiPetition: toAPI(&ps[i]), URL: a.petitionURL(ps[i].ID)}
	}
	words := petitions.TitleWords(title)
	if words == nil {
		words = []string{}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "words": words})
}
