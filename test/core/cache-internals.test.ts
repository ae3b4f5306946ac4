import { describe, expect, it } from 'vitest'
import { createCache, hashKey } from '../../src/core'
import { internalsOf } from '../../src/core/cache-internals'
import { deferred, flush } from '../deferred'

const setup = (options: Parameters<typeof createCache>[0] = {}) => {
  let time = 1000
  const cache = createCache({ jitter: 0, now: () => time, ...options })
  return { cache, internals: internalsOf(cache), advance: (ms: number) => (time += ms) }
}

describe('createCache: per-call staleTime and the internals observers use', () => {
  it('a per-call staleTime decides freshness on the cache clock', async () => {
    const { cache, advance } = setup()
    let calls = 0
    const fetcher = (): number => ++calls
    await cache.fetch('k', fetcher)
    advance(20_000)
    expect(await cache.fetch('k', fetcher, { staleTime: 30_000 })).toBe(1)
    advance(20_000)
    expect(await cache.fetch('k', fetcher, { staleTime: 30_000 })).toBe(2)
    expect(() => cache.fetch('k', fetcher, { staleTime: -1 })).toThrow(/oneflight: invalid staleTime/)
  })

  it('internalsOf rejects an object that is not a cache', () => {
    expect(() => internalsOf({} as never)).toThrow(/oneflight: not a cache made by createCache/)
  })

  it('revalidate joins the running load, answers fresh data in ifStale mode and starts a new flight on restart', async () => {
    const { cache, internals } = setup({ staleTime: 10_000 })
    const loads = [deferred<string>(), deferred<string>()]
    let calls = 0
    const fetcher = (): Promise<string> => loads[calls++]!.promise
    const types: string[] = []
    cache.on((event) => types.push(event.type))
    const first = internals.revalidate('k', fetcher, { mode: 'join' })
    expect(internals.revalidate('k', fetcher, { mode: 'join' })).toBe(first)
    expect(types).toEqual(['started', 'joined'])
    loads[0]!.resolve('a')
    expect(await first).toBe('a')
    expect(await internals.revalidate('k', fetcher, { mode: 'ifStale' })).toBe('a')
    expect(calls).toBe(1)
    const restarted = internals.revalidate('k', fetcher, { mode: 'restart' })
    expect(calls).toBe(2)
    loads[1]!.resolve('b')
    expect(await restarted).toBe('b')
  })

  it('the last subscriber leaving aborts the cache own load a microtask later', async () => {
    const { cache, internals } = setup()
    let signal: AbortSignal | undefined
    const stop = cache.subscribe('k', () => {})
    const load = internals.revalidate('k', (_key, context) => ((signal = context.signal), new Promise(() => {})), {
      mode: 'join',
    })
    stop()
    expect(signal?.aborted).toBe(false)
    await Promise.resolve()
    expect(signal?.aborted).toBe(true)
    await expect(load).rejects.toThrow()
  })

  it('firstData is one stable promise per key, released at once by a set', async () => {
    const { cache, internals } = setup()
    let calls = 0
    const fetcher = (): Promise<string> => (calls++, new Promise(() => {}))
    const waiting = internals.firstData('k', fetcher)
    expect(internals.firstData('k', fetcher)).toBe(waiting)
    // The load starts a microtask later: firstData runs during render.
    expect(calls).toBe(0)
    expect(cache.get('k')?.isFetching).toBe(false)
    await flush()
    expect(calls).toBe(1)
    cache.set('k', 'from set')
    expect(await waiting).toBe('from set')
  })

  it('firstData rejects with the error of a load that fails while the key has no data', async () => {
    const { internals } = setup()
    const error = new Error('down')
    await expect(internals.firstData('k', () => Promise.reject(error))).rejects.toBe(error)
  })

  it("attach makes a subscriber told of changes and of clear; detach stops both and aborts the last one out's load", async () => {
    const { cache, internals } = setup()
    const hash = hashKey(['a'])
    let changes = 0
    let resets = 0
    const observer = { _onCacheChange: () => void changes++, _onReset: () => void resets++ }
    internals.attach(['a'], hash, observer)
    expect(cache.inspect()[0]?.observers).toBe(1)
    cache.set(['a'], 1)
    expect(changes).toBe(1)
    cache.clear()
    expect([changes, resets]).toEqual([2, 1])
    const load = deferred<number>()
    let signal: AbortSignal | undefined
    void internals.revalidate(['a'], (_key, options) => ((signal = options.signal), load.promise), { mode: 'join' })
    internals.detach(hash, observer)
    await flush()
    expect(signal?.aborted).toBe(true)
    cache.set(['a'], 2)
    cache.clear()
    expect([changes, resets]).toEqual([3, 1])
  })

  it('hydrate keeps the server updatedAt, never overwrites newer data, and lets a running load win', async () => {
    const { cache, internals } = setup({ staleTime: 5_000 })
    expect(internals.hydrate('k', 'server', 900)).toBe(true)
    expect(cache.get('k')).toMatchObject({ data: 'server', updatedAt: 900, status: 'success' })
    expect(internals.isFresh('k')).toBe(true)
    expect(internals.hydrate('k', 'older', 800)).toBe(false)
    cache.set('k', 'client')
    expect(internals.hydrate('k', 'server again', 900)).toBe(false)
    const live = deferred<string>()
    const loading = cache.fetch('other', () => live.promise)
    expect(internals.hydrate('other', 'server', 900)).toBe(true)
    live.resolve('live')
    await loading
    expect(cache.get('other')?.data).toBe('live')
  })

  it('refetch forces a load with the entry last fetcher, and is undefined without one', async () => {
    const { cache, internals } = setup({ staleTime: Infinity })
    let calls = 0
    await cache.fetch('k', () => ++calls)
    expect(await internals.refetch('k')).toBe(2)
    cache.set('set only', 1)
    expect(internals.refetch('set only')).toBeUndefined()
    expect(internals.refetch('missing')).toBeUndefined()
  })

  it('the environment option fills in defaults and rejects parts that are not functions', () => {
    const isOnline = (): boolean => false
    const { internals } = setup({ environment: { isOnline } })
    expect(internals.environment.isOnline).toBe(isOnline)
    expect(internals.environment.isVisible()).toBe(true)
    expect(() => createCache({ environment: { onFocus: 1 as never } })).toThrow(
      /oneflight: invalid environment.onFocus: not a function/,
    )
  })
})
