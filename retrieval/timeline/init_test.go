package timeline

import (
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// TestNothingCompiledAtInit: every command links the timeline and pays
// its package initialisation, so its patterns and derived tables are built
// on first use (sync.OnceValue), not in package-level variables. Compiling
// its English patterns at init cost every command 600 KB in 3,000
// allocations. The test reads the package's source: a package-level
// variable may not call regexp.MustCompile, fmt (ErrYearRange was once
// fmt.Errorf) or an immediately invoked function.
func TestNothingCompiledAtInit(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != gotoken.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					call, ok := v.(*ast.CallExpr)
					if !ok {
						continue
					}
					switch fn := call.Fun.(type) {
					case *ast.FuncLit:
						t.Errorf("%s: a package-level variable is built at init by a function; build it on first use (sync.OnceValue)", fset.Position(v.Pos()))
					case *ast.SelectorExpr:
						if x, ok := fn.X.(*ast.Ident); ok && x.Name == "regexp" {
							t.Errorf("%s: a package-level pattern is compiled at init; compile it on first use (lazyRe)", fset.Position(v.Pos()))
						}
						if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
							t.Errorf("%s: a package-level value is formatted at init; write it as a constant (errors.New)", fset.Position(v.Pos()))
						}
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("read %d source files; want the package's", checked)
	}
}

// TestErrYearRangeYears: ErrYearRange writes retrieval's year bounds as a
// constant; it must name the ones ParseDate enforces.
func TestErrYearRangeYears(t *testing.T) {
	want := fmt.Sprintf("want a year from %d to %d", retrieval.MinYear, retrieval.MaxYear)
	if ErrYearRange.Error() != want {
		t.Errorf("ErrYearRange = %q, want %q", ErrYearRange, want)
	}
}
