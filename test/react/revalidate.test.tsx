// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { SingleflightProvider, type SingleflightOptions } from '../../src/react'
import { drain, manual, Show, texts, type Fetch } from './helpers'

let hidden = false
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
  hidden = false
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  delete (document as { visibilityState?: string }).visibilityState
})

const mount = async (cache: Cache, fetcher: Fetch, n: number, options?: (i: number) => SingleflightOptions<string>) => {
  const view = render(
    <SingleflightProvider cache={cache}>
      {Array.from({ length: n }, (_, i) => (
        <Show key={i} fetcher={fetcher} options={options?.(i)} fields={['data']} />
      ))}
    </SingleflightProvider>,
  )
  await drain()
  return view
}

const fire = async (target: EventTarget, type: string) => {
  act(() => void target.dispatchEvent(new Event(type)))
  await drain()
}

describe('useSingleflight: revalidation', () => {
  it('window focus revalidates a stale key with one request for all its components', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = await mount(createCache(), fetcher, 20)
    calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'focus')
    await fire(document, 'visibilitychange')
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('bob')
    await drain()
    expect(new Set(texts(container))).toEqual(new Set(['bob']))
  })

  it('focus does not revalidate while the data is fresh', async () => {
    const { calls, fetcher } = manual<string>()
    await mount(createCache({ staleTime: 60_000, jitter: 0 }), fetcher, 5)
    calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'focus')
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(60_000)
    await fire(window, 'focus')
    expect(calls).toHaveLength(2)
  })

  it('revalidateOnFocus: false on every component turns focus revalidation off; one component left on is enough', async () => {
    const off = manual<string>()
    await mount(createCache(), off.fetcher, 5, () => ({ revalidateOnFocus: false }))
    off.calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'focus')
    expect(off.calls).toHaveLength(1)
    cleanup()
    const mixed = manual<string>()
    await mount(createCache(), mixed.fetcher, 5, (i) => ({ revalidateOnFocus: i === 3 }))
    mixed.calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'focus')
    expect(mixed.calls).toHaveLength(2)
  })

  it('coming back online revalidates a stale key once; revalidateOnReconnect: false turns it off', async () => {
    const on = manual<string>()
    await mount(createCache(), on.fetcher, 10)
    on.calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'online')
    expect(on.calls).toHaveLength(2)
    cleanup()
    const off = manual<string>()
    await mount(createCache(), off.fetcher, 10, () => ({ revalidateOnReconnect: false }))
    off.calls[0]!.d.resolve('ann')
    await drain()
    await fire(window, 'online')
    expect(off.calls).toHaveLength(1)
  })

  it('refreshInterval polls one request per tick for the key, paused while the document is hidden', async () => {
    const { calls, fetcher } = manual<string>()
    // Different intervals: the shortest one drives the key's single timer.
    await mount(createCache(), fetcher, 10, (i) => ({ refreshInterval: i === 0 ? 1000 : 5000 }))
    calls[0]!.d.resolve('v0')
    await drain()
    for (let tick = 1; tick <= 3; tick++) {
      vi.advanceTimersByTime(1000)
      await drain()
      expect(calls).toHaveLength(1 + tick)
      calls[tick]!.d.resolve(`v${tick}`)
      await drain()
    }
    hidden = true
    vi.advanceTimersByTime(5000)
    await drain()
    expect(calls).toHaveLength(4)
    hidden = false
    vi.advanceTimersByTime(1000)
    await drain()
    expect(calls).toHaveLength(5)
  })

  it('polling stops when the last component unmounts', async () => {
    const { calls, fetcher } = manual<string>()
    await mount(createCache(), fetcher, 3, () => ({ refreshInterval: 1000 }))
    calls[0]!.d.resolve('v0')
    await drain()
    cleanup()
    vi.advanceTimersByTime(10_000)
    await drain()
    expect(calls).toHaveLength(1)
  })

  it("a hook's staleTime replaces the cache's freshness for its own mount and focus revalidations", async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache() // staleTime 0: the cache alone would reload on every mount
    await mount(cache, fetcher, 2, () => ({ staleTime: 10_000 }))
    calls[0]!.d.resolve('ann')
    await drain()
    await mount(cache, fetcher, 2, () => ({ staleTime: 10_000 }))
    await fire(window, 'focus')
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(10_000)
    await fire(window, 'focus')
    expect(calls).toHaveLength(2)
  })

  it("a hook's staleTime shorter than the cache's forces the reload", async () => {
    const { calls, fetcher } = manual<string>()
    await mount(createCache({ staleTime: 60_000 }), fetcher, 2, () => ({ staleTime: 1000 }))
    calls[0]!.d.resolve('ann')
    await drain()
    vi.advanceTimersByTime(1000)
    await fire(window, 'focus')
    expect(calls).toHaveLength(2)
  })
})
