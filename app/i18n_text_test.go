package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"

	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"ydp1/views"
)

// koreanRun finds Korean text.
var koreanRun = regexp.MustCompile(`\p{Hangul}+`)

// keptKorean is Korean that stays Korean in every language: the name of
// the language in the switch, which each language writes in its own words.
var keptKorean = []string{"한국어"}

// storedKorean are the files whose Korean is data, not interface text: what
// the database stores or the operator sets, which no language translates.
// Each says why; pages show such values through the catalogs where they
// name something ({{place}}) or as written (lang="ko").
var storedKorean = map[string]string{
	"app/config.go":                      "the default sender of mails, the service's own name in its From header",
	"models/deliberations/export.go":     "the removal reason stored with a statement removed in an imported conversation",
	"models/mask.go":                     "the masked name stored on a deleted account (익명 when it had none)",
	"models/migrations.go":               "the names of migration steps and the comments of their SQL, for operators",
	"models/migrations_deliberations.go": "the comments of a migration's SQL, for operators",
	"models/migrations_ideas.go":         "the comments of a migration's SQL, for operators",
	"models/modeltest/modeltest.go":      "the sample petitions, meetings and forums the model tests store",
	"models/ideas/codes.go":              "the award grades as stored with each award, shown through their ids",
	"models/petitions/codes.go":          "the reasons, kinds and default signature as stored with petitions, shown through their ids",
	"models/petitions/similar.go":        "Korean endings and common words the similar-petition search strips from titles",
	"models/places.go":                   "the stored names of the 행정동, 권역 and categories: values and keys, shown through {{place}}",
}

// strayKorean reports the Korean of one file that is not a catalog's.
func strayKorean(text string) []string {
	var out []string
	for _, m := range koreanRun.FindAllString(text, -1) {
		if !slices.Contains(keptKorean, m) {
			out = append(out, m)
		}
	}
	return out
}

// No interface text outside the catalogs: the text of every template (its
// HTML and the strings of its actions) and every string literal of the
// product's Go code (comments aside; tests, the demo content and the
// operator's commands aside) holds no Korean.
func TestNoInterfaceTextOutsideCatalogs(t *testing.T) {
	found := map[string][]string{} // file → the Korean it holds

	err := fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "i18n/") {
			return err
		}
		data, err := fs.ReadFile(views.FS, p)
		if err != nil {
			return err
		}
		trees := map[string]*parse.Tree{}
		tree := parse.New(p)
		tree.Mode = parse.SkipFuncCheck
		if _, err := tree.Parse(string(data), "{{", "}}", trees); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, tree := range trees {
			walkTemplate(tree.Root, func(s string) { found["views/"+p] = append(found["views/"+p], strayKorean(s)...) })
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	fset := token.NewFileSet()
	err = filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, "../"))
		if d.IsDir() {
			switch rel {
			case ".git", ".ci", "views", "static", "internal/demo", "internal/loadtest", "internal/polisdata":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || rel == "main.go" || rel == "commands.go" {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				found[rel] = append(found[rel], strayKorean(s)...)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	for file, words := range found {
		if _, stored := storedKorean[file]; len(words) > 0 && !stored {
			t.Errorf("%s has interface text outside the catalogs: %s", file, clipWords(words))
		}
	}
	for file := range storedKorean {
		if len(found[file]) == 0 {
			t.Errorf("%s is listed as holding stored Korean but holds none: take it off the list", file)
		}
	}
}

// walkTemplate calls text with the HTML and the string constants of a
// template's tree, except the message ids given to t.
func walkTemplate(n parse.Node, text func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkTemplate(c, text)
			}
		}
	case *parse.TextNode:
		text(string(n.Text))
	case *parse.ActionNode:
		walkTemplate(n.Pipe, text)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkTemplate(c, text)
			}
		}
	case *parse.CommandNode:
		for i, a := range n.Args {
			if id, ok := a.(*parse.IdentifierNode); ok && (id.Ident == "t" || id.Ident == "tmark") && i == 0 {
				break // the rest are a message id and its values
			}
			walkTemplate(a, text)
		}
	case *parse.StringNode:
		text(n.Text)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, text)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, text)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, text)
	case *parse.TemplateNode:
		walkTemplate(n.Pipe, text)
	}
}

func walkBranch(b *parse.BranchNode, text func(string)) {
	walkTemplate(b.Pipe, text)
	walkTemplate(b.List, text)
	if b.ElseList != nil {
		walkTemplate(b.ElseList, text)
	}
}

func clipWords(words []string) string {
	if len(words) > 12 {
		return strings.Join(words[:12], " ") + " …"
	}
	return strings.Join(words, " ")
}
