import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache, type CacheEvent } from '../../src/core'
import { deferred } from '../deferred'

describe('createCache: gcTime', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('an entry loaded without subscribers is dropped gcTime ms after its load', async () => {
    vi.useFakeTimers()
    const cache = createCache({ gcTime: 1000 })
    const evicted: CacheEvent[] = []
    cache.on((e) => e.type === 'evicted' && evicted.push(e))
    await cache.fetch('k', async () => 1)
    vi.advanceTimersByTime(999)
    expect(cache.get('k')?.data).toBe(1)
    vi.advanceTimersByTime(1)
    expect(cache.get('k')).toBeUndefined()
    expect(evicted).toMatchObject([{ type: 'evicted', key: 'k', hash: '"k"', reason: 'gc' }])
  })

  it('an observed entry is kept; it is dropped gcTime ms after its last subscriber left', async () => {
    vi.useFakeTimers()
    const cache = createCache({ gcTime: 1000 })
    await cache.fetch('k', async () => 1)
    const stop1 = cache.subscribe('k', () => {})
    const stop2 = cache.subscribe('k', () => {})
    vi.advanceTimersByTime(5000)
    expect(cache.get('k')?.data).toBe(1)
    stop1()
    vi.advanceTimersByTime(5000)
    expect(cache.get('k')?.data).toBe(1)
    stop2()
    vi.advanceTimersByTime(999)
    expect(cache.get('k')?.data).toBe(1)
    vi.advanceTimersByTime(1)
    expect(cache.get('k')).toBeUndefined()
  })

  it('an entry whose load is still running is not dropped; its gc time counts from the load', async () => {
    vi.useFakeTimers()
    const cache = createCache({ gcTime: 1000 })
    cache.set('k', 0)
    const work = deferred<number>()
    const p = cache.fetch('k', () => work.promise)
    vi.advanceTimersByTime(1500)
    expect(cache.get('k')?.isFetching).toBe(true)
    work.resolve(1)
    await p
    vi.advanceTimersByTime(999)
    expect(cache.get('k')?.data).toBe(1)
    vi.advanceTimersByTime(1)
    expect(cache.get('k')).toBeUndefined()
  })

  it('gc timers are unref’d, so a cache never keeps a Node process alive', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout')
    try {
      const cache = createCache({ gcTime: 60_000 })
      await cache.fetch('k', async () => 1)
      const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout
      expect(timer.hasRef()).toBe(false)
      cache.clear()
    } finally {
      spy.mockRestore()
    }
  })
})

describe('createCache: maxEntries', () => {
  it('the least recently used unobserved entries are evicted first', async () => {
    const cache = createCache({ maxEntries: 3, staleTime: Infinity })
    const evicted: unknown[] = []
    cache.on((e) => e.type === 'evicted' && evicted.push([e.key, e.reason]))
    for (const k of ['a', 'b', 'c']) await cache.fetch(k, async () => k)
    await cache.fetch('a', async () => 'x') // a fresh hit makes `a` the most recent
    await cache.fetch('d', async () => 'd')
    expect(evicted).toEqual([['b', 'lru']])
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k)?.data)).toEqual(['a', undefined, 'c', 'd'])
  })

  it('an observed entry is never evicted, however old', async () => {
    const cache = createCache({ maxEntries: 2, staleTime: Infinity })
    await cache.fetch('old', async () => 'old')
    const stop = cache.subscribe('old', () => {})
    for (const k of ['x', 'y', 'z']) await cache.fetch(k, async () => k)
    expect(cache.get('old')?.data).toBe('old')
    expect(['x', 'y', 'z'].map((k) => cache.get(k)?.data)).toEqual([undefined, undefined, 'z'])
    // Once unobserved it is the oldest and goes first.
    stop()
    await cache.fetch('w', async () => 'w')
    expect(['old', 'z', 'w'].map((k) => cache.get(k)?.data)).toEqual([undefined, 'z', 'w'])
  })
})
