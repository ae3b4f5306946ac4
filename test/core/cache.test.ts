import { describe, expect, it, vi } from 'vitest'
import { createCache, Group, type Key } from '../../src/core'
import { deferred } from '../deferred'

/** Lets queued microtasks (promise reactions) run, without timers. */
const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

describe('createCache: fetch', () => {
  it('fresh data is returned without calling the fetcher', async () => {
    let t = 0
    const cache = createCache({ staleTime: 1000, jitter: 0, now: () => t })
    const fetcher = vi.fn(async () => 'v1')
    expect(await cache.fetch('k', fetcher)).toBe('v1')
    t = 999
    expect(await cache.fetch('k', fetcher)).toBe('v1')
    expect(fetcher).toHaveBeenCalledTimes(1)
    t = 1000
    await cache.fetch('k', fetcher)
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('concurrent misses of one key make one fetcher call and share its value', async () => {
    const cache = createCache()
    const work = deferred<{ id: number }>()
    const fetcher = vi.fn(() => work.promise)
    const calls = Array.from({ length: 100 }, () => cache.fetch(['user', 1], fetcher))
    const value = { id: 1 }
    work.resolve(value)
    const results = await Promise.all(calls)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(results.every((r) => r === value)).toBe(true)
  })

  it('the fetcher receives the key and a signal', async () => {
    const cache = createCache()
    const fetcher = vi.fn((key: Key, ctx: { signal: AbortSignal }) => [key, ctx.signal instanceof AbortSignal])
    expect(await cache.fetch(['a', { b: 1 }], fetcher)).toEqual([['a', { b: 1 }], true])
  })

  it('a stale entry: fetch waits for the new value while observers keep seeing the old data', async () => {
    const cache = createCache({ staleTime: 0 })
    await cache.fetch('k', async () => 'old')
    const seen: unknown[] = []
    cache.subscribe('k', () => seen.push(cache.get('k')))
    const work = deferred<string>()
    const pending = cache.fetch('k', () => work.promise)
    expect(cache.get('k')).toMatchObject({ data: 'old', status: 'success', isFetching: true })
    let done = false
    void pending.then(() => (done = true))
    await ticks()
    expect(done).toBe(false)
    work.resolve('new')
    expect(await pending).toBe('new')
    expect(cache.get('k')).toMatchObject({ data: 'new', status: 'success', isFetching: false })
    expect(seen.map((s) => (s as { data: string }).data)).toEqual(['old', 'new'])
  })

  it('force reloads even fresh data', async () => {
    const cache = createCache({ staleTime: Infinity })
    const fetcher = vi.fn(async () => 1)
    await cache.fetch('k', fetcher)
    await cache.fetch('k', fetcher)
    await cache.fetch('k', fetcher, { force: true })
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('force starts a new flight even while one runs, and the older answer never overwrites the newer', async () => {
    const cache = createCache()
    const first = deferred<string>()
    const second = deferred<string>()
    const a = cache.fetch('k', () => first.promise)
    const b = cache.fetch('k', () => second.promise, { force: true })
    second.resolve('new')
    await b
    first.resolve('old')
    expect(await a).toBe('old')
    expect(cache.get('k')?.data).toBe('new')
  })

  it('a caller that aborts is rejected alone; the fetcher signal aborts only when every caller left', async () => {
    const cache = createCache()
    let fetcherSignal: AbortSignal | undefined
    const work = deferred<string>()
    const fetcher = (_key: Key, { signal }: { signal: AbortSignal }): Promise<string> => {
      fetcherSignal = signal
      return work.promise
    }
    const one = new AbortController()
    const two = new AbortController()
    const p1 = cache.fetch('k', fetcher, { signal: one.signal })
    const p2 = cache.fetch('k', fetcher, { signal: two.signal })
    one.abort(new Error('left'))
    await expect(p1).rejects.toThrow('left')
    expect(fetcherSignal?.aborted).toBe(false)
    expect(cache.get('k')).toMatchObject({ status: 'pending', isFetching: true })
    two.abort(new Error('left too'))
    await expect(p2).rejects.toThrow('left too')
    expect(fetcherSignal?.aborted).toBe(true)
    // Nothing loads any more and nothing was ever loaded.
    expect(cache.get('k')).toMatchObject({ status: 'idle', isFetching: false, data: undefined })
    // A late answer of the abandoned load does not land.
    work.resolve('late')
    await ticks()
    expect(cache.get('k')?.data).toBeUndefined()
  })

  it('an already aborted signal rejects at once and never calls the fetcher', async () => {
    const cache = createCache()
    const fetcher = vi.fn(async () => 1)
    const reason = new Error('gone')
    await expect(cache.fetch('k', fetcher, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(fetcher).not.toHaveBeenCalled()
    expect(cache.get('k')).toBeUndefined()
  })

  it('bad arguments are TypeErrors', () => {
    const cache = createCache()
    expect(() => cache.fetch('k', 1 as never)).toThrow(TypeError)
    expect(() => cache.fetch('k', async () => 1, { signal: {} as AbortSignal })).toThrow(/AbortSignal/)
    expect(() => cache.fetch(new Date() as never, async () => 1)).toThrow(/Date/)
    expect(() => cache.subscribe('k', null as never)).toThrow(TypeError)
    expect(() => cache.on('x' as never)).toThrow(TypeError)
  })

  it('loads run through the group given in the options', async () => {
    const group = new Group()
    const a = createCache({ group })
    const b = createCache({ group })
    const work = deferred<number>()
    const fetcher = vi.fn(() => work.promise)
    const calls = [a.fetch('k', fetcher), b.fetch('k', fetcher)]
    // b's caller joined a flight that runs for cache a: b shows it as fetching
    expect(b.get('k')?.isFetching).toBe(true)
    work.resolve(7)
    expect(await Promise.all(calls)).toEqual([7, 7])
    expect(fetcher).toHaveBeenCalledTimes(1)
    // and writes the outcome itself, since no fetcher of its own ran.
    expect(b.get('k')).toMatchObject({ data: 7, status: 'success', isFetching: false })
  })
})
