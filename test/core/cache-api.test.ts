import { describe, expect, it, vi } from 'vitest'
import { createCache, type Key } from '../../src/core'
import { deferred } from '../deferred'

/** Lets queued microtasks (promise reactions) run, without timers. */
const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

describe('createCache: get, set, invalidate, subscribe, clear', () => {
  it('get is undefined for an unseen key and pending, fetching, while the first load runs', async () => {
    const cache = createCache()
    expect(cache.get('k')).toBeUndefined()
    const work = deferred<number>()
    const p = cache.fetch('k', () => work.promise)
    expect(cache.get('k')).toEqual({
      data: undefined,
      error: undefined,
      updatedAt: 0,
      status: 'pending',
      isFetching: true,
    })
    work.resolve(1)
    await p
    expect(cache.get('k')).toMatchObject({ data: 1, status: 'success', isFetching: false })
  })

  it('set writes a value or an updater result, notifies subscribers, and counts as fresh', async () => {
    const cache = createCache({ staleTime: 1000, jitter: 0, now: () => 50 })
    const listener = vi.fn()
    cache.subscribe('n', listener)
    cache.set('n', 1)
    cache.set<number>('n', (prev) => (prev ?? 0) + 1)
    expect(cache.get('n')).toMatchObject({ data: 2, status: 'success', updatedAt: 50 })
    expect(listener).toHaveBeenCalledTimes(2)
    const fetcher = vi.fn(async () => 99)
    expect(await cache.fetch('n', fetcher)).toBe(2)
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('a load started before set does not overwrite the set data', async () => {
    const cache = createCache()
    const work = deferred<string>()
    const p = cache.fetch('k', () => work.promise)
    cache.set('k', 'optimistic')
    work.resolve('from the origin')
    expect(await p).toBe('from the origin')
    expect(cache.get('k')).toMatchObject({ data: 'optimistic', isFetching: false })
  })

  it('invalidate marks a key stale: an unobserved key reloads only on the next fetch', async () => {
    const cache = createCache({ staleTime: Infinity })
    const fetcher = vi.fn(async () => 'v')
    await cache.fetch('k', fetcher)
    cache.invalidate('k')
    await ticks()
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(cache.get('k')?.data).toBe('v')
    await cache.fetch('k', fetcher)
    expect(fetcher).toHaveBeenCalledTimes(2)
    cache.invalidate('never seen') // harmless
  })

  it('invalidate with a predicate reloads observed keys at once with their last fetcher, one flight each', async () => {
    const cache = createCache({ staleTime: Infinity })
    const calls: Key[] = []
    const fetcher = async (key: Key): Promise<string> => {
      calls.push(key)
      return `v${calls.length}`
    }
    for (const id of [1, 2, 3]) await cache.fetch(['todo', id], fetcher)
    await cache.fetch('other', fetcher)
    calls.length = 0
    // Three subscribers on todo 1, one on todo 2, none on todo 3.
    for (let i = 0; i < 3; i++) cache.subscribe(['todo', 1], () => {})
    cache.subscribe(['todo', 2], () => {})
    cache.invalidate((key) => Array.isArray(key) && key[0] === 'todo')
    expect(cache.get(['todo', 1])?.isFetching).toBe(true)
    await ticks()
    expect(calls).toEqual([
      ['todo', 1],
      ['todo', 2],
    ])
    expect(cache.get(['todo', 1])).toMatchObject({ data: 'v1', isFetching: false })
    // todo 3 is stale now, "other" is not.
    await cache.fetch(['todo', 3], fetcher)
    await cache.fetch('other', fetcher)
    expect(calls).toEqual([
      ['todo', 1],
      ['todo', 2],
      ['todo', 3],
    ])
  })

  it('invalidating an observed key while it loads starts a new load whose answer wins', async () => {
    const cache = createCache()
    const works = [deferred<string>(), deferred<string>()]
    let calls = 0
    const fetcher = (): Promise<string> => works[calls++]!.promise
    cache.subscribe('k', () => {})
    const first = cache.fetch('k', fetcher)
    cache.invalidate('k')
    expect(calls).toBe(2)
    works[1]!.resolve('after the change')
    await ticks()
    works[0]!.resolve('before the change')
    expect(await first).toBe('before the change')
    expect(cache.get('k')).toMatchObject({ data: 'after the change', isFetching: false })
  })

  it('subscribe notifies on every change until unsubscribed; unsubscribing twice is harmless', async () => {
    const cache = createCache()
    const listener = vi.fn()
    const stop = cache.subscribe('k', listener)
    const also = cache.subscribe('k', listener)
    cache.set('k', 1)
    expect(listener).toHaveBeenCalledTimes(2)
    stop()
    stop()
    cache.set('k', 2)
    expect(listener).toHaveBeenCalledTimes(3)
    also()
    cache.set('k', 3)
    expect(listener).toHaveBeenCalledTimes(3)
  })

  it('clear drops the data and notifies subscribers; a waiting caller still gets its answer', async () => {
    const cache = createCache({ staleTime: Infinity })
    cache.set('observed', 'x')
    const listener = vi.fn()
    cache.subscribe('observed', listener)
    const work = deferred<string>()
    let signal: AbortSignal | undefined
    const waited = cache.fetch('waited', (_k, ctx) => ((signal = ctx.signal), work.promise))
    cache.clear()
    expect(signal?.aborted).toBe(false) // its caller still waits
    expect(listener).toHaveBeenCalledTimes(1)
    expect(cache.get('observed')).toEqual({
      data: undefined,
      error: undefined,
      updatedAt: 0,
      status: 'idle',
      isFetching: false,
    })
    expect(cache.get('waited')).toBeUndefined()
    work.resolve('w')
    expect(await waited).toBe('w')
    expect(cache.get('waited')).toBeUndefined() // it does not land in the cleared cache
    // The subscription survives the clear.
    cache.set('observed', 'y')
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('clear aborts a background reload nobody else waits for', async () => {
    const cache = createCache({ staleTime: Infinity })
    let signal: AbortSignal | undefined
    const hang = vi.fn(
      (_k: Key, ctx: { signal: AbortSignal }) => ((signal = ctx.signal), new Promise<string>(() => {})),
    )
    cache.set('k', 'v')
    cache.subscribe('k', () => {})
    await cache.fetch('k', hang) // a fresh hit: remembers `hang` without calling it
    expect(hang).not.toHaveBeenCalled()
    cache.invalidate('k')
    expect(hang).toHaveBeenCalledTimes(1)
    expect(signal?.aborted).toBe(false)
    cache.clear()
    expect(signal?.aborted).toBe(true)
  })

  // A cache whose subscribed key 'k' has a background reload running that
  // never answers; `signal()` is that reload's.
  const reloading = async () => {
    const cache = createCache({ staleTime: Infinity })
    let signal: AbortSignal | undefined
    cache.set('k', 'v')
    const stop = cache.subscribe('k', () => {})
    await cache.fetch('k', (_k, ctx) => ((signal = ctx.signal), new Promise<string>(() => {})))
    cache.invalidate('k')
    return { cache, stop, signal: () => signal }
  }

  it('the last subscriber leaving aborts a background reload nobody else waits for', async () => {
    const { cache, stop, signal: reloadSignal } = await reloading()
    const signal = reloadSignal()
    expect(cache.get('k')?.isFetching).toBe(true)
    stop()
    // A microtask later, so an unsubscribe-resubscribe in one task (StrictMode) aborts nothing.
    expect(signal?.aborted).toBe(false)
    await Promise.resolve()
    expect(signal?.aborted).toBe(true)
    expect(cache.get('k')).toMatchObject({ data: 'v', isFetching: false })
  })

  it('a subscriber leaving and another arriving in the same task abort nothing', async () => {
    const { cache, stop, signal: reloadSignal } = await reloading()
    const signal = reloadSignal()
    stop()
    const again = cache.subscribe('k', () => {})
    await Promise.resolve()
    expect(signal?.aborted).toBe(false)
    expect(cache.get('k')?.isFetching).toBe(true)
    again()
  })

  it('after clear, a fetch starts a new flight instead of joining one from before', async () => {
    const cache = createCache()
    const fetcher = vi.fn(() => new Promise<number>(() => {}))
    void cache.fetch('k', fetcher)
    cache.clear()
    void cache.fetch('k', fetcher)
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(cache.get('k')?.status).toBe('pending')
  })
})
