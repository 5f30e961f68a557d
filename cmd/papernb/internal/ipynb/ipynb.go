// Package ipynb reads and writes Jupyter notebooks (nbformat 4) as far as
// papernb needs: cells, their sources and saved outputs, and the kernelspec.
//
// Notebooks are executed and rewritten by Jupyter itself (nbclient, through
// papernb's Python driver); Go only reads them, except for the scaffolds of
// `papernb new`. So the types keep what papernb inspects and drop the rest.
package ipynb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells         []Cell   `json:"cells"`
	Metadata      Metadata `json:"metadata"`
	NBFormat      int      `json:"nbformat"`
	NBFormatMinor int      `json:"nbformat_minor"`
}

// Metadata is the notebook-level metadata papernb uses.
type Metadata struct {
	Kernelspec   *Kernelspec    `json:"kernelspec,omitempty"`
	LanguageInfo map[string]any `json:"language_info,omitempty"`
}

// Kernelspec names the kernel a notebook runs on.
type Kernelspec struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Language    string `json:"language"`
}

// Cell is one notebook cell. Outputs and ExecutionCount belong to code
// cells only.
type Cell struct {
	ID             string         `json:"id,omitempty"`
	CellType       string         `json:"cell_type"`
	Metadata       map[string]any `json:"metadata"`
	Source         Text           `json:"source"`
	Outputs        []Output       `json:"outputs,omitempty"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
}

// Cell types.
const (
	Markdown = "markdown"
	Code     = "code"
	Raw      = "raw"
)

// MarshalJSON writes a cell as nbformat requires: code cells always carry
// "outputs" and "execution_count" (null when never run), other cells never.
func (c Cell) MarshalJSON() ([]byte, error) {
	meta := c.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	if c.CellType != Code {
		type plain struct {
			ID       string         `json:"id,omitempty"`
			CellType string         `json:"cell_type"`
			Metadata map[string]any `json:"metadata"`
			Source   Text           `json:"source"`
		}
		return json.Marshal(plain{c.ID, c.CellType, meta, c.Source})
	}
	type code struct {
		ID             string         `json:"id,omitempty"`
		CellType       string         `json:"cell_type"`
		ExecutionCount *int           `json:"execution_count"`
		Metadata       map[string]any `json:"metadata"`
		Outputs        []Output       `json:"outputs"`
		Source         Text           `json:"source"`
	}
	outputs := c.Outputs
	if outputs == nil {
		outputs = []Output{}
	}
	return json.Marshal(code{c.ID, c.CellType, c.ExecutionCount, meta, outputs, c.Source})
}

// Output is one saved output of a code cell.
type Output struct {
	OutputType string `json:"output_type"`

	// stream
	Name string `json:"name,omitempty"`
	Text Text   `json:"text,omitempty"`

	// display_data and execute_result; values are JSON strings, lists of
	// strings or (for JSON mime types) objects, so they are decoded on demand.
	Data           map[string]json.RawMessage `json:"data,omitempty"`
	Metadata       map[string]any             `json:"metadata,omitempty"`
	ExecutionCount *int                       `json:"execution_count,omitempty"`

	// error
	EName     string   `json:"ename,omitempty"`
	EValue    string   `json:"evalue,omitempty"`
	Traceback []string `json:"traceback,omitempty"`
}

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// DataText returns the value of one mime type of a display_data or
// execute_result output as text (a JSON string or a list of strings joined).
func (o Output) DataText(mime string) (string, bool) {
	raw, ok := o.Data[mime]
	if !ok {
		return "", false
	}
	var t Text
	if err := json.Unmarshal(raw, &t); err != nil {
		return "", false
	}
	return string(t), true
}

// Text is a multi-line string, stored in a notebook either as one string or
// as a list of lines (each keeping its "\n").
type Text string

// UnmarshalJSON accepts both forms.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return fmt.Errorf("text must be a string or a list of strings, got %s", abbreviate(string(b), 40))
	}
	*t = Text(strings.Join(lines, ""))
	return nil
}

// MarshalJSON writes the list-of-lines form that Jupyter writes, so that a
// diff of a notebook shows changed lines.
func (t Text) MarshalJSON() ([]byte, error) {
	lines := strings.SplitAfter(string(t), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if lines == nil {
		lines = []string{}
	}
	return json.Marshal(lines)
}

// Parse decodes a notebook. It checks only that the JSON has the notebook's
// shape; Validate checks nbformat's rules.
func Parse(data []byte) (*Notebook, error) {
	var nb Notebook
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&nb); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	return &nb, nil
}

// Read reads and decodes the notebook at path.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Marshal encodes a notebook the way Jupyter writes it: one-space
// indentation, non-ASCII kept, a final newline.
func Marshal(nb *Notebook) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
