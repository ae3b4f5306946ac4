import { describe, expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { deferred, flush } from '../deferred'

describe('createCache: invalidation wins over loads that began before it', () => {
  it('a forced load in flight during invalidate may write its answer but leaves the entry stale', async () => {
    const cache = createCache({ staleTime: 60_000, jitter: 0 })
    await cache.fetch('k', () => 'v1')
    const old = deferred<string>()
    const loading = cache.fetch('k', () => old.promise, { force: true })
    cache.invalidate('k')
    old.resolve('v2')
    await loading
    expect(cache.get('k')?.data).toBe('v2')
    let calls = 0
    expect(await cache.fetch('k', () => (calls++, 'v3'))).toBe('v3')
    expect(calls).toBe(1)
  })

  it('with a subscriber, a fetch made while the superseding reload runs is not answered with the old data', async () => {
    const cache = createCache({ staleTime: 60_000, jitter: 0 })
    await cache.fetch('k', () => 'v1')
    const stop = cache.subscribe('k', () => {})
    const loads = [deferred<string>(), deferred<string>()]
    let calls = 0
    const fetcher = (): Promise<string> => loads[calls++]!.promise
    const first = cache.fetch('k', fetcher, { force: true })
    // Starts the superseding reload with the entry's last fetcher: loads[1].
    cache.invalidate('k')
    expect(calls).toBe(2)
    loads[0]!.resolve('old')
    await first
    const answer = cache.fetch('k', fetcher)
    loads[1]!.resolve('new')
    expect(await answer).toBe('new')
    expect(calls).toBe(2)
    stop()
  })

  it('a set after invalidate is fresh again', async () => {
    const cache = createCache({ staleTime: 60_000, jitter: 0 })
    cache.invalidate('k')
    cache.set('k', 'mine')
    let calls = 0
    expect(await cache.fetch('k', () => (calls++, 'loaded'))).toBe('mine')
    expect(calls).toBe(0)
  })

  it('invalidate reports an invalidated event', async () => {
    const cache = createCache()
    const types: string[] = []
    cache.on((event) => types.push(event.type))
    cache.set('k', 1)
    cache.invalidate('k')
    await flush()
    expect(types).toEqual(['invalidated'])
  })
})
