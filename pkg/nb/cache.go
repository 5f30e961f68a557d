package nb

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/cache"

	"github.com/papernb/papernb/internal/atomicfile"
)

// The cache keeps a notebook's expensive results on disk, because GoNB runs
// every cell as a new process and a figure cell must not retrain.
//
// Layout: one directory per notebook (PAPERNB_CACHE_DIR, or
// <repo>/.cache/<notebook>), one file "<key>.bin" per result, in the layout of
// GoNB's cache package, so cache.MustNew(dir).ResetKey(key) and ListKeys work
// on it. Unlike that package's Save, every write goes to a temporary file that
// is renamed into place: a cell interrupted mid-write leaves no half-written
// entry. A key holds the notebook, the result's name, the mode, the seed and a
// hash of the config, so a changed setting never reads a stale result.

// entry is what one cache file holds: the value and how long it took.
type entry[T any] struct {
	Value   T
	Seconds float64
	Created time.Time
}

var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// Cached returns the cached result of fn for this notebook, name and config,
// computing and storing it on the first call. config must hold every setting
// that changes the result (sizes, rates, steps); it is hashed through its
// JSON encoding, so use exported fields. T is stored with encoding/gob, so
// its fields must be exported too.
//
// The compute time of fn is recorded and summed into the provenance line of
// the verdict. With PAPERNB_CACHE=off, fn always runs and nothing is written.
func Cached[T any](name string, config any, fn func() T) T {
	if !validName.MatchString(name) {
		panic(fmt.Errorf("nb.Cached: name %q is not allowed: use letters, digits, '_', '-' and '.', starting with a letter or digit", name))
	}
	key, err := CacheKey(name, config)
	if err != nil {
		panic(err)
	}
	if cacheOff() {
		start := time.Now()
		v := fn()
		recordSeconds(name, time.Since(start).Seconds(), false)
		return v
	}
	dir := CacheDir()
	if v, ok := readEntry[T](dir, key); ok {
		return v.Value
	}
	start := time.Now()
	value := fn()
	e := entry[T]{Value: value, Seconds: time.Since(start).Seconds(), Created: time.Now()}
	if err := writeEntry(dir, key, e); err != nil {
		panic(fmt.Errorf("nb.Cached(%q): %w", name, err))
	}
	recordSeconds(name, e.Seconds, true)
	return value
}

// CacheKey returns the file name (without ".bin") a result is stored under.
func CacheKey(name string, config any) (string, error) {
	js, err := json.Marshal(config)
	if err != nil {
		return "", fmt.Errorf("nb.Cached(%q): the config %T cannot be encoded as JSON to form the cache key: %w", name, config, err)
	}
	sum := sha256.Sum256(js)
	return fmt.Sprintf("%s-%s-seed%d-%s", name, CurrentMode(), Seed(), hex.EncodeToString(sum[:6])), nil
}

func cacheOff() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("PAPERNB_CACHE")))
	switch v {
	case "", "on":
		return false
	case "off":
		return true
	}
	panic(fmt.Errorf("PAPERNB_CACHE=%q is not allowed: use \"on\" (the default) or \"off\"", v))
}

// NotebookName returns the running notebook's name (its directory, e.g.
// "09-deeponet"): GoNB starts the kernel in the notebook's directory and
// sets GONB_DIR to it. Outside a notebook it is the working directory's name.
func NotebookName() string {
	dir := os.Getenv("GONB_DIR")
	if dir == "" {
		dir, _ = os.Getwd()
	}
	return filepath.Base(dir)
}

