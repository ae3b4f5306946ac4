import { describe, expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { deferred } from '../deferred'

describe('createCache: snapshots', () => {
  it('a snapshot is frozen and keeps its identity until a field changes', async () => {
    let t = 10
    const cache = createCache({ staleTime: 1000, jitter: 0, now: () => t })
    const listener = vi.fn()
    cache.subscribe('k', listener)
    const idle = cache.get('k')
    expect(cache.get('k')).toBe(idle)
    await cache.fetch('k', async () => 'a')
    const loaded = cache.get('k')
    expect(loaded).not.toBe(idle)
    expect(Object.isFrozen(loaded)).toBe(true)
    const calls = listener.mock.calls.length
    // A fresh hit, another subscriber, an invalidate of an unobserved key and
    // get itself change nothing.
    await cache.fetch('k', async () => 'b')
    cache.subscribe('k', () => {})
    cache.invalidate('other')
    expect(cache.get('k')).toBe(loaded)
    expect(listener).toHaveBeenCalledTimes(calls)
    // Writing the same data at the same time changes no field either.
    cache.set('k', 'a')
    t = 10
    expect(cache.get('k')).toBe(loaded)
    t = 20
    cache.set('k', 'a')
    expect(cache.get('k')).not.toBe(loaded)
    expect(cache.get('k')).toMatchObject({ data: 'a', updatedAt: 20 })
  })

  it('each snapshot a subscriber sees is a new object with the new fields', async () => {
    const cache = createCache()
    const seen: unknown[] = []
    cache.subscribe('k', () => seen.push(cache.get('k')))
    const work = deferred<number>()
    const p = cache.fetch('k', () => work.promise)
    work.resolve(1)
    await p
    expect(seen).toEqual([
      { data: undefined, error: undefined, updatedAt: expect.any(Number), status: 'pending', isFetching: true },
      { data: 1, error: undefined, updatedAt: expect.any(Number), status: 'success', isFetching: false },
    ])
    expect(new Set(seen).size).toBe(2)
  })
})

describe('createCache: errors', () => {
  it('a failed first load rejects the callers and is never stored as data', async () => {
    const cache = createCache()
    const error = new Error('down')
    await expect(cache.fetch('k', async () => Promise.reject(error))).rejects.toBe(error)
    expect(cache.get('k')).toEqual({ data: undefined, error, updatedAt: 0, status: 'error', isFetching: false })
  })

  it('stale-if-error: a failed reload keeps the last data, and the next fetch tries again', async () => {
    let t = 1000
    const cache = createCache({ staleTime: 100, jitter: 0, now: () => t })
    await cache.fetch('k', async () => 'good')
    t = 1050 // still inside the fresh window: a forced reload fails
    const error = new Error('down')
    await expect(cache.fetch('k', async () => Promise.reject(error), { force: true })).rejects.toBe(error)
    expect(cache.get('k')).toMatchObject({ data: 'good', error, status: 'error', updatedAt: 1000 })
    // The error made the entry stale although its window has not ended.
    const fetcher = vi.fn(async () => 'better')
    expect(await cache.fetch('k', fetcher)).toBe('better')
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(cache.get('k')).toMatchObject({ data: 'better', error: undefined, status: 'success', updatedAt: 1050 })
  })

  it('a reload after an error keeps status error while it runs', async () => {
    const cache = createCache()
    await cache.fetch('k', async () => Promise.reject(new Error('x'))).catch(() => {})
    const work = deferred<number>()
    const p = cache.fetch('k', () => work.promise)
    expect(cache.get('k')).toMatchObject({ status: 'error', isFetching: true })
    work.resolve(1)
    await p
    expect(cache.get('k')).toMatchObject({ status: 'success', error: undefined, data: 1 })
  })
})

describe('createCache: options', () => {
  it('bad options are TypeErrors that name the option', () => {
    expect(() => createCache({ staleTime: -1 })).toThrow(/staleTime/)
    expect(() => createCache({ staleTime: Number.NaN })).toThrow(/staleTime/)
    expect(() => createCache({ gcTime: '5' as never })).toThrow(/gcTime/)
    expect(() => createCache({ maxEntries: 1.5 })).toThrow(/maxEntries/)
    expect(() => createCache({ jitter: 1.5 })).toThrow(/jitter/)
    expect(() => createCache({ jitter: -0.1 })).toThrow(/jitter/)
    expect(() => createCache({ earlyRefresh: -1 })).toThrow(/earlyRefresh/)
    expect(() => createCache({ retry: -1 })).toThrow(/retry/)
    expect(() => createCache({ retry: 'x' as never })).toThrow(/retry/)
    expect(() => createCache({ retryDelay: 5 as never })).toThrow(/retryDelay/)
    expect(() => createCache({ now: 5 as never })).toThrow(/now/)
    expect(() => createCache({ random: 5 as never })).toThrow(/random/)
    expect(() => createCache({ group: {} as never })).toThrow(/group/)
    expect(() => createCache(5 as never)).toThrow(TypeError)
    expect(() =>
      createCache({ staleTime: Infinity, gcTime: Infinity, maxEntries: Infinity, jitter: 0, retry: Infinity }),
    ).not.toThrow()
  })
})
