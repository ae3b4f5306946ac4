// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { drain, manual, many, texts, type Fetch } from './helpers'

afterEach(cleanup)

const app = (cache: Cache, n: number, fetcher: Fetch) => many(cache, n, { k: ['user', 1], fetcher, fields: ['data'] })

describe('useSingleflight: wiring to the cache', () => {
  // Each mounted component is one subscriber of its key (what cache.inspect() counts as observers).
  it('every component holds one cache subscription of its key, released when it unmounts', async () => {
    const cache = createCache()
    const observers = () => cache.inspect()[0]?.observers
    const { calls, fetcher } = manual<string>()
    const { rerender } = render(app(cache, 100, fetcher))
    await drain()
    expect(observers()).toBe(100)
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await drain()
    expect(observers()).toBe(100)
    rerender(app(cache, 40, fetcher))
    await drain()
    expect(observers()).toBe(40)
    rerender(app(cache, 0, fetcher))
    await drain()
    expect(observers()).toBe(0)
  })

  it('cache.set outside React reaches every component', async () => {
    const cache = createCache({ staleTime: 60_000 })
    const { calls, fetcher } = manual<string>()
    const { container } = render(app(cache, 3, fetcher))
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    act(() => cache.set(['user', 1], 'bob'))
    expect(texts(container)).toEqual(['bob', 'bob', 'bob'])
    expect(calls).toHaveLength(1)
  })

  it('cache.invalidate reloads a key the components observe, once', async () => {
    const cache = createCache({ staleTime: 60_000 })
    const { calls, fetcher } = manual<string>()
    const { container } = render(app(cache, 10, fetcher))
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    act(() => cache.invalidate(['user', 1]))
    await drain()
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('bob')
    await drain()
    expect(new Set(texts(container))).toEqual(new Set(['bob']))
  })

  it('a component mounting on fresh data makes no request', async () => {
    const cache = createCache({ staleTime: 60_000 })
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 1, fetcher))
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    rerender(app(cache, 5, fetcher))
    await drain()
    expect(calls).toHaveLength(1)
    expect(texts(container)).toEqual(['ann', 'ann', 'ann', 'ann', 'ann'])
  })
})
