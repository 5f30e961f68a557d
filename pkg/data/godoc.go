package data

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// TextCorpus is a body of English text for small language models, with
// the byte range each source package occupies, so that it can be split by
// position (SplitBytes) or by package (SplitPackages).
type TextCorpus struct {
	Text     string
	Packages []TextSpan // in order, covering Text without gaps
}

// TextSpan is the part Text[Start:End] of a corpus that came from one
// package (its import path).
type TextSpan struct {
	Name       string
	Start, End int
}

// The Go-doc corpus is the doc comments of the Go standard library, read
// from the sources of the running toolchain: several MB of careful
// technical English that every machine with Go already has, so nothing is
// downloaded. It is extracted deterministically:
//
//   - package directories under GOROOT/src in lexical order, skipping cmd,
//     and every directory named testdata, internal or vendor, or starting
//     with '.' or '_';
//   - in each, the non-test .go files in lexical order, except package main
//     (generators and commands);
//   - from each file, the package doc comment and the doc comments of
//     exported declarations (functions, methods of exported types, types,
//     constants, variables), in file order; a comment repeated within a
//     package (per-platform copies) is kept once;
//   - each comment's paragraphs have their whitespace collapsed to single
//     spaces and are written one per line, and a blank line ends the
//     comment.
//
// The text depends only on the toolchain's sources, so two extractions, or
// two machines with the same Go version, give the same corpus.

// GoDocOptions widens the Go-doc corpus beyond the default (the exported
// API's documentation, about 1.8 MB with Go 1.27), for experiments that
// want more text.
type GoDocOptions struct {
	// Unexported adds the doc comments of unexported declarations, struct
	// fields and interface methods.
	Unexported bool
	// Internal adds the internal packages and the cmd tree (the go command,
	// the compiler, vet, …), still without testdata and vendor.
	Internal bool
}

var goDoc struct {
	sync.Mutex
	cached map[goDocKey]*TextCorpus
}

type goDocKey struct {
	root string
	opts GoDocOptions
}

// GoDocCorpus returns the Go-doc corpus of the running toolchain (GOROOT
// from the environment, else runtime.GOROOT, else `go env GOROOT`). It is
// extracted once per process (about a second on 2 cores) and then shared:
// callers must not modify it.
func GoDocCorpus(opts GoDocOptions) (*TextCorpus, error) {
	root, err := goRoot()
	if err != nil {
		return nil, err
	}
	goDoc.Lock()
	defer goDoc.Unlock()
	key := goDocKey{root, opts}
	if c, ok := goDoc.cached[key]; ok {
		return c, nil
	}
	c, err := ExtractGoDoc(filepath.Join(root, "src"), opts)
	if err != nil {
		return nil, err
	}
	if goDoc.cached == nil {
		goDoc.cached = map[goDocKey]*TextCorpus{}
	}
	goDoc.cached[key] = c
	return c, nil
}

