import { describe, expect, it, vi } from 'vitest'
import { createCache, createObserver, type Cache, type ObserverOptions } from '../../src/core'
import { flush } from '../deferred'
import { manual, type Fetch } from '../manual'
import { watchReported } from '../reported'
import { clock, fakeEnvironment } from './observer-helpers'

const cacheWith = (options: Parameters<typeof createCache>[0] = {}): Cache =>
  createCache({ environment: fakeEnvironment().environment, ...options })

const observe = <S = string>(cache: Cache, options: Partial<ObserverOptions<string, S>> & { fetcher: Fetch }) =>
  createObserver<string, S>(cache, { key: 'user', ...options })

describe('createObserver: mount and result', () => {
  it('the first result of an observer that will fetch on mount is pending and fetching, and mounting changes nothing', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    const first = observer.getResult()
    expect(first).toMatchObject({ status: 'pending', isFetching: true, isLoading: true, data: undefined })
    const listener = vi.fn()
    observer.subscribe(listener)
    expect(calls).toHaveLength(1)
    expect(observer.getResult()).toBe(first)
    expect(listener).not.toHaveBeenCalled()
    calls[0]!.d.resolve('ann')
    await flush()
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'ann', isFetching: false, isLoading: false })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('observers of one key told of one change share one result object, and a listener may unsubscribe while called', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observers = [observe(cache, { fetcher }), observe(cache, { fetcher }), observe(cache, { fetcher })]
    const stops = observers.map((observer) => observer.subscribe(() => {}))
    const [first] = observers
    let heard = 0
    const stopSelf = first!.subscribe(() => (heard++, stopSelf()))
    const after = vi.fn()
    first!.subscribe(after)
    calls[0]!.d.resolve('ann')
    await flush()
    const results = observers.map((observer) => observer.getResult())
    expect(results[0]).toMatchObject({ status: 'success', data: 'ann' })
    expect(new Set(results).size).toBe(1)
    expect([heard, after.mock.calls.length]).toEqual([1, 1])
    for (const stop of stops) stop()
  })

  it('a listener unsubscribed by another during a notification is not called after its stop function returned', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    const late = vi.fn()
    let stopLate = (): void => {}
    const stopFirst = observer.subscribe(() => stopLate())
    stopLate = observer.subscribe(late)
    calls[0]!.d.resolve('ann')
    await flush()
    expect(late).not.toHaveBeenCalled()
    stopFirst()
  })

  it('an observer listener that throws stops neither its other listeners nor other observers; its error is rethrown later', async () => {
    const reported = watchReported()
    try {
      const cache = cacheWith()
      const { calls, fetcher } = manual<string>()
      const observer = observe(cache, { fetcher })
      observer.getResult()
      const stopBad = observer.subscribe(() => {
        throw new Error('bad listener')
      })
      const seen = vi.fn()
      const stopSeen = observer.subscribe(seen)
      calls[0]!.d.resolve('ann')
      await flush()
      expect(seen).toHaveBeenCalledTimes(1)
      expect(reported.errors.map((e) => (e as Error).message)).toEqual(['bad listener'])
      stopBad()
      stopSeen()
    } finally {
      reported.stop()
    }
  })

  it('a select that throws on new data is not skipped later: getResult throws its error, never the old result', async () => {
    const reported = watchReported()
    try {
      const cache = cacheWith({ staleTime: 60_000 })
      cache.set('user', 'ann')
      const { fetcher } = manual<string>()
      const select = (data: string): string => {
        if (data === 'bad') throw new Error('bad select')
        return data.toUpperCase()
      }
      const observer = observe(cache, { fetcher, select })
      const stop = observer.subscribe(() => {})
      expect(observer.getResult()).toMatchObject({ data: 'ANN' })
      cache.set('user', 'bad')
      expect(() => observer.getResult()).toThrow('bad select')
      stop()
    } finally {
      reported.stop()
    }
  })

  it('observers of one key with different select, keepPreviousData and placeholderData never share a result they differ in', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const upper = observe(cache, { fetcher, key: 'a', select: (data) => data.toUpperCase() })
    const lower = observe(cache, { fetcher, key: 'a', select: (data) => data.toLowerCase() })
    const plain = observe(cache, { fetcher, key: 'a' })
    const stops = [upper, lower, plain].map((observer) => observer.subscribe(() => {}))
    calls[0]!.d.resolve('Ann')
    await flush()
    expect([upper, lower, plain].map((observer) => observer.getResult().data)).toEqual(['ANN', 'ann', 'Ann'])
    const kept = observe(cache, { fetcher, key: 'a', keepPreviousData: true })
    const placeheld = observe(cache, { fetcher, key: 'a', placeholderData: (previous) => `${previous}?` })
    const stopsToo = [kept, placeheld].map((observer) => observer.subscribe(() => {}))
    kept.setOptions({ fetcher, key: 'b', keepPreviousData: true })
    placeheld.setOptions({ fetcher, key: 'b', placeholderData: (previous) => `${previous}?` })
    plain.setOptions({ fetcher, key: 'b' })
    expect(kept.getResult()).toMatchObject({ data: 'Ann', isPreviousData: true, isPlaceholderData: false })
    expect(placeheld.getResult()).toMatchObject({ data: 'Ann?', isPreviousData: false, isPlaceholderData: true })
    expect(plain.getResult()).toMatchObject({ data: undefined, status: 'pending' })
    calls.at(-1)!.d.resolve('Bob')
    await flush()
    for (const observer of [kept, placeheld, plain]) {
      expect(observer.getResult()).toMatchObject({ data: 'Bob', isPreviousData: false, isPlaceholderData: false })
    }
    expect(new Set([kept, placeheld, plain].map((observer) => observer.getResult())).size).toBe(1)
    expect(upper.getResult().data).toBe('ANN')
    for (const stop of [...stops, ...stopsToo]) stop()
  })

  it('an observer unsubscribed from stale data says, as a new one would, that its next subscribe loads', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, staleTime: 0 })
    const stop = observer.subscribe(() => {})
    calls[0]!.d.resolve('ann')
    await flush()
    expect(observer.getResult()).toMatchObject({ data: 'ann', isFetching: false })
    stop()
    expect(observe(cache, { fetcher, staleTime: 0 }).getResult()).toMatchObject({ data: 'ann', isFetching: true })
    const unsubscribed = observer.getResult()
    expect(unsubscribed).toMatchObject({ data: 'ann', isFetching: true })
    const listener = vi.fn()
    observer.subscribe(listener)
    expect(calls).toHaveLength(2)
    expect(observer.getResult()).toBe(unsubscribed)
    expect(listener).not.toHaveBeenCalled()
  })

  it('an observer mounting on fresh data says it is not fetching and loads nothing', async () => {
    const cache = cacheWith({ staleTime: 60_000 })
    cache.set('user', 'ann')
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'ann', isFetching: false })
    observer.subscribe(() => {})
    expect(calls).toHaveLength(0)
  })

  it('getResult returns the same object until one of its fields changes', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    observer.subscribe(() => {})
    const before = observer.getResult()
    expect(observer.getResult()).toBe(before)
    calls[0]!.d.resolve('ann')
    await flush()
    const after = observer.getResult()
    expect(after).not.toBe(before)
    expect(observer.getResult()).toBe(after)
  })

  it('many observers of a key share one load', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observers = Array.from({ length: 50 }, () => observe(cache, { fetcher }))
    for (const observer of observers) observer.subscribe(() => {})
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await flush()
    expect(observers.every((observer) => observer.getResult().data === 'ann')).toBe(true)
  })

  it.each([null, undefined, false] as const)(
    'a %s key is idle, fetches nothing, and refetch rejects with a TypeError',
    async (key) => {
      const cache = cacheWith()
      const { calls, fetcher } = manual<string>()
      const observer = createObserver(cache, { key, fetcher })
      observer.subscribe(() => {})
      expect(observer.getResult()).toMatchObject({ status: 'idle', isFetching: false, data: undefined })
      await expect(observer.refetch()).rejects.toThrow(TypeError)
      expect(calls).toHaveLength(0)
    },
  )

  it('enabled: false reads the cache and never fetches by itself; refetch still loads', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, enabled: false })
    observer.subscribe(() => {})
    expect(observer.getResult()).toMatchObject({ status: 'idle', isFetching: false })
    expect(calls).toHaveLength(0)
    const loaded = observer.refetch()
    calls[0]!.d.resolve('ann')
    await expect(loaded).resolves.toBe('ann')
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'ann' })
  })

  it('enabled turning true while mounted loads a stale key', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, enabled: false })
    observer.subscribe(() => {})
    observer.setOptions({ key: 'user', fetcher, enabled: true })
    expect(calls).toHaveLength(1)
  })
})

