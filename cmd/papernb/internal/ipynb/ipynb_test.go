package ipynb

import (
	"encoding/json"
	"strings"
	"testing"
)

// fixture is the executed fixture notebook that cmd/papernb's tests run.
const fixture = "../../testdata/fixture/00-fixture/00-fixture.ipynb"

func TestReadExecutedFixture(t *testing.T) {
	nb, err := Read(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if nb.NBFormat != 4 || nb.Metadata.Kernelspec == nil || nb.Metadata.Kernelspec.Name != "gonb" {
		t.Errorf("nbformat %d, kernelspec %+v", nb.NBFormat, nb.Metadata.Kernelspec)
	}
	if got := len(nb.CodeCells()); got != 4 {
		t.Errorf("%d code cells, want 4", got)
	}
	figs := nb.Figures()
	if len(figs) != 1 || figs[0].Mime != "text/html" || figs[0].Cell != 5 {
		t.Errorf("figures = %d (first %+v), want one HTML figure in cell 5", len(figs), figs)
	}
	if errs := nb.Errors(); len(errs) != 0 {
		t.Errorf("errors = %+v, want none", errs)
	}
	v := nb.FullVerdict()
	if v == nil || v.Outcome != "REPRODUCED" {
		t.Fatalf("full-mode verdict = %+v, want REPRODUCED", v)
	}
	if !strings.Contains(nb.Stream("stdout"), "sum of squares 1..1000 = 333833500\n") {
		t.Errorf("stdout lacks the computed sum:\n%s", nb.Stream("stdout"))
	}
}

func TestText(t *testing.T) {
	for _, in := range []string{`"a\nb"`, `["a\n", "b"]`} {
		var got Text
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != "a\nb" {
			t.Errorf("unmarshal %s = %q, %v; want \"a\\nb\"", in, got, err)
		}
	}
	var bad Text
	if err := json.Unmarshal([]byte(`42`), &bad); err == nil || !strings.Contains(err.Error(), "42") {
		t.Errorf("unmarshal 42: error %v, want one naming the value", err)
	}
	for text, want := range map[Text]string{"": `[]`, "a\nb": `["a\n","b"]`, "a\n": `["a\n"]`} {
		got, _ := json.Marshal(text)
		if string(got) != want {
			t.Errorf("marshal %q = %s, want %s", text, got, want)
		}
	}
}

func TestOutputs(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
	  {"cell_type": "markdown", "metadata": {}, "source": "# t"},
	  {"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [
	    {"output_type": "stream", "name": "stdout", "text": "no newline"},
	    {"output_type": "display_data", "data": {"text/html": "<div>a table</div>"}, "metadata": {}},
	    {"output_type": "display_data", "data": {"text/html": ["<div>", "<svg></svg></div>"]}, "metadata": {}},
	    {"output_type": "display_data", "data": {"application/json": {"a": 1}}, "metadata": {}},
	    {"output_type": "display_data", "data": {"text/html": "<div><img src=\"data:image/png;base64,iVBORw0KGgo=\" width=\"3\"></div>"}, "metadata": {}},
	    {"output_type": "display_data", "data": {"text/html": "<img src=\"https://example.com/x.png\">"}, "metadata": {}}
	  ]},
	  {"cell_type": "code", "metadata": {}, "source": "", "execution_count": 2, "outputs": [
	    {"output_type": "stream", "name": "stderr", "text": "warning\n"},
	    {"output_type": "stream", "name": "stdout", "text": "second\n"},
	    {"output_type": "execute_result", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<img>"}, "metadata": {}, "execution_count": 2},
	    {"output_type": "error", "ename": "ERROR", "evalue": "exit status 2", "traceback": []}
	  ]}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nb.Stream("stdout"), "no newline\nsecond\n"; got != want {
		t.Errorf("stdout = %q, want %q (cells' text never runs together)", got, want)
	}
	figs := nb.Figures()
	if len(figs) != 3 || figs[0].Mime != "text/html" || !strings.Contains(figs[1].Data, "data:image/png") || figs[2].Mime != "image/png" || figs[2].Cell != 2 {
		t.Errorf("figures = %+v, want the HTML svg and the HTML data-URI image in cell 1 and the PNG in cell 2", figs)
	}
	errs := nb.Errors()
	if len(errs) != 1 || errs[0] != (CellError{Cell: 2, Name: "ERROR", Value: "exit status 2"}) {
		t.Errorf("errors = %+v", errs)
	}
	if _, ok := nb.Verdict(); ok {
		t.Error("found a verdict in a notebook that printed none")
	}
}

// Code cells must carry outputs and execution_count even when empty, and
// markdown cells must not, or nbformat rejects the file.
func TestMarshalCells(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Cells: []Cell{
		{ID: "a", CellType: Markdown, Source: "# t"},
		{ID: "b", CellType: Code, Source: "x := 1\n"},
	}}
	data, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct{ Cells []map[string]any }
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Cells[0]["outputs"]; ok {
		t.Error("markdown cell has outputs")
	}
	code := raw.Cells[1]
	if outs, ok := code["outputs"].([]any); !ok || len(outs) != 0 {
		t.Errorf("code cell outputs = %#v, want []", code["outputs"])
	}
	if ec, ok := code["execution_count"]; !ok || ec != nil {
		t.Errorf("code cell execution_count = %#v (present %v), want null", ec, ok)
	}
	back, err := Parse(data)
	if err != nil || back.Cells[1].Source != "x := 1\n" {
		t.Errorf("round trip: %v, source %q", err, back.Cells[1].Source)
	}
}
