package nb

import (
	"fmt"
	"html"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/janpfeifer/gonb/gonbui"
)

// IsNotebook reports whether the program runs as a GoNB cell (as opposed to
// a test or a command), i.e. whether rich output reaches a notebook.
func IsNotebook() bool { return gonbui.IsNotebook }

// displayHTML shows HTML and waits until GoNB has taken it: GoNB does not
// drain its display pipe before a cell ends, so a display sent just before
// the program exits can be lost (seen in about 1 run in 8 under load).
func displayHTML(s string) {
	gonbui.DisplayHTML(s)
	gonbui.Sync()
}

func htmlEscape(s string) string { return html.EscapeString(s) }

// Table shows a table of values: an HTML table in a notebook (which survives
// HTML export), aligned plain text elsewhere. Every row must have as many
// cells as header.
func Table(title string, header []string, rows [][]string) {
	for i, r := range rows {
		if len(r) != len(header) {
			panic(fmt.Errorf("nb.Table %q: row %d has %d cells, the header has %d", title, i, len(r), len(header)))
		}
	}
	if !IsNotebook() {
		fmt.Print(TableText(title, header, rows))
		return
	}
	displayHTML(TableHTML(title, header, rows))
}

// TableText renders a table as aligned plain text.
func TableText(title string, header []string, rows [][]string) string {
	var b strings.Builder
	if title != "" {
		b.WriteString(title + "\n")
	}
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, strings.Join(header, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(w, strings.Join(r, "\t")+"\t")
	}
	w.Flush()
	return b.String()
}

// TableHTML renders a table as a small self-contained HTML table.
func TableHTML(title string, header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace;font-size:13px;margin:6px 0">`)
	if title != "" {
		b.WriteString(`<caption style="text-align:left;font-weight:bold;padding:4px 0">` + html.EscapeString(title) + `</caption>`)
	}
	b.WriteString("<thead><tr>")
	for _, h := range header {
		b.WriteString(`<th style="border-bottom:1px solid #888;padding:2px 10px;text-align:right">` + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			b.WriteString(`<td style="padding:2px 10px;text-align:right">` + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// Markdown shows markdown in a notebook and prints it as-is elsewhere.
func Markdown(md string) {
	if !IsNotebook() {
		fmt.Println(md)
		return
	}
	gonbui.DisplayMarkdown(md)
	gonbui.Sync()
}

// HTML shows raw HTML in a notebook; elsewhere it is dropped (tests and
// commands have no use for it).
func HTML(s string) {
	if IsNotebook() {
		displayHTML(s)
	}
}

// Warnf prints a warning to stderr (shown in red in Jupyter).
func Warnf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "warning: "+format+"\n", args...)
}
