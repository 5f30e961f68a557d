// Package labtest checks `make lab` end to end: scripts/lab.sh serves
// JupyterLab with the token required and the gonb kernel as default, and the
// pilot notebooks run top to bottom through the server, the way a browser
// drives them. It has no code of its own, only this test.
package labtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// labNotebooks are run through the server (in quick mode); the full set runs
// headless in cmd/papernb's tests.
var labNotebooks = []string{"09-deeponet/09-deeponet.ipynb", "39-principles-dl-theory/39-principles-dl-theory.ipynb"}

func TestLabServesNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts JupyterLab and runs notebooks through it; skipped with -short")
	}
	root, _ := filepath.Abs("../..")
	python := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("%s missing: run `make setup` first", python)
	}
	notebooks := labNotebooks
	for _, nb := range notebooks {
		if _, err := os.Stat(filepath.Join(root, "notebooks", nb)); err != nil {
			t.Fatalf("pilot notebook %s is missing: %v", nb, err)
		}
	}

	port := freePort(t)
	tok := make([]byte, 16)
	rand.Read(tok)
	token := hex.EncodeToString(tok)
	var logBuf bytes.Buffer
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "lab.sh"))
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "JUPYTER_TOKEN="+token,
		"PAPERNB_MODE=quick", "PAPERNB_CACHE_DIR="+t.TempDir())
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	}()

	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api", port))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("JupyterLab did not answer on port %d within 60 s; its log:\n%s", port, logBuf.String())
		}
		time.Sleep(300 * time.Millisecond)
	}

	args := append([]string{"lab_smoke.py", fmt.Sprint(port), token}, notebooks...)
	out, err := exec.Command(python, args...).CombinedOutput()
	t.Logf("lab smoke:\n%s", out)
	if err != nil {
		t.Fatalf("lab smoke failed: %v\n%s\nserver log tail:\n%s", err, out, tail(logBuf.String(), 3000))
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