func goRoot() (string, error) {
	ok := func(dir string) bool {
		fi, err := os.Stat(filepath.Join(dir, "src", "fmt", "doc.go"))
		return dir != "" && err == nil && !fi.IsDir()
	}
	if dir := os.Getenv("GOROOT"); ok(dir) {
		return dir, nil
	}
	if dir := runtime.GOROOT(); ok(dir) { //nolint:staticcheck // the root this binary was built with is the natural default
		return dir, nil
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if dir := strings.TrimSpace(string(out)); err == nil && ok(dir) {
		return dir, nil
	}
	return "", fmt.Errorf("data.GoDocCorpus: no Go standard library sources found (tried $GOROOT, runtime.GOROOT() = %q and `go env GOROOT`): set GOROOT to the toolchain's root", runtime.GOROOT())
}

// ExtractGoDoc extracts the Go-doc corpus from a standard-library source
// tree (a GOROOT/src directory), as described above. Files are parsed in
// parallel; the result does not depend on how.
func ExtractGoDoc(src string, opts GoDocOptions) (*TextCorpus, error) {
	var dirs []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		skip := name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
			!opts.Internal && (name == "internal" || path == filepath.Join(src, "cmd"))
		if path != src && skip {
			return filepath.SkipDir
		}
		dirs = append(dirs, path)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("data.ExtractGoDoc: walking %s: %w", src, err)
	}
	texts := make([]string, len(dirs))
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				texts[i], errs[i] = packageDoc(dirs[i], opts.Unexported)
			}
		}()
	}
	for i := range dirs {
		next <- i
	}
	close(next)
	wg.Wait()
	c := &TextCorpus{}
	var b strings.Builder
	for i, dir := range dirs {
		if errs[i] != nil {
			return nil, fmt.Errorf("data.ExtractGoDoc: %w", errs[i])
		}
		if texts[i] == "" {
			continue
		}
		rel, _ := filepath.Rel(src, dir)
		start := b.Len()
		b.WriteString(texts[i])
		c.Packages = append(c.Packages, TextSpan{Name: filepath.ToSlash(rel), Start: start, End: b.Len()})
	}
	c.Text = b.String()
	if len(c.Text) == 0 {
		return nil, fmt.Errorf("data.ExtractGoDoc: no doc comments found under %s: is it a GOROOT/src directory?", src)
	}
	return c, nil
}

// packageDoc returns the normalised doc comments of one directory's
// package, "" if it has none.
func packageDoc(dir string, unexported bool) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	seen := map[string]bool{}
	add := func(cg *ast.CommentGroup) {
		if cg == nil {
			return
		}
		text := normalizeDoc(cg.Text())
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		b.WriteString(text)
		b.WriteString("\n")
	}
	fset := token.NewFileSet()
	for _, e := range entries { // ReadDir sorts by name
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return "", fmt.Errorf("parsing %s: %w", filepath.Join(dir, name), err)
		}
		if f.Name.Name == "main" && !unexported {
			continue
		}
		add(f.Doc)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if unexported || d.Name.IsExported() && (d.Recv == nil || exportedReceiver(d.Recv)) {
					add(d.Doc)
				}
			case *ast.GenDecl:
				if unexported || anyExported(d) {
					add(d.Doc)
				}
				for _, s := range d.Specs {
					if !unexported && !specExported(s) {
						continue
					}
					switch s := s.(type) {
					case *ast.TypeSpec:
						add(s.Doc)
						if unexported {
							addFieldDocs(s.Type, add)
						}
					case *ast.ValueSpec:
						add(s.Doc)
					}
				}
			}
		}
	}
	return b.String(), nil
}

func addFieldDocs(t ast.Expr, add func(*ast.CommentGroup)) {
	var fields *ast.FieldList
	switch t := t.(type) {
	case *ast.StructType:
		fields = t.Fields
	case *ast.InterfaceType:
		fields = t.Methods
	}
	if fields == nil {
		return
	}
	for _, f := range fields.List {
		add(f.Doc)
	}
}

func exportedReceiver(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return false
		}
	}
}

func anyExported(d *ast.GenDecl) bool {
	for _, s := range d.Specs {
		if specExported(s) {
			return true
		}
	}
	return false
}

func specExported(s ast.Spec) bool {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Name.IsExported()
	case *ast.ValueSpec:
		for _, n := range s.Names {
			if n.IsExported() {
				return true
			}
		}
	}
	return false
}

// normalizeDoc writes a comment's paragraphs (separated by blank lines) one
// per line with whitespace runs collapsed to a single space; the result
// ends with a newline unless it is empty.
func normalizeDoc(text string) string {
	var b bytes.Buffer
	for _, para := range strings.Split(text, "\n\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			continue
		}
		b.WriteString(strings.Join(words, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// Package returns the span of the package with this import path, and
// whether the corpus has it.
func (c *TextCorpus) Package(name string) (TextSpan, bool) {
	i := sort.Search(len(c.Packages), func(i int) bool { return c.Packages[i].Name >= name })
	if i < len(c.Packages) && c.Packages[i].Name == name {
		return c.Packages[i], true
	}
	return TextSpan{}, false
}
