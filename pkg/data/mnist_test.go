package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The class counts of the original MNIST files, as published with them.
var (
	mnistTrainCounts = []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	mnistTestCounts  = []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
)

func histogram(labels []int) []int {
	h := make([]int, 10)
	for _, l := range labels {
		h[l]++
	}
	return h
}

func loadMNIST(t *testing.T, split string) *MNIST {
	t.Helper()
	start := time.Now()
	m, err := LoadMNIST(split)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("LoadMNIST(%q): %v (this process's first call parses, later ones hit the cache)", split, time.Since(start))
	return m
}

func TestLoadMNIST(t *testing.T) {
	for _, tc := range []struct {
		split      string
		n          int
		counts     []int
		firstLabel int
	}{
		{"train", 60000, mnistTrainCounts, 5},
		{"test", 10000, mnistTestCounts, 7},
	} {
		m := loadMNIST(t, tc.split)
		if m.N != tc.n || m.Height != 28 || m.Width != 28 {
			t.Fatalf("%s: N=%d %d×%d, want N=%d 28×28", tc.split, m.N, m.Height, m.Width, tc.n)
		}
		if len(m.Images) != tc.n*28*28 || len(m.Labels) != tc.n {
			t.Fatalf("%s: %d pixels and %d labels for %d images", tc.split, len(m.Images), len(m.Labels), tc.n)
		}
		if got := histogram(m.Labels); !slices.Equal(got, tc.counts) {
			t.Errorf("%s: class counts %v, want %v", tc.split, got, tc.counts)
		}
		if m.Labels[0] != tc.firstLabel {
			t.Errorf("%s: first label %d, want %d", tc.split, m.Labels[0], tc.firstLabel)
		}
		lo, hi := slices.Min(m.Images), slices.Max(m.Images)
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixel range [%g, %g], want [0, 1]", tc.split, lo, hi)
		}
		// The training set's pixel mean is the familiar normalisation
		// constant 0.1307: a wrong scale or an offset header would move it.
		if tc.split == "train" {
			var sum float64
			for _, v := range m.Images {
				sum += float64(v)
			}
			if mean := sum / float64(len(m.Images)); math.Abs(mean-0.1307) > 5e-4 {
				t.Errorf("train: pixel mean %.5f, want 0.1307", mean)
			}
		}
		again, err := LoadMNIST(tc.split)
		if err != nil || again != m {
			t.Errorf("%s: a second LoadMNIST gave %p, %v; want the cached %p", tc.split, again, err, m)
		}
	}
}

func TestLoadMNISTBadSplit(t *testing.T) {
	_, err := LoadMNIST("validation")
	if err == nil || !strings.Contains(err.Error(), `"validation"`) || !strings.Contains(err.Error(), `"train"`) {
		t.Errorf("LoadMNIST(\"validation\"): error %v, want one naming the split and the allowed ones", err)
	}
}

// The module cache spells GoMNIST with escaped capitals.
func TestMNISTModCacheDir(t *testing.T) {
	t.Setenv("GOMODCACHE", "/cache")
	want := filepath.FromSlash("/cache/github.com/petar/!go!m!n!i!s!t@" + mnistVersion)
	if got := modCacheDir(mnistModule, mnistVersion); got != want {
		t.Errorf("modCacheDir = %q, want %q", got, want)
	}
}

// Build information and go list must agree on where GoMNIST is.
func TestMNISTModuleRoutes(t *testing.T) {
	fromInfo := buildInfoModuleDir()
	fromList, err := goListModuleDir()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	t.Logf("build information: %q; go list: %q", fromInfo, fromList)
	if fromInfo != "" && fromInfo != fromList {
		t.Errorf("build information gives %q, go list %q", fromInfo, fromList)
	}
	if _, err := os.Stat(filepath.Join(fromList, "data", "train-images-idx3-ubyte.gz")); err != nil {
		t.Error(err)
	}
}

