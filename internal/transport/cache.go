package transport

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Cache holds read results for the lifetime of one configured provider (one
// Terraform run), so that refreshing a thousand objects costs one list call
// instead of a thousand. Concurrent misses on a key share one request; a
// write invalidates the keys it touches. Errors are not cached.
type Cache struct {
	group singleflight.Group
	mu    sync.Mutex
	vals  map[string]any
	gen   map[string]uint64 // bumped by Invalidate, so a fetch racing a write is not stored
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{vals: map[string]any{}, gen: map[string]uint64{}}
}

// Get returns the cached value of key, or fetches it once for every waiting
// caller. The fetch runs with the first caller's context.
func Get[T any](ctx context.Context, c *Cache, key string, fetch func(context.Context) (T, error)) (T, error) {
	c.mu.Lock()
	if v, ok := c.vals[key]; ok {
		c.mu.Unlock()
		return v.(T), nil //nolint:forcetypeassert // each key holds one type
	}
	gen := c.gen[key]
	c.mu.Unlock()
	v, err, _ := c.group.Do(key, func() (any, error) {
		v, err := fetch(ctx)
		if err != nil {
			return v, err
		}
		c.mu.Lock()
		if c.gen[key] == gen {
			c.vals[key] = v
		}
		c.mu.Unlock()
		return v, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil //nolint:forcetypeassert // each key holds one type
}

// Invalidate forgets the keys, and every key that starts with a prefix
// ending in "*".
func (c *Cache) Invalidate(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if p, ok := strings.CutSuffix(k, "*"); ok {
			for existing := range c.vals {
				if strings.HasPrefix(existing, p) {
					delete(c.vals, existing)
					c.gen[existing]++
				}
			}
			continue
		}
		delete(c.vals, k)
		c.gen[k]++
	}
}