describe('createObserver: freshness on the cache clock', () => {
  it("an observer's staleTime decides its mount, measured on the cache's clock", async () => {
    const time = clock()
    const cache = cacheWith({ now: time.now })
    const { calls, fetcher } = manual<string>()
    cache.set('user', 'ann')
    time.advance(5_000)
    observe(cache, { fetcher, staleTime: 10_000 }).subscribe(() => {})
    expect(calls).toHaveLength(0)
    time.advance(5_000)
    observe(cache, { fetcher, staleTime: 10_000 }).subscribe(() => {})
    expect(calls).toHaveLength(1)
  })

  it('with a performance.now() clock, a second observer mounting on just-loaded data of a long staleTime loads nothing', async () => {
    const cache = cacheWith({ now: () => performance.now(), staleTime: 60_000 })
    const { calls, fetcher } = manual<string>()
    observe(cache, { fetcher }).subscribe(() => {})
    calls[0]!.d.resolve('ann')
    await flush()
    observe(cache, { fetcher, staleTime: 30_000 }).subscribe(() => {})
    expect(calls).toHaveLength(1)
  })
})

describe('createObserver: refetch', () => {
  it('refetch joins the load in flight by default', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    observer.subscribe(() => {})
    const again = observer.refetch()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await expect(again).resolves.toBe('ann')
  })

  it('refetch loads again while the data is fresh', async () => {
    const cache = cacheWith({ staleTime: 60_000 })
    cache.set('user', 'ann')
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    observer.subscribe(() => {})
    const again = observer.refetch()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('bob')
    await expect(again).resolves.toBe('bob')
  })

  it('refetch({ cancelRefetch: true }) starts a new load and the answer of the new one is shown', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    observer.subscribe(() => {})
    const again = observer.refetch({ cancelRefetch: true })
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('new')
    await expect(again).resolves.toBe('new')
    calls[0]!.d.resolve('old')
    await flush()
    expect(observer.getResult().data).toBe('new')
  })
})

