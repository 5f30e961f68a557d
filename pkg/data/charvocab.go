package data

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// CharVocab is a character-level tokenizer: each known character (Unicode
// code point) has an id, and every other character maps to one unknown id.
// Ids of known characters are given in code-point order, so '\n' < ' ' <
// digits < letters; the unknown id is the last, Size()−1.
type CharVocab struct {
	chars []rune
	index map[rune]int32
}

// UnknownRune is what Decode writes for the unknown id.
const UnknownRune = '\uFFFD'

// NewCharVocab returns the vocabulary of the size−1 most frequent
// characters of text (ties broken by code point) plus the unknown id: the
// usual "top characters plus UNK" vocabulary of a character-level language
// model. A text with fewer distinct characters gives a smaller vocabulary.
func NewCharVocab(text string, size int) (*CharVocab, error) {
	if size < 2 {
		return nil, fmt.Errorf("data.NewCharVocab: size %d: need at least 2 (one character and the unknown id)", size)
	}
	count := map[rune]int{}
	for _, r := range text {
		count[r]++
	}
	chars := make([]rune, 0, len(count))
	for r := range count {
		chars = append(chars, r)
	}
	sort.Slice(chars, func(i, j int) bool {
		if count[chars[i]] != count[chars[j]] {
			return count[chars[i]] > count[chars[j]]
		}
		return chars[i] < chars[j]
	})
	if len(chars) > size-1 {
		chars = chars[:size-1]
	}
	return NewCharVocabOf(chars)
}

// ASCIIVocab returns the vocabulary of the 95 printable ASCII characters
// (space to '~') and newline, plus the unknown id: 97 ids, the same for
// every corpus.
func ASCIIVocab() *CharVocab {
	chars := []rune{'\n'}
	for r := rune(' '); r <= '~'; r++ {
		chars = append(chars, r)
	}
	v, _ := NewCharVocabOf(chars)
	return v
}

// NewCharVocabOf returns the vocabulary of exactly these characters (no
// repeats, no invalid runes) plus the unknown id.
func NewCharVocabOf(chars []rune) (*CharVocab, error) {
	v := &CharVocab{chars: append([]rune(nil), chars...), index: map[rune]int32{}}
	sort.Slice(v.chars, func(i, j int) bool { return v.chars[i] < v.chars[j] })
	for i, r := range v.chars {
		if !utf8.ValidRune(r) {
			return nil, fmt.Errorf("data.NewCharVocabOf: %U is not a valid character", r)
		}
		if i > 0 && v.chars[i-1] == r {
			return nil, fmt.Errorf("data.NewCharVocabOf: character %q given twice", r)
		}
		v.index[r] = int32(i)
	}
	return v, nil
}

// Size returns the number of ids, the unknown id included.
func (v *CharVocab) Size() int { return len(v.chars) + 1 }

// Unknown returns the id of every character outside the vocabulary.
func (v *CharVocab) Unknown() int32 { return int32(len(v.chars)) }

// Chars returns the known characters in id order.
func (v *CharVocab) Chars() []rune { return append([]rune(nil), v.chars...) }

// ID returns the id of r (Unknown() for a character outside the vocabulary).
func (v *CharVocab) ID(r rune) int32 {
	if id, ok := v.index[r]; ok {
		return id
	}
	return v.Unknown()
}

// Encode returns the ids of the characters of s, one per code point.
// Invalid UTF-8 bytes map to the unknown id.
func (v *CharVocab) Encode(s string) []int32 {
	ids := make([]int32, 0, len(s))
	for _, r := range s {
		ids = append(ids, v.ID(r))
	}
	return ids
}

// Decode returns the text of ids, with UnknownRune for the unknown id. It
// panics on an id outside [0, Size()).
func (v *CharVocab) Decode(ids []int32) string {
	var b strings.Builder
	for i, id := range ids {
		switch {
		case id >= 0 && int(id) < len(v.chars):
			b.WriteRune(v.chars[id])
		case id == v.Unknown():
			b.WriteRune(UnknownRune)
		default:
			panic(fmt.Errorf("data.CharVocab.Decode: id %d at position %d, allowed [0, %d)", id, i, v.Size()))
		}
	}
	return b.String()
}

// Coverage returns the fraction of the characters of s that are in the
// vocabulary (1 when no character is unknown).
func (v *CharVocab) Coverage(s string) float64 {
	n, known := 0, 0
	for _, r := range s {
		n++
		if _, ok := v.index[r]; ok {
			known++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(known) / float64(n)
}