// RepoRoot returns the repository root: PAPERNB_ROOT when set (the kernel
// sets it), else the nearest directory above the working directory holding
// papernb's go.mod.
func RepoRoot() (string, error) {
	if r := os.Getenv("PAPERNB_ROOT"); r != "" {
		return r, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if gd := os.Getenv("GONB_DIR"); gd != "" {
		dir = gd
	}
	for d := dir; ; d = filepath.Dir(d) {
		mod, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && bytes.Contains(mod, []byte("module github.com/papernb/papernb")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("papernb repository not found above %q: set PAPERNB_ROOT to the checkout", dir)
		}
	}
}

// CacheDir returns this notebook's cache directory, creating it.
func CacheDir() string {
	dir := os.Getenv("PAPERNB_CACHE_DIR")
	if dir == "" {
		root, err := RepoRoot()
		if err != nil {
			panic(err)
		}
		dir = filepath.Join(root, ".cache")
	}
	dir = filepath.Join(dir, NotebookName())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(fmt.Errorf("creating cache directory %q: %w", dir, err))
	}
	removeStaleTemps(dir, time.Hour)
	return dir
}

// removeStaleTemps deletes temporary files left by writes that were killed
// before their rename (an interrupted cell). They were never visible as cache
// entries; this only reclaims their space. Young ones may belong to a write in
// progress in another process, so they are left alone.
func removeStaleTemps(dir string, age time.Duration) {
	temps, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	for _, t := range temps {
		if info, err := os.Stat(t); err == nil && time.Since(info.ModTime()) > age {
			os.Remove(t)
		}
	}
}

// ResetCache removes every cached result of this notebook (all modes and
// seeds), so the next run recomputes from scratch.
func ResetCache() error {
	s, err := cache.New(CacheDir())
	if err != nil {
		return err
	}
	if err := s.Reset(); err != nil {
		return err
	}
	ledgers, _ := filepath.Glob(filepath.Join(CacheDir(), "ledger-*.json"))
	for _, l := range ledgers {
		if err := os.Remove(l); err != nil {
			return err
		}
	}
	return nil
}

func readEntry[T any](dir, key string) (entry[T], bool) {
	var e entry[T]
	f, err := os.Open(filepath.Join(dir, key+".bin"))
	if err != nil {
		return e, false
	}
	defer f.Close()
	if err := gob.NewDecoder(f).Decode(&e); err != nil {
		// A file from an older layout of T: recompute and overwrite it.
		Warnf("cache entry %q unreadable (%v): recomputing", key, err)
		return e, false
	}
	return e, true
}

func writeEntry[T any](dir, key string, e entry[T]) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return fmt.Errorf("encoding the result with encoding/gob (are its fields exported?): %w", err)
	}
	return atomicfile.Write(filepath.Join(dir, key+".bin"), buf.Bytes())
}

// The ledger records how long each named computation of this notebook, mode
// and seed took when it was last computed, so the verdict can state the
// compute time of the whole run even though every cell is its own process.
func ledgerPath() string {
	return filepath.Join(CacheDir(), fmt.Sprintf("ledger-%s-seed%d.json", CurrentMode(), Seed()))
}

func readLedger() map[string]float64 {
	m := map[string]float64{}
	data, err := os.ReadFile(ledgerPath())
	if err == nil {
		_ = json.Unmarshal(data, &m)
	} else if !errors.Is(err, fs.ErrNotExist) {
		Warnf("reading compute-time ledger: %v", err)
	}
	return m
}

// sessionSeconds holds compute times when the cache is off (nothing written).
var sessionSeconds = map[string]float64{}

func recordSeconds(name string, seconds float64, persist bool) {
	if !persist {
		sessionSeconds[name] = seconds
		return
	}
	m := readLedger()
	m[name] = seconds
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := atomicfile.Write(ledgerPath(), data); err != nil {
		Warnf("writing compute-time ledger: %v", err)
	}
}

// ComputeSeconds returns the summed compute time of this notebook's cached
// computations (for the current mode and seed), and their names.
func ComputeSeconds() (float64, []string) {
	m := readLedger()
	if cacheOff() {
		m = sessionSeconds
	}
	var total float64
	names := make([]string, 0, len(m))
	for k, v := range m {
		total += v
		names = append(names, k)
	}
	sort.Strings(names)
	return total, names
}
