package app

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"ydp1/models"
	"ydp1/models/ideas"
	"ydp1/models/meetings"
)

// field is one labelled form control, rendered by the "field" partial
// (views/partials/form.html), which alone decides its markup: the label,
// the hint and the error message beside the control, aria-describedby and
// aria-invalid. Templates build one with fieldOf:
//
//	{{template "field" (fieldOf . "title" "제목" "hint" "100자 이하" "maxlength" 100 "required" true)}}
type field struct {
	ID, Name, Label string
	Type            string // an input type; "textarea" and "select" for those elements
	Value           string
	Error           string
	Hint            string
	Required        bool
	Optional        string   // beside the label: (선택), or a note that says so
	Options         []option // of a select
	Empty           string   // the label of a select's empty first choice
	Rows            int
	MaxLength       int
	Count           bool   // counts the letters left below the control (app.js)
	DescribedBy     string // the id of one more text that describes the control
	Class           string // of the control
	Lang            string // the language a textarea's value is written in (by default, what its text is)
	// attributes that help typing the value
	Autocomplete, Placeholder, InputMode, Min, Max, Step, Autocapitalize string
	NoSpellcheck, Autofocus                                              bool
}

// option is one choice of a select; Lang is set when its label is what
// someone wrote (a name, a title), shown as written in its own language.
type option struct{ Value, Label, Lang string }

// Describedby lists the ids of the texts that describe the control.
func (f field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	if f.DescribedBy != "" {
		ids = append(ids, f.DescribedBy)
	}
	return strings.Join(ids, " ")
}

// fieldOf builds the field name of a page: its value is what the form held
// (the page's Form), its error the page's message for name; the pairs after
// the label set the rest by their lower-case names. An unknown name fails
// the page, so a misspelt option never renders silently.
func fieldOf(pg pager, name, label string, pairs ...any) (field, error) {
	b := pg.Base()
	f := field{ID: name, Name: name, Label: label, Type: "text", Value: b.Form.Get(name), Error: b.Errors[name]}
	if len(pairs)%2 != 0 {
		return f, fmt.Errorf("field %s: options come in pairs", name)
	}
	for i := 0; i < len(pairs); i += 2 {
		key, _ := pairs[i].(string)
		v := pairs[i+1]
		var err error
		switch key {
		case "id":
			err = set(&f.ID, v)
		case "type":
			err = set(&f.Type, v)
		case "value":
			f.Value = fmt.Sprint(v)
		case "error":
			err = set(&f.Error, v)
		case "hint":
			err = set(&f.Hint, v)
		case "required":
			err = set(&f.Required, v)
		case "optional":
			switch o := v.(type) {
			case bool:
				f.Optional = map[bool]string{true: "form.optional"}[o]
			case string:
				f.Optional = o
			default:
				err = fmt.Errorf("optional is %T, not a bool or a note", v)
			}
		case "options":
			f.Options, err = options(v)
		case "empty":
			err = set(&f.Empty, v)
		case "rows":
			err = set(&f.Rows, v)
		case "maxlength":
			err = set(&f.MaxLength, v)
		case "count":
			err = set(&f.Count, v)
		case "describedby":
			err = set(&f.DescribedBy, v)
		case "class":
			err = set(&f.Class, v)
		case "autocomplete":
			err = set(&f.Autocomplete, v)
		case "placeholder":
			f.Placeholder = fmt.Sprint(v)
		case "inputmode":
			err = set(&f.InputMode, v)
		case "min":
			f.Min = fmt.Sprint(v)
		case "max":
			f.Max = fmt.Sprint(v)
		case "step":
			f.Step = fmt.Sprint(v)
		case "autocapitalize":
			err = set(&f.Autocapitalize, v)
		case "nospellcheck":
			err = set(&f.NoSpellcheck, v)
		case "autofocus":
			err = set(&f.Autofocus, v)
		case "lang":
			err = set(&f.Lang, v)
		default:
			err = fmt.Errorf("no option %q", pairs[i])
		}
		if err != nil {
			return f, fmt.Errorf("field %s: %w", name, err)
		}
	}
	if f.Type == "textarea" && f.Lang == "" && f.Value != "" {
		f.Lang = textLang(f.Value) // what someone wrote there, in its own language
	}
	return f, nil
}