describe('createObserver: keys and unmount', () => {
  it('a new key moves the subscription: the old key answer is never shown under the new key', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, key: 'a' })
    const keepA = observe(cache, { fetcher, key: 'a' })
    keepA.subscribe(() => {})
    observer.subscribe(() => {})
    observer.setOptions({ key: 'b', fetcher })
    expect(calls.map((call) => call.key)).toEqual(['a', 'b'])
    calls[0]!.d.resolve('A')
    await flush()
    expect(observer.getResult()).toMatchObject({ status: 'pending', data: undefined, isLoading: true })
    calls[1]!.d.resolve('B')
    await flush()
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'B' })
  })

  it('a subscribed observer without a key loads and follows the key it is given later', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, key: null })
    const listener = vi.fn()
    const stop = observer.subscribe(listener)
    observer.setOptions({ key: 'user', fetcher })
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await flush()
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'ann' })
    expect(listener).toHaveBeenCalled()
    expect(cache.inspect().map((entry) => entry.observers)).toEqual([1])
    stop()
    expect(cache.inspect().map((entry) => entry.observers)).toEqual([0])
  })

  it('a subscribed observer whose key becomes null tells its listeners it is idle', async () => {
    const cache = cacheWith()
    cache.set('user', 'ann')
    const { fetcher } = manual<string>()
    const observer = observe(cache, { fetcher, staleTime: Infinity })
    const listener = vi.fn()
    const stop = observer.subscribe(listener)
    expect(observer.getResult()).toMatchObject({ data: 'ann' })
    listener.mockClear()
    observer.setOptions({ key: null, fetcher })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(observer.getResult()).toMatchObject({ status: 'idle', data: undefined })
    stop()
  })

  it("the last observer unsubscribing aborts the key's load (the cache's rule)", async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const stops = [observe(cache, { fetcher }), observe(cache, { fetcher })].map((o) => o.subscribe(() => {}))
    stops[0]!()
    await flush()
    expect(calls[0]!.signal.aborted).toBe(false)
    stops[1]!()
    await flush()
    expect(calls[0]!.signal.aborted).toBe(true)
  })

  it('cache.clear() makes a mounted observer load again (told through onReset), without a flash of idle', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = observe(cache, { fetcher })
    const seen: string[] = []
    observer.subscribe(() => seen.push(observer.getResult().status))
    calls[0]!.d.resolve('ann')
    await flush()
    cache.clear()
    await flush()
    expect(calls).toHaveLength(2)
    expect(observer.getResult()).toMatchObject({ status: 'pending', isFetching: true, data: undefined })
    expect(seen).not.toContain('idle')
    calls[1]!.d.resolve('bob')
    await flush()
    expect(observer.getResult().data).toBe('bob')
  })

  it('cache.remove(key) makes a mounted observer of that key load again, and leaves other keys alone', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const removed = observe(cache, { fetcher, key: 'a' })
    const other = observe(cache, { fetcher, key: 'b' })
    removed.subscribe(() => {})
    other.subscribe(() => {})
    calls[0]!.d.resolve('A')
    calls[1]!.d.resolve('B')
    await flush()
    cache.remove('a')
    await flush()
    expect(calls.map((call) => call.key)).toEqual(['a', 'b', 'a'])
    expect(removed.getResult()).toMatchObject({ status: 'pending', isFetching: true, data: undefined })
    expect(other.getResult()).toMatchObject({ status: 'success', data: 'B' })
  })
})