// With an empty module cache and no network the error says where it looked
// and what to run.
func TestMNISTNotFound(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	_, err := mnistDir()
	if err == nil {
		t.Fatal("no error with an empty module cache")
	}
	t.Log(err)
	for _, want := range []string{filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion, "data"), "go mod download " + mnistModule, MNISTDirEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// copyMNISTTestSplit copies the test split's files into a temporary
// directory and returns it.
func copyMNISTTestSplit(t *testing.T) string {
	t.Helper()
	src, err := mnistDir()
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, f := range mnistFiles["test"] {
		b, err := os.ReadFile(filepath.Join(src, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f.name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestMNISTDirOverride(t *testing.T) {
	dir := copyMNISTTestSplit(t)
	t.Setenv(MNISTDirEnv, dir)
	m, err := readMNIST("test")
	if err != nil {
		t.Fatal(err)
	}
	if m.N != 10000 {
		t.Errorf("N = %d from the copy, want 10000", m.N)
	}
}

func TestMNISTCorruptFile(t *testing.T) {
	dir := copyMNISTTestSplit(t)
	name := filepath.Join(dir, "t10k-images-idx3-ubyte.gz")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(MNISTDirEnv, dir)
	_, err = readMNIST("test")
	if err == nil {
		t.Fatal("no error for a corrupt file")
	}
	t.Log(err)
	for _, want := range []string{name, "corrupt", mnistFiles["test"][0].sha256} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestMNISTMissingFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(MNISTDirEnv, dir)
	_, err := readMNIST("train")
	if err == nil {
		t.Fatal("no error for an empty directory")
	}
	t.Log(err)
	for _, want := range []string{filepath.Join(dir, "train-images-idx3-ubyte.gz"), "go mod download " + mnistModule} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// gzipIdx builds a gzipped idx file from its magic number, dimensions and
// elements.
func gzipIdx(magic uint32, dims []uint32, body []byte) []byte {
	var raw bytes.Buffer
	binary.Write(&raw, binary.BigEndian, magic)
	binary.Write(&raw, binary.BigEndian, dims)
	raw.Write(body)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(raw.Bytes())
	w.Close()
	return gz.Bytes()
}

func TestParseIdx(t *testing.T) {
	images, n, h, w, err := parseIdxImages(gzipIdx(idxImagesMagic, []uint32{2, 1, 2}, []byte{0, 255, 51, 102}))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || h != 1 || w != 2 || !slices.Equal(images, []float32{0, 1, 0.2, 0.4}) {
		t.Errorf("parsed %d images %d×%d %v, want 2 images 1×2 [0 1 0.2 0.4]", n, h, w, images)
	}
	for _, tc := range []struct {
		name string
		gz   []byte
		want string
	}{
		{"labels as images", gzipIdx(idxLabelsMagic, []uint32{2, 1, 2}, []byte{0, 1, 2, 3}), "magic number 0x00000801"},
		{"short data", gzipIdx(idxImagesMagic, []uint32{2, 1, 2}, []byte{0, 1, 2}), "4 bytes expected"},
		{"long data", gzipIdx(idxImagesMagic, []uint32{2, 1, 2}, []byte{0, 1, 2, 3, 4}), "1 bytes after"},
		{"zero size", gzipIdx(idxImagesMagic, []uint32{2, 0, 2}, nil), "dimension 1 is 0"},
		{"not gzip", []byte("idx"), "not gzip"},
	} {
		if _, _, _, _, err := parseIdxImages(tc.gz); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := parseIdxLabels(gzipIdx(idxLabelsMagic, []uint32{3}, []byte{1, 12, 3})); err == nil || !strings.Contains(err.Error(), "label 1 of 3 is 12") {
		t.Errorf("label 12: error %v, want one naming it", err)
	}
}

func TestDownsample(t *testing.T) {
	// Two 2×4 images pooled by 2 into 1×2 images: each output is the mean of
	// a 2×2 block, computed by hand.
	images := []float32{
		1, 2, 3, 4,
		5, 6, 7, 8,

		0, 0, 1, 1,
		0, 1, 1, 0,
	}
	got, err := Downsample(images, 2, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{(1 + 2 + 5 + 6) / 4., (3 + 4 + 7 + 8) / 4., 1 / 4., 3 / 4.}
	if !slices.Equal(got, want) {
		t.Errorf("Downsample = %v, want %v", got, want)
	}
	if got, err := Downsample(images, 2, 4, 1); err != nil || !slices.Equal(got, images) {
		t.Errorf("factor 1: %v, %v; want a copy of the input", got, err)
	}
	for _, tc := range []struct {
		h, w, factor int
		want         string
	}{
		{2, 4, 3, "factor 3 does not divide the image size 2×4"},
		{2, 4, 0, "factor 0"},
		{3, 4, 1, "16 values is not a whole number of 3×4 images"},
	} {
		if _, err := Downsample(images, tc.h, tc.w, tc.factor); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Downsample(%d×%d, %d): error %v, want one containing %q", tc.h, tc.w, tc.factor, err, tc.want)
		}
	}
}

func TestMNISTDownsample(t *testing.T) {
	m := loadMNIST(t, "test")
	for _, factor := range []int{2, 4} {
		d, err := m.Downsample(factor)
		if err != nil {
			t.Fatal(err)
		}
		side := 28 / factor
		if d.N != m.N || d.Height != side || d.Width != side || len(d.Images) != m.N*side*side {
			t.Fatalf("factor %d: N=%d %d×%d with %d pixels", factor, d.N, d.Height, d.Width, len(d.Images))
		}
		// Average pooling keeps each image's mean.
		for _, i := range []int{0, 1234, 9999} {
			a, b := mean32(m.Image(i)), mean32(d.Image(i))
			if math.Abs(a-b) > 1e-6 {
				t.Errorf("factor %d, image %d: mean %g after pooling, %g before", factor, i, b, a)
			}
		}
	}
	if _, err := m.Downsample(3); err == nil || !strings.Contains(err.Error(), "factor 3") {
		t.Errorf("factor 3: error %v, want one naming it", err)
	}
}

func mean32(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x)
	}
	return s / float64(len(v))
}

// sameImage reports whether image j of sub is image i of m.
func sameImage(m, sub *MNIST, i, j int) bool {
	return m.Labels[i] == sub.Labels[j] && slices.Equal(m.Image(i), sub.Image(j))
}

func TestMNISTSelections(t *testing.T) {
	m := loadMNIST(t, "test")
	rng := rand.New(rand.NewSource(1))

	sel := m.Select([]int{5, 0, 5})
	if sel.N != 3 || !sameImage(m, sel, 5, 0) || !sameImage(m, sel, 0, 1) || !sameImage(m, sel, 5, 2) {
		t.Errorf("Select([5 0 5]) does not hold images 5, 0, 5")
	}

	sub, err := m.Subset(500, rng)
	if err != nil {
		t.Fatal(err)
	}
	if sub.N != 500 || len(sub.Images) != 500*784 {
		t.Errorf("Subset(500): N=%d with %d pixels", sub.N, len(sub.Images))
	}
	if _, err := m.Subset(10001, rng); err == nil || !strings.Contains(err.Error(), "10001") {
		t.Errorf("Subset(10001): error %v, want one naming 10001", err)
	}

	counts := []int{100, 50, 25, 12}
	imb, err := m.PerClass(counts, rng)
	if err != nil {
		t.Fatal(err)
	}
	if got := histogram(imb.Labels)[:4]; imb.N != 187 || !slices.Equal(got, counts) {
		t.Errorf("PerClass(%v): N=%d, counts %v", counts, imb.N, got)
	}
	if slices.IsSorted(imb.Labels) {
		t.Errorf("PerClass: labels come sorted by class, want them shuffled")
	}
	if _, err := m.PerClass([]int{0, 2000}, rng); err == nil || !strings.Contains(err.Error(), "class 1") || !strings.Contains(err.Error(), "1135") {
		t.Errorf("PerClass asking 2000 ones: error %v, want one naming class 1 and its 1135 images", err)
	}

	train, val, err := m.Split(1000, rand.New(rand.NewSource(7)))
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 9000 || val.N != 1000 {
		t.Fatalf("Split(1000): %d + %d images", train.N, val.N)
	}
	// Together the parts hold each class as often as the whole set.
	h := histogram(train.Labels)
	for c, k := range histogram(val.Labels) {
		h[c] += k
	}
	if !slices.Equal(h, mnistTestCounts) {
		t.Errorf("Split: class counts of the two parts add to %v, want %v", h, mnistTestCounts)
	}
	train2, _, _ := m.Split(1000, rand.New(rand.NewSource(7)))
	if !slices.Equal(train.Labels, train2.Labels) || !slices.Equal(train.Images, train2.Images) {
		t.Errorf("Split with the same seed gave different parts")
	}
}

func TestOneHot(t *testing.T) {
	got := OneHot([]int{2, 0}, 3)
	if want := []float32{0, 0, 1, 1, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("OneHot([2 0], 3) = %v, want %v", got, want)
	}
}

// BenchmarkReadMNIST times a load of the training set without the cache:
// the SHA-256 checks, the gunzip and the conversion to float32.
func BenchmarkReadMNIST(b *testing.B) {
	for b.Loop() {
		if _, err := readMNIST("train"); err != nil {
			b.Fatal(err)
		}
	}
}
