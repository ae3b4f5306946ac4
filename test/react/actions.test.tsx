// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { createRef } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, type SingleflightResult } from '../../src/react'
import { drain, manual, Show, texts } from './helpers'

afterEach(cleanup)

describe('useSingleflight: refetch and mutate', () => {
  it('refetch() joins the request in flight instead of starting another', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    render(
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} api={api} />
      </SingleflightProvider>,
    )
    await drain()
    const again = api.current!.refetch()
    const andAgain = api.current!.refetch()
    await drain()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await expect(again).resolves.toBe('ann')
    await expect(andAgain).resolves.toBe('ann')
  })

  it('refetch() also joins a flight started outside React', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    render(
      <SingleflightProvider cache={cache}>
        <Show fetcher={fetcher} api={api} />
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    const outside = cache.fetch('user', fetcher)
    const again = api.current!.refetch()
    await drain()
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('bob')
    await expect(again).resolves.toBe('bob')
    await expect(outside).resolves.toBe('bob')
  })

  it('refetch() when nothing is in flight loads again, even while the data is fresh', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    const { container } = render(
      <SingleflightProvider cache={createCache({ staleTime: 60_000 })}>
        <Show fetcher={fetcher} api={api} />
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    const again = api.current!.refetch()
    await drain()
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('bob')
    await expect(again).resolves.toBe('bob')
    await drain()
    expect(texts(container)).toEqual(['success:bob', 'success:bob'])
  })

  it('mutate(data | updater) updates every component on the key at once without a request', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    const { container } = render(
      <SingleflightProvider cache={createCache({ staleTime: 60_000 })}>
        <Show fetcher={fetcher} api={api} />
        <Show fetcher={fetcher} />
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    act(() => api.current!.mutate('bob'))
    expect(texts(container)).toEqual(['success:bob', 'success:bob', 'success:bob'])
    act(() => api.current!.mutate((prev) => `${prev}!`))
    expect(texts(container)).toEqual(['success:bob!', 'success:bob!', 'success:bob!'])
    await drain()
    expect(calls).toHaveLength(1)
  })

  it('mutate during a request wins: the older answer never overwrites it', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} api={api} />
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    act(() => api.current!.mutate('optimistic'))
    calls[0]!.d.resolve('older')
    await drain()
    expect(texts(container)).toEqual(['success:optimistic', 'success:optimistic'])
  })

  it('a hook without a key rejects refetch and throws on mutate with a TypeError', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    render(
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} api={api} k={null} />
      </SingleflightProvider>,
    )
    await expect(api.current!.refetch()).rejects.toThrow(TypeError)
    expect(() => api.current!.mutate('x')).toThrow(/has no key/)
    expect(calls).toHaveLength(0)
  })
})
