import { describe, expect, it } from 'vitest'
import { createCache, hashKey, type CacheEvent } from '../../src/core'
import { internalsOf } from '../../src/core/cache-internals'
import { deferred } from '../deferred'

describe('createCache: remove and inspect', () => {
  it('remove forgets the entry; an observer sees idle, is told, and its old load cannot write', async () => {
    const cache = createCache()
    await cache.fetch('k', () => 1)
    const seen: (string | undefined)[] = []
    const stop = cache.subscribe('k', () => seen.push(cache.get('k')?.status))
    let resets = 0
    const observer = { _onCacheChange: () => {}, _onReset: () => void resets++ }
    internalsOf(cache).attach('k', hashKey('k'), observer)
    const late = deferred<number>()
    const loading = cache.fetch('k', () => late.promise, { force: true })
    cache.remove('k')
    expect(cache.get('k')).toMatchObject({ status: 'idle', data: undefined })
    expect(resets).toBe(1)
    late.resolve(2)
    expect(await loading).toBe(2)
    expect(cache.get('k')).toMatchObject({ status: 'idle', data: undefined })
    expect(seen.at(-1)).toBe('idle')
    stop()
    internalsOf(cache).detach(hashKey('k'), observer)
  })

  it('remove of an unobserved key drops it and reports evicted removed', async () => {
    const cache = createCache()
    const events: CacheEvent[] = []
    cache.on((event) => events.push(event))
    cache.set('k', 1)
    cache.remove('k')
    cache.remove('never seen')
    expect(cache.get('k')).toBeUndefined()
    expect(events.map((event) => event.type === 'evicted' && event.reason)).toEqual(['removed'])
  })

  it('inspect lists every entry with its snapshot, observers, staleAt and running mutations', async () => {
    let time = 1000
    const cache = createCache({ staleTime: 500, jitter: 0, now: () => time })
    await cache.fetch(['a'], () => 'A')
    const stop = cache.subscribe(['a'], () => {})
    const running = deferred<string>()
    const mutation = cache.mutate('b', () => running.promise, { optimistic: () => 'B?' })
    time = 1200
    expect(cache.inspect()).toEqual([
      {
        key: ['a'],
        hash: '["a"]',
        snapshot: cache.get(['a']),
        observers: 1,
        staleAt: 1500,
        mutations: 0,
      },
      { key: 'b', hash: '"b"', snapshot: cache.get('b'), observers: 0, staleAt: -Infinity, mutations: 1 },
    ])
    running.resolve('B')
    await mutation
    expect(cache.inspect()[1]?.mutations).toBe(0)
    stop()
  })
})
