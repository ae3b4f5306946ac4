import { describe, expect, it, vi } from 'vitest'
import { createCache, dehydrate, hydrate, type Cache, type DehydratedState } from '../../src/core'
import { deferred } from '../deferred'

// A cache on a clock the test moves by hand.
const clocked = (options: { staleTime?: number } = {}) => {
  const clock = { now: 1_000 }
  const cache = createCache({ ...options, jitter: 0, now: () => clock.now })
  return { cache, clock }
}

const fails = (cache: Cache) => {
  void cache.fetch('pending', () => deferred<string>().promise)
  return cache.fetch('failed', () => Promise.reject(new Error('down'))).catch(() => {})
}

describe('dehydrate', () => {
  it('lists every entry with data as its key, data and updatedAt', async () => {
    const { cache, clock } = clocked()
    await cache.fetch(['user', 1], () => ({ name: 'Ada' }))
    clock.now = 2_000
    cache.set('team', ['ada', 'bob'])
    expect(dehydrate(cache)).toEqual({
      entries: [
        { key: ['user', 1], data: { name: 'Ada' }, updatedAt: 1_000 },
        { key: 'team', data: ['ada', 'bob'], updatedAt: 2_000 },
      ],
    })
  })

  it('leaves out entries without data: pending, failed, idle', async () => {
    const { cache } = clocked()
    await fails(cache)
    cache.subscribe('idle', () => {})
    expect(dehydrate(cache)).toEqual({ entries: [] })
  })

  it('keeps only the entries the filter accepts, given each one as EntryInfo', () => {
    const { cache } = clocked()
    cache.set(['user', 1], 'ada')
    cache.set(['post', 1], 'hello')
    const filter = vi.fn((info: { key: unknown }) => Array.isArray(info.key) && info.key[0] === 'user')
    expect(dehydrate(cache, filter).entries.map((entry) => entry.key)).toEqual([['user', 1]])
    expect(filter.mock.calls[0]![0]).toMatchObject({ hash: expect.any(String), snapshot: { data: 'ada' } })
  })

  it('a filter that is not a function is a TypeError', () => {
    expect(() => dehydrate(createCache(), 'user' as never)).toThrow(/oneflight: dehydrate: filter must be a function/)
  })
})

describe('hydrate', () => {
  it('a JSON round trip of dehydrate writes the same data with the server updatedAt', () => {
    const server = clocked().cache
    server.set(['user', { id: 1 }], { name: 'Ada', tags: ['a'] })
    const client = clocked().cache
    hydrate(client, JSON.parse(JSON.stringify(dehydrate(server))) as DehydratedState)
    expect(client.get(['user', { id: 1 }])).toMatchObject({
      data: { name: 'Ada', tags: ['a'] },
      updatedAt: 1_000,
      status: 'success',
    })
  })

  it('freshness counts from the server updatedAt on the cache clock', async () => {
    const { cache, clock } = clocked({ staleTime: 10_000 })
    clock.now = 5_000
    hydrate(cache, { entries: [{ key: 'k', data: 'server', updatedAt: 1_000 }] })
    const fetcher = vi.fn(() => 'client')
    expect(await cache.fetch('k', fetcher)).toBe('server')
    expect(fetcher).not.toHaveBeenCalled()
    clock.now = 11_000
    expect(await cache.fetch('k', fetcher)).toBe('client')
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('never overwrites newer data, and replaces older data', () => {
    const { cache, clock } = clocked()
    clock.now = 3_000
    cache.set('newer', 'client')
    cache.set('older', 'client')
    hydrate(cache, {
      entries: [
        { key: 'newer', data: 'server', updatedAt: 2_000 },
        { key: 'older', data: 'server', updatedAt: 4_000 },
      ],
    })
    expect(cache.get('newer')).toMatchObject({ data: 'client', updatedAt: 3_000 })
    expect(cache.get('older')).toMatchObject({ data: 'server', updatedAt: 4_000 })
  })

  it('notifies the subscribers of a key it writes', () => {
    const { cache } = clocked()
    const listener = vi.fn()
    cache.subscribe('k', listener)
    hydrate(cache, { entries: [{ key: 'k', data: 1, updatedAt: 500 }] })
    expect(listener).toHaveBeenCalled()
    expect(cache.get('k')?.data).toBe(1)
  })

  it('a state that is not a dehydrate result is a TypeError naming the problem, and nothing is written', () => {
    const { cache } = clocked()
    const bad = (state: unknown) => () => hydrate(cache, state as DehydratedState)
    expect(bad(null)).toThrow(/oneflight: hydrate: state must be the object dehydrate returns/)
    expect(bad({ entries: {} })).toThrow(/state.entries must be an array/)
    expect(bad({ entries: [5] })).toThrow(/state.entries\[0\] must be an object/)
    expect(bad({ entries: [{ key: () => 1, data: 1, updatedAt: 1 }] })).toThrow(/state.entries\[0\].key is not a valid/)
    expect(bad({ entries: [{ key: 'k', updatedAt: 1 }] })).toThrow(/state.entries\[0\].data is undefined/)
    const good = { key: 'good', data: 1, updatedAt: 1 }
    expect(bad({ entries: [good, { key: 'k', data: 1, updatedAt: '1' }] })).toThrow(/state.entries\[1\].updatedAt/)
    expect(bad({ entries: [good, { key: 'k', data: 1, updatedAt: Number.NaN }] })).toThrow(/updatedAt/)
    expect(cache.get('good')).toBeUndefined()
  })

  it('a cache not made by createCache is a TypeError', () => {
    expect(() => hydrate({} as Cache, { entries: [] })).toThrow(TypeError)
  })
})
