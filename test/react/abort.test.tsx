// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { drain, manual, many, texts, type Fetch } from './helpers'

afterEach(cleanup)

const app = (cache: Cache, n: number, fetcher: Fetch) => many(cache, n, { k: ['user', 1], fetcher })

describe('useSingleflight: abort on unmount', () => {
  it("the fetcher's signal aborts when the last component using the key unmounts mid-request", async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { rerender } = render(app(cache, 3, fetcher))
    await drain()
    expect(calls).toHaveLength(1)
    rerender(app(cache, 0, fetcher))
    await drain()
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(cache.get(['user', 1])?.isFetching).toBe(false)
  })

  it('unmounting one of several components aborts nothing', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 3, fetcher))
    await drain()
    rerender(app(cache, 1, fetcher))
    await drain()
    expect(calls[0]!.signal.aborted).toBe(false)
    calls[0]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['success:ann'])
    expect(calls).toHaveLength(1)
  })

  it('remounting after the abort starts a new request', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 2, fetcher))
    await drain()
    rerender(app(cache, 0, fetcher))
    await drain()
    rerender(app(cache, 2, fetcher))
    await drain()
    expect(calls).toHaveLength(2)
    expect(calls[1]!.signal.aborted).toBe(false)
    calls[1]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['success:ann', 'success:ann'])
  })

  it('a caller outside React keeps the request alive when every component leaves', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { rerender } = render(app(cache, 2, fetcher))
    await drain()
    const outside = cache.fetch(['user', 1], fetcher)
    rerender(app(cache, 0, fetcher))
    await drain()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.signal.aborted).toBe(false)
    calls[0]!.d.resolve('ann')
    await expect(outside).resolves.toBe('ann')
  })
})
