package nb

import (
	"sync"
	"testing"
)

// Parallel workers of one loop share a Progress; under -race this test
// fails if Update and Done touch its state without the lock.
func TestProgressConcurrentUpdates(t *testing.T) {
	p := NewProgress("workers", 400)
	p.every = 0 // refresh on every call, so that every Update writes
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				p.Update(w*50+i, "worker %d", w)
			}
		}()
	}
	wg.Wait()
	p.Done("all workers")
	if !p.done {
		t.Fatal("Done did not mark the progress finished")
	}
	p.Update(1, "after Done") // ignored, must not panic or print
}

func TestNewProgressRejectsEmptyLoop(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("NewProgress with total 0 did not panic")
		}
	}()
	NewProgress("empty", 0)
}
