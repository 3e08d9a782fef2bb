package transport

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func TestCacheSharesOneFetchAndInvalidates(t *testing.T) {
	c := NewCache()
	var fetches atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) ([]string, error) { //nolint:unparam // the signature Get takes
		fetches.Add(1)
		<-release
		return []string{"a"}, nil
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := Get(context.Background(), c, "users", fetch)
			if err != nil || len(v) != 1 {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	// Let the callers pile up on the one fetch, then answer.
	for fetches.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d fetches for 50 concurrent callers, want 1", n)
	}
	if _, _ = Get(context.Background(), c, "users", fetch); fetches.Load() != 1 {
		t.Fatal("a cached value was fetched again")
	}
	c.Invalidate("users")
	if _, _ = Get(context.Background(), c, "users", fetch); fetches.Load() != 2 {
		t.Fatal("an invalidated key was not fetched again")
	}
	_, _ = Get(context.Background(), c, "syncs/alice", fetch)
	_, _ = Get(context.Background(), c, "syncs/bob", fetch)
	c.Invalidate("syncs/*")
	if _, _ = Get(context.Background(), c, "syncs/bob", fetch); fetches.Load() != 5 {
		t.Fatalf("prefix invalidation: %d fetches, want 5", fetches.Load())
	}
}

func TestCacheDoesNotKeepErrors(t *testing.T) {
	c := NewCache()
	calls := 0
	fetch := func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("boom")
		}
		return 7, nil
	}
	if _, err := Get(context.Background(), c, "k", fetch); err == nil {
		t.Fatal("error lost")
	}
	if v, err := Get(context.Background(), c, "k", fetch); err != nil || v != 7 {
		t.Fatalf("after an error: %v, %v", v, err)
	}
}

func TestCacheDropsAFetchThatRacedAWrite(t *testing.T) {
	c := NewCache()
	calls := 0
	_, _ = Get(context.Background(), c, "k", func(context.Context) (int, error) {
		calls++
		c.Invalidate("k") // a write lands while the read is in flight
		return 1, nil
	})
	_, _ = Get(context.Background(), c, "k", func(context.Context) (int, error) { calls++; return 2, nil })
	if calls != 2 {
		t.Fatalf("a read that raced a write was cached (%d fetches)", calls)
	}
}
