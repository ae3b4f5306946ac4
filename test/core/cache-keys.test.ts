import { describe, expect, it } from 'vitest'
import { createCache, type Key } from '../../src/core'
import { flush } from '../deferred'

describe('createCache: the cache owns its keys', () => {
  it('mutating the caller key object after a fetch changes nothing in the cache', async () => {
    const cache = createCache({ staleTime: 60_000 })
    const filters: { page: number } = { page: 1 }
    const loaded: Key[] = []
    const stop = cache.subscribe({ page: 1 }, () => {})
    await cache.fetch(filters, (key) => (loaded.push(structuredClone(key)), `page ${(key as { page: number }).page}`))
    filters.page = 2
    // The reload invalidate starts must load page 1, the entry's own key.
    cache.invalidate({ page: 1 })
    await flush()
    expect(loaded).toEqual([{ page: 1 }, { page: 1 }])
    expect(cache.get({ page: 1 })?.data).toBe('page 1')
    expect(cache.get({ page: 2 })).toBeUndefined()
    stop()
  })

  it('inspect and events report the cache copy of the key, frozen', async () => {
    const cache = createCache()
    const key = ['user', { id: 1 }] as const
    const seen: Key[] = []
    cache.on((event) => seen.push(event.key))
    await cache.fetch(key, () => 1)
    const [info] = cache.inspect()
    expect(info?.key).toEqual(key)
    expect(info?.key).not.toBe(key)
    expect(Object.isFrozen(info?.key)).toBe(true)
    expect(Object.isFrozen((info?.key as readonly Key[])[1])).toBe(true)
    expect(seen.every((k) => k === info?.key)).toBe(true)
  })

  it('the fetcher receives the cache copy, so a fetcher destructures a tuple key', async () => {
    const cache = createCache()
    const id = await cache.fetch(['user', 7] as const, ([, userId]) => userId * 2)
    expect(id).toBe(14)
  })
})
