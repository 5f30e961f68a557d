package nb

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// Progress shows how far a long loop has got: a live bar in a notebook
// (updated in place with gonbui.UpdateHTML, so the saved notebook keeps only
// its final state), and a line on stderr every few seconds elsewhere.
// Its methods may be called from several goroutines, as parallel workers
// of one loop do.
type Progress struct {
	mu    sync.Mutex
	title string
	total int
	start time.Time
	last  time.Time
	id    string
	every time.Duration
	done  bool
}

// NewProgress starts a progress display for a loop of total steps.
func NewProgress(title string, total int) *Progress {
	if total <= 0 {
		panic(fmt.Errorf("nb.NewProgress(%q): total = %d, must be positive", title, total))
	}
	p := &Progress{title: title, total: total, start: time.Now()}
	if IsNotebook() {
		p.id = "papernb-progress-" + gonbui.UniqueID()
		p.every = 250 * time.Millisecond
	} else {
		p.every = 5 * time.Second
	}
	p.show(0, "")
	return p
}

// Update reports that step steps are done, with an optional status message
// (e.g. the current loss). It is cheap to call on every step: the display is
// refreshed at most a few times a second.
func (p *Progress) Update(step int, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	if time.Since(p.last) < p.every && step < p.total {
		return
	}
	p.show(step, fmt.Sprintf(format, args...))
}

// Done marks the loop as finished and leaves the final state on display.
func (p *Progress) Done(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.show(p.total, fmt.Sprintf(format, args...))
	p.done = true
	if IsNotebook() {
		gonbui.Sync() // the final state must reach the notebook before the cell ends
	}
}

func (p *Progress) show(step int, msg string) {
	p.last = time.Now()
	elapsed := time.Since(p.start).Seconds()
	frac := float64(step) / float64(p.total)
	eta := ""
	if step > 0 && step < p.total {
		eta = fmt.Sprintf(", ~%.0f s left", elapsed/frac-elapsed)
	}
	text := fmt.Sprintf("%s: %d/%d (%.0f%%) %.1f s%s", p.title, step, p.total, 100*frac, elapsed, eta)
	if msg != "" {
		text += " — " + msg
	}
	if !IsNotebook() {
		if step == 0 && msg == "" {
			return
		}
		fmt.Fprintln(os.Stderr, text)
		return
	}
	bar := fmt.Sprintf(`<div style="font-family:monospace;font-size:12px">`+
		`<div style="display:inline-block;width:200px;height:10px;border:1px solid #888;vertical-align:middle">`+
		`<div style="width:%.0f%%;height:100%%;background:#4c72b0"></div></div> %s</div>`,
		100*frac, htmlEscape(text))
	gonbui.UpdateHTML(p.id, bar)
}
