package data_test

import (
	"fmt"
	"strings"

	"github.com/papernb/papernb/pkg/data"
)

// A character-level language-model data set from the Go standard
// library's documentation: a 95-character vocabulary plus the unknown id,
// and a 90/5/5 split by position.
func ExampleGoDocCorpus() {
	corpus, err := data.GoDocCorpus(data.GoDocOptions{})
	if err != nil {
		panic(err)
	}
	span, _ := corpus.Package("fmt")
	first, _, _ := strings.Cut(corpus.Text[span.Start:span.End], ".")
	fmt.Println(first)

	vocab, err := data.NewCharVocab(corpus.Text, 96)
	if err != nil {
		panic(err)
	}
	parts, err := corpus.SplitBytes(0.9, 0.05)
	if err != nil {
		panic(err)
	}
	train := vocab.Encode(parts[0])
	fmt.Println(vocab.Size(), "ids;", len(parts), "parts; training ids", len(train) > 1_000_000)
	// Output:
	// Package fmt implements formatted I/O with functions analogous to C's printf and scanf
	// 96 ids; 3 parts; training ids true
}

func ExampleCharVocab_Encode() {
	vocab := data.ASCIIVocab()
	ids := vocab.Encode("Go → fast")
	fmt.Println(ids)
	fmt.Println(vocab.Decode(ids))
	// Output:
	// [40 80 1 96 1 71 66 84 85]
	// Go � fast
}
