// Package atomicfile writes files so that readers see the old content or
// the new one, never a half-written file: a committed notebook replaced by
// `papernb run --inplace` or a README interrupted mid-write would otherwise
// be corrupt, and a notebook cell interrupted while pkg/nb writes a cache
// entry would leave a broken result behind.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path by data, through a temporary file in the same
// directory and a rename. The file gets mode 0644.
func Write(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil { // the data must be on disk before the rename makes it visible
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Copy replaces dst by a copy of src, atomically.
func Copy(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return Write(dst, data)
}
