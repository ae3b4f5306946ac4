import { describe, expect, it, vi } from 'vitest'
import { createCache, createObserver, type Cache } from '../../src/core'
import { deferred, flush } from '../deferred'
import { manual } from '../manual'
import { fakeEnvironment } from './observer-helpers'

const cacheWith = (options: Parameters<typeof createCache>[0] = {}): Cache =>
  createCache({ environment: fakeEnvironment().environment, ...options })

describe('createObserver: keepPreviousData', () => {
  it('after a key change the last data stays, flagged, with the new key status, until the new key has data', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = createObserver(cache, { key: 'a', fetcher, keepPreviousData: true })
    observer.subscribe(() => {})
    calls[0]!.d.resolve('A')
    await flush()
    observer.setOptions({ key: 'b', fetcher, keepPreviousData: true })
    expect(observer.getResult()).toMatchObject({ status: 'pending', data: 'A', isPreviousData: true, isLoading: false })
    calls[1]!.d.resolve('B')
    await flush()
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'B', isPreviousData: false })
  })

  it("after cache.clear() the key's own old data is not shown as previous data", async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = createObserver(cache, { key: 'a', fetcher, keepPreviousData: true })
    observer.subscribe(() => {})
    calls[0]!.d.resolve('A')
    await flush()
    cache.clear()
    expect(observer.getResult()).toMatchObject({ data: undefined, isPreviousData: false, status: 'pending' })
  })
})

describe('createObserver: initialData and placeholderData', () => {
  it('initialData is written to a cache without data, and never over data the cache has', () => {
    const cache = cacheWith({ staleTime: 60_000 })
    const { calls, fetcher } = manual<string>()
    const observer = createObserver(cache, { key: 'a', fetcher, initialData: () => 'initial' })
    expect(cache.get('a')?.data).toBe('initial')
    expect(observer.getResult()).toMatchObject({ status: 'success', data: 'initial', isFetching: false })
    observer.subscribe(() => {})
    expect(calls).toHaveLength(0)
    cache.set('b', 'cached')
    createObserver(cache, { key: 'b', fetcher, initialData: 'initial' })
    expect(cache.get('b')?.data).toBe('cached')
  })

  it("initialData written while a load of the key runs does not hold back that load's answer", async () => {
    const cache = cacheWith()
    const running = deferred<string>()
    const loading = cache.fetch('a', () => running.promise)
    const { fetcher } = manual<string>()
    const observer = createObserver(cache, { key: 'a', fetcher, initialData: 'initial' })
    expect(observer.getResult().data).toBe('initial')
    running.resolve('from the server')
    await loading
    expect(cache.get('a')?.data).toBe('from the server')
  })

  it('placeholderData is shown as data with isPlaceholderData while the load runs, and never written', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const observer = createObserver(cache, { key: 'a', fetcher, placeholderData: 'guess' })
    observer.subscribe(() => {})
    expect(observer.getResult()).toMatchObject({
      data: 'guess',
      isPlaceholderData: true,
      status: 'success',
      isFetching: true,
      isLoading: false,
    })
    expect(cache.get('a')?.data).toBeUndefined()
    calls[0]!.d.resolve('real')
    await flush()
    expect(observer.getResult()).toMatchObject({ data: 'real', isPlaceholderData: false })
  })

  it("a placeholderData function gets the previous key's data", async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const placeholderData = (previous: string | undefined) => (previous ? `${previous}…` : undefined)
    const observer = createObserver(cache, { key: 'a', fetcher, placeholderData })
    observer.subscribe(() => {})
    expect(observer.getResult()).toMatchObject({ data: undefined, isPlaceholderData: false, status: 'pending' })
    calls[0]!.d.resolve('A')
    await flush()
    observer.setOptions({ key: 'b', fetcher, placeholderData })
    expect(observer.getResult()).toMatchObject({ data: 'A…', isPlaceholderData: true })
  })
})

describe('createObserver: select', () => {
  it('select shapes data and runs again only when the data or the function changes', async () => {
    const cache = cacheWith()
    const { calls, fetcher } = manual<string>()
    const select = vi.fn((data: string) => data.length)
    const observer = createObserver(cache, { key: 'a', fetcher, select })
    observer.subscribe(() => {})
    calls[0]!.d.resolve('ann')
    await flush()
    expect(observer.getResult().data).toBe(3)
    void observer.refetch() // isFetching changes, data does not
    observer.getResult()
    expect(select).toHaveBeenCalledTimes(1)
    calls[1]!.d.resolve('anna')
    await flush()
    expect(observer.getResult().data).toBe(4)
    expect(select).toHaveBeenCalledTimes(2)
    const other = vi.fn((data: string) => data.toUpperCase().length * 10)
    observer.setOptions({ key: 'a', fetcher, select: other })
    expect(observer.getResult().data).toBe(40)
    expect(other).toHaveBeenCalledTimes(1)
  })
})

describe('createObserver: options are checked', () => {
  const cache = createCache()
  const fetcher = async () => 'x'
  it.each([
    [{ staleTime: -1 }, /options\.staleTime must be a number >= 0/],
    [{ refreshInterval: 'x' }, /options\.refreshInterval/],
    [{ enabled: 'yes' }, /options\.enabled must be a boolean/],
    [{ revalidateOnFocus: 1 }, /options\.revalidateOnFocus/],
    [{ revalidateOnReconnect: null }, /options\.revalidateOnReconnect/],
    [{ keepPreviousData: 'no' }, /options\.keepPreviousData/],
    [{ select: 5 }, /options\.select must be a function/],
    [{ fetcher: undefined }, /options\.fetcher must be a function/],
  ])('%o is a TypeError naming the option', (bad, message) => {
    expect(() => createObserver(cache, { key: 'k', fetcher, ...(bad as object) })).toThrow(TypeError)
    expect(() => createObserver(cache, { key: 'k', fetcher, ...(bad as object) })).toThrow(message)
  })

  it('a cache not made by createCache and a listener that is not a function are TypeErrors', () => {
    expect(() => createObserver({} as Cache, { key: 'k', fetcher })).toThrow(TypeError)
    expect(() => createObserver(cache, { key: 'k', fetcher }).subscribe(5 as never)).toThrow(TypeError)
  })
})