// choices lists the choices of a select given as value, label pairs.
func choices(pairs ...string) []choice {
	out := make([]choice, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, choice{pairs[i], pairs[i+1]})
	}
	return out
}

// kindChoices are the kinds of meetings.
func kindChoices() []choice {
	out := make([]choice, 0, len(meetings.Kinds))
	for _, k := range meetings.Kinds {
		out = append(out, choice{k, meetings.KindMsg(k)})
	}
	return out
}

// regionNames are the names of the 권역.
func regionNames() []string {
	out := make([]string, 0, len(models.Regions))
	for _, r := range models.Regions {
		out = append(out, r.Name)
	}
	return out
}

// written is a choice labelled by what someone wrote or named (a person, a
// team, a meeting's title): its label is shown as it is, marked with the
// language of the text it names, never looked up in the catalogs.
type written struct{ Value, Label, Lang string }

// writtenChoice is a choice labelled by label, which shows text, what
// someone wrote, in its own language.
func writtenChoice(value, label, text string) written {
	return written{Value: value, Label: label, Lang: textLang(text)}
}

// staffChoices lists accounts by name and email.
func staffChoices(users []models.User) []written {
	out := make([]written, 0, len(users))
	for _, u := range users {
		out = append(out, staffChoice(u))
	}
	return out
}

// staffChoice is an account by name and email.
func staffChoice(u models.User) written {
	return writtenChoice(strconv.Itoa(int(u.ID)), u.Name+" ("+u.Email+")", u.Name)
}

// teamChoices lists the 아이디어단 by name.
func teamChoices(teams []ideas.BureauSummary) []written {
	out := make([]written, 0, len(teams))
	for _, t := range teams {
		out = append(out, writtenChoice(strconv.Itoa(int(t.ID)), t.Name, t.Name))
	}
	return out
}

// teamMeetingChoices lists team meetings by team and day, the day in the language.
func teamMeetingChoices(l *lang, ms []ideas.IdeaMeeting) []written {
	out := make([]written, 0, len(ms))
	for _, m := range ms {
		team := ""
		if m.Bureau != nil {
			team = m.Bureau.Name
		}
		out = append(out, writtenChoice(strconv.Itoa(int(m.ID)), team+" — "+l.Date(m.HeldOn), team))
	}
	return out
}

// labelChoices lists the entries of a map of labels in the order of their keys.
func labelChoices(labels map[string]string) []choice {
	out := make([]choice, 0, len(labels))
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		out = append(out, choice{k, labels[k]})
	}
	return out
}

// codeChoices are codes stored as they are (in Korean), each labelled by
// its message id.
func codeChoices(codes []string, id func(string) string) []choice {
	out := make([]choice, len(codes))
	for i, c := range codes {
		out[i] = choice{c, id(c)}
	}
	return out
}

// set stores v in *dst if it has dst's type.
func set[T any](dst *T, v any) error {
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("%v is %T, not %T", v, v, *dst)
	}
	*dst = t
	return nil
}

// options lists the choices of a slice: choices as they are, and values of
// a string type labelled by their Label method if they have one (a petition
// status, a role), else by their place's message id (a 행정동, 권역 or
// category) or themselves. The field partial shows labels through t.
func options(list any) ([]option, error) {
	switch cs := list.(type) {
	case []choice:
		out := make([]option, len(cs))
		for i, c := range cs {
			out[i] = option{Value: c.Value, Label: c.Label}
		}
		return out, nil
	case []written:
		out := make([]option, len(cs))
		for i, c := range cs {
			out[i] = option(c)
		}
		return out, nil
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() != reflect.String {
		return nil, fmt.Errorf("options are %T, not a slice of strings", list)
	}
	out := make([]option, rv.Len())
	for i := range out {
		e := rv.Index(i)
		out[i] = option{Value: e.String(), Label: models.PlaceID(e.String())}
		if l, ok := e.Interface().(interface{ Label() string }); ok {
			out[i].Label = l.Label()
		}
	}
	return out, nil
}
