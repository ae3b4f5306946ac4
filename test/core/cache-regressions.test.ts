// Regressions found by review, each a test that failed before its fix.
import { expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { deferred } from '../deferred'

it('a burst of invalidations on an observed key: superseded background reloads are aborted', async () => {
  const cache = createCache()
  const signals: AbortSignal[] = []
  const fetcher = (_k: unknown, { signal }: { signal: AbortSignal }) => {
    signals.push(signal)
    return deferred<number>().promise
  }
  cache.subscribe('k', () => {})
  cache.set('k', 0)
  void cache.fetch('k', fetcher).catch(() => {}) // stale (staleTime 0): a load, ok
  cache.invalidate('k')
  cache.invalidate('k')
  cache.invalidate('k')
  await Promise.resolve()
  // one fetch + 3 forced reloads = 4 requests in flight, none of them ever aborted
  expect(signals.filter((s) => !s.aborted).length).toBeLessThanOrEqual(2)
})

it('maxEntries: idle entries are evicted even when the entry just written is observed', () => {
  const cache = createCache({ maxEntries: 1 })
  cache.set('a', 1)
  cache.subscribe('b', () => {})
  cache.set('b', 2)
  expect(cache.get('a')).toBeUndefined() // bound 1, 'a' idle: should be evicted
})

it('a set() whose updater throws leaves no entry that gc never collects', () => {
  vi.useFakeTimers()
  try {
    const cache = createCache({ gcTime: 10 })
    expect(() =>
      cache.set('k', () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    vi.advanceTimersByTime(100)
    expect(cache.get('k')).toBeUndefined()
  } finally {
    vi.useRealTimers()
  }
})

it('fetch refuses a look-alike signal before it touches the entry, with the check Group makes', () => {
  vi.useFakeTimers()
  try {
    const cache = createCache({ gcTime: 10 })
    const fetcher = vi.fn(async () => 1)
    expect(() => cache.fetch('k', fetcher, { signal: new EventTarget() as AbortSignal })).toThrow(/AbortSignal/)
    expect(fetcher).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(cache.get('k')).toBeUndefined()
  } finally {
    vi.useRealTimers()
  }
})
