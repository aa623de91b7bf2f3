package app

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"ydp1/models"
)

// openAPI is the contract of the public API and feeds (OpenAPI 3.1), kept by
// hand beside the handlers it describes; TestAPIFollowsItsDocument checks
// the real answers of every endpoint against it.
//
//go:embed openapi.json
var openAPI []byte

// openAPIDoc serves the document as it is: its server "/" is the site that
// served it, whatever BASE_URL says.
func (a *App) openAPIDoc(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/json", openAPI)
}

// apiDocs shows the document to people, in the site's own pages.
func (a *App) apiDocs(c echo.Context) error {
	doc, err := readAPIDoc(openAPI)
	if err != nil {
		return err
	}
	doc.base = base{Title: t(c, "api.docs.title"), Description: t(c, "api.docs.description")}
	return a.render(c, http.StatusOK, "api/docs", doc)
}

// apiDocPage is the OpenAPI document as the page shows it: the operations by
// tag, then the shapes of what they answer.
type apiDocPage struct {
	base
	Version     string
	Intro       template.HTML
	Groups      []apiDocGroup
	Schemas     []apiDocSchema
	DocumentURL string
}

type apiDocGroup struct {
	Name, Description string
	Operations        []apiDocOperation
}

type apiDocOperation struct {
	ID, Method, Path, Summary string
	Description               template.HTML
	Params                    []apiDocField
	Responses                 []apiDocResponse
}

type apiDocResponse struct {
	Status, ContentType, Schema string
	Description                 template.HTML
}

type apiDocSchema struct {
	Name, Description string
	Fields            []apiDocField
}

// apiDocField is a parameter or a property: its type in words, its values.
type apiDocField struct {
	Name, In, Type, Default, Range string
	Required                       bool
	Enum                           []string
	Description                    template.HTML
}

// The parts of OpenAPI the page reads.
type (
	oaDoc struct {
		Info struct {
			Version, Description string
		}
		Tags       []struct{ Name, Description string }
		Paths      map[string]map[string]oaOperation
		Components struct {
			Parameters map[string]oaParam
			Responses  map[string]oaResponse
			Schemas    map[string]oaSchema
		}
	}
	oaOperation struct {
		OperationID          string `json:"operationId"`
		Tags                 []string
		Summary, Description string
		Parameters           []oaParam
		Responses            map[string]oaResponse
	}
	oaParam struct {
		Ref                   string `json:"$ref"`
		Name, In, Description string
		Required              bool
		Schema                oaSchema
	}
	oaResponse struct {
		Ref         string `json:"$ref"`
		Description string
		Content     map[string]struct{ Schema oaSchema }
	}
	oaSchema struct {
		Ref         string `json:"$ref"`
		Type        json.RawMessage
		Format      string
		Description string
		Enum        []any
		Default     any
		Minimum     *int
		Maximum     *int
		MaxLength   *int `json:"maxLength"`
		Required    []string
		Properties  map[string]oaSchema
		Items       *oaSchema
		AnyOf       []oaSchema `json:"anyOf"`
	}
)

// readAPIDoc turns the document into the page's values.
func readAPIDoc(raw []byte) (*apiDocPage, error) {
	var d oaDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	page := &apiDocPage{Version: d.Info.Version, Intro: markdown(d.Info.Description), DocumentURL: "/api/v1/openapi.json"}
	for _, tag := range d.Tags {
		g := apiDocGroup{Name: tag.Name, Description: tag.Description}
		for _, path := range sortedKeys(d.Paths) {
			for _, method := range sortedKeys(d.Paths[path]) {
				op := d.Paths[path][method]
				if !slices.Contains(op.Tags, tag.Name) {
					continue
				}
				o := apiDocOperation{ID: op.OperationID, Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Description: markdown(op.Description)}
				for _, p := range op.Parameters {
					if p.Ref != "" {
						p = d.Components.Parameters[refName(p.Ref)]
					}
					f := docField(p.Name, p.Schema, p.Required, p.Description)
					f.In = p.In
					o.Params = append(o.Params, f)
				}
				for _, status := range sortedKeys(op.Responses) {
					r := op.Responses[status]
					if r.Ref != "" {
						r = d.Components.Responses[refName(r.Ref)]
					}
					resp := apiDocResponse{Status: status, Description: inlineMarkdown(r.Description)}
					for ct, c := range r.Content {
						resp.ContentType, resp.Schema = ct, refName(c.Schema.Ref)
					}
					o.Responses = append(o.Responses, resp)
				}
				g.Operations = append(g.Operations, o)
			}
		}
		page.Groups = append(page.Groups, g)
	}
	for _, name := range sortedKeys(d.Components.Schemas) {
		s := d.Components.Schemas[name]
		sc := apiDocSchema{Name: name, Description: s.Description}
		for _, prop := range inOrder(s.Properties, s.Required) {
			sc.Fields = append(sc.Fields, docField(prop, s.Properties[prop], slices.Contains(s.Required, prop), s.Properties[prop].Description))
		}
		page.Schemas = append(page.Schemas, sc)
	}
	return page, nil
}

// docField describes a value of schema s in words.
func docField(name string, s oaSchema, required bool, description string) apiDocField {
	f := apiDocField{Name: name, Required: required, Type: typeName(s), Description: markdown(description)}
	for _, v := range s.Enum {
		f.Enum = append(f.Enum, fmt.Sprint(v))
	}
	if s.Default != nil {
		f.Default = fmt.Sprint(s.Default)
	}
	switch {
	case s.Minimum != nil && s.Maximum != nil:
		f.Range = fmt.Sprintf("%s~%s", number(*s.Minimum), number(*s.Maximum))
	case s.Minimum != nil:
		f.Range = models.Msg("api.docs.range_min", "N", number(*s.Minimum)) // the page shows it through t
	case s.MaxLength != nil:
		f.Range = models.Msg("api.docs.range_length", "N", number(*s.MaxLength), "Count", *s.MaxLength)
	}
	return f
}

// typeName is the type of s as the page writes it: "string | null",
// "Petition[]", "date-time".
func typeName(s oaSchema) string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	var names []string
	for _, a := range s.AnyOf {
		names = append(names, typeName(a))
	}
	var one string
	var many []string
	if json.Unmarshal(s.Type, &one) == nil && one != "" {
		many = []string{one}
	} else {
		_ = json.Unmarshal(s.Type, &many) // no type at all: a schema of anyOf
	}
	for _, t := range many {
		switch {
		case t == "array" && s.Items != nil:
			t = typeName(*s.Items) + "[]"
		case t == "string" && s.Format != "":
			t = s.Format
		}
		names = append(names, t)
	}
	return strings.Join(names, " | ")
}

// inOrder are the properties in the order the document requires them (the
// order of the answer), then the optional ones.
func inOrder(props map[string]oaSchema, required []string) []string {
	out := slices.Clone(required)
	for _, k := range sortedKeys(props) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

func markdown(s string) template.HTML {
	return template.HTML(models.RenderMarkdown(s)) // #nosec G203 -- sanitised by bluemonday
}

// inlineMarkdown is markdown of one paragraph, shown inside a line.
func inlineMarkdown(s string) template.HTML {
	h := strings.TrimSpace(models.RenderMarkdown(s))
	return template.HTML(strings.TrimSuffix(strings.TrimPrefix(h, "<p>"), "</p>")) // #nosec G203 -- sanitised by bluemonday
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
