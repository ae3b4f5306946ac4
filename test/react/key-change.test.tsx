// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { SingleflightProvider } from '../../src/react'
import { drain, manual, Show as ShowFields, texts, type Fetch } from './helpers'

afterEach(cleanup)

// Prints status:data:isPreviousData:isLoading, e.g. 'pending::false:true'.
const Show = ({ k, fetcher, keep }: { k: string; fetcher: Fetch; keep?: boolean }) => (
  <ShowFields
    k={k}
    fetcher={fetcher}
    options={{ keepPreviousData: keep }}
    fields={['status', 'data', 'isPreviousData', 'isLoading']}
  />
)

const app = (cache: Cache, k: string, fetcher: Fetch, keep?: boolean) => (
  <SingleflightProvider cache={cache}>
    <Show k={k} fetcher={fetcher} keep={keep} />
    {/* A second reader keeps the old key alive, so its answer does land in the cache. */}
    <Show k="a" fetcher={fetcher} />
  </SingleflightProvider>
)

describe('useSingleflight: key changes', () => {
  it('a slow answer for the old key never shows under the new key', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 'a', fetcher))
    await drain()
    rerender(app(cache, 'b', fetcher))
    await drain()
    expect(calls.map((c) => c.key)).toEqual(['a', 'b'])
    calls[0]!.d.resolve('A')
    await drain()
    expect(texts(container)).toEqual(['pending::false:true', 'success:A:false:false'])
    calls[1]!.d.resolve('B')
    await drain()
    expect(texts(container)).toEqual(['success:B:false:false', 'success:A:false:false'])
  })

  it('the old key is aborted when the component that left it was its only reader', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const { container, rerender } = render(
      <SingleflightProvider cache={cache}>
        <Show k="a" fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    rerender(
      <SingleflightProvider cache={cache}>
        <Show k="b" fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls[0]!.signal.aborted).toBe(true)
    calls[0]!.d.resolve('A')
    await drain()
    expect(texts(container)).toEqual(['pending::false:true'])
    expect(cache.get('a')?.data).toBeUndefined()
  })

  it('keepPreviousData keeps the old data visible, flagged, until the new key has data', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 'a', fetcher, true))
    await drain()
    calls[0]!.d.resolve('A')
    await drain()
    expect(texts(container)[0]).toBe('success:A:false:false')
    rerender(app(cache, 'b', fetcher, true))
    await drain()
    // The new key's status, the old key's data, not "loading": no spinner flash.
    expect(texts(container)[0]).toBe('pending:A:true:false')
    calls[1]!.d.resolve('B')
    await drain()
    expect(texts(container)[0]).toBe('success:B:false:false')
  })

  it("keepPreviousData never shows another cache's data: a new provider cache starts without previous data", async () => {
    const first = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(first, 'a', fetcher, true))
    await drain()
    calls[0]!.d.resolve('A of the first cache')
    await drain()
    rerender(app(createCache(), 'b', fetcher, true))
    expect(texts(container)[0]).toBe('pending::false:true')
  })

  it('without keepPreviousData a key change shows the new key only', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const { container, rerender } = render(app(cache, 'a', fetcher))
    await drain()
    calls[0]!.d.resolve('A')
    await drain()
    rerender(app(cache, 'b', fetcher))
    expect(texts(container)[0]).toBe('pending::false:true')
  })
})
