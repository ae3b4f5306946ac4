import { describe, expect, it, vi } from 'vitest'
import { createCache, type CacheEvent } from '../../src/core'
import { deferred } from '../deferred'
import { watchReported } from '../reported'

describe('createCache: events', () => {
  it('a flight reports started, joined and settled with key, hash, times from now() and its duration', async () => {
    let t = 100
    const cache = createCache({ now: () => t })
    const events: CacheEvent[] = []
    cache.on((e) => events.push(e))
    const work = deferred<number>()
    const p = [cache.fetch(['u', 1], () => work.promise), cache.fetch(['u', 1], () => work.promise)]
    t = 130
    work.resolve(1)
    await Promise.all(p)
    const flight = { key: ['u', 1], hash: '["u",1]', flightId: 1 }
    expect(events).toEqual([
      { type: 'started', ...flight, at: 100, background: false, remote: false },
      { type: 'joined', ...flight, at: 100 },
      { type: 'settled', ...flight, at: 130, duration: 30, ok: true, remote: false },
    ])
  })

  it('a failed flight settles with ok: false and its error; an abandoned one reports aborted', async () => {
    const cache = createCache()
    const events: CacheEvent[] = []
    cache.on((e) => events.push(e))
    const error = new Error('down')
    await cache.fetch('a', () => Promise.reject(error)).catch(() => {})
    const leave = new AbortController()
    const p = cache.fetch('b', () => new Promise(() => {}), { signal: leave.signal })
    leave.abort('bye')
    await p.catch(() => {})
    expect(events.map((e) => [e.type, e.key])).toEqual([
      ['started', 'a'],
      ['settled', 'a'],
      ['started', 'b'],
      ['aborted', 'b'],
    ])
    expect(events[1]).toMatchObject({ ok: false, error })
    expect(events[3]).toMatchObject({ flightId: 2, reason: 'bye' })
  })

  it('background reloads are marked, and a listener that is removed hears nothing more', async () => {
    const cache = createCache({ staleTime: Infinity })
    const events: CacheEvent[] = []
    const off = cache.on((e) => events.push(e))
    await cache.fetch('k', async () => 1)
    cache.subscribe('k', () => {})
    cache.invalidate('k')
    await Promise.resolve()
    expect(events.filter((e) => e.type === 'started').map((e) => e.type === 'started' && e.background)).toEqual([
      false,
      true,
    ])
    off()
    off()
    const count = events.length
    cache.invalidate('k')
    expect(events.length).toBe(count)
  })

  it('a listener or subscriber that throws stops neither the others nor the load; its error is rethrown later', async () => {
    const reported = watchReported()
    try {
      const cache = createCache()
      const heard: string[] = []
      cache.on(() => {
        throw new Error('bad listener')
      })
      cache.on((e) => heard.push(e.type))
      cache.subscribe('k', () => {
        throw new Error('bad subscriber')
      })
      const seen = vi.fn()
      cache.subscribe('k', seen)
      expect(await cache.fetch('k', async () => 1)).toBe(1)
      expect(heard).toEqual(['started', 'settled'])
      expect(seen).toHaveBeenCalledTimes(2)
      expect(cache.get('k')).toMatchObject({ data: 1, status: 'success', isFetching: false })
      expect(reported.errors.map((e) => (e as Error).message)).toEqual([
        'bad listener',
        'bad subscriber',
        'bad subscriber',
        'bad listener',
      ])
    } finally {
      reported.stop()
    }
  })
})
