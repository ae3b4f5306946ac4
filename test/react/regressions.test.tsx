// @vitest-environment jsdom
// Regressions found by review, each a test that failed before its fix.
import { act, cleanup, render } from '@testing-library/react'
import { createRef, Suspense, useImperativeHandle, useSyncExternalStore, type Ref } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, useCache, useSingleflight, type SingleflightResult } from '../../src/react'
import { Boundary, drain, manual, texts, type Fetch } from './helpers'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('after cache.clear()', () => {
  function Show({ fetcher, api }: { fetcher: Fetch; api?: Ref<SingleflightResult<string>> }) {
    const r = useSingleflight('k', fetcher)
    useImperativeHandle(api, () => r)
    return <p>{`${r.status}:${r.data ?? ''}:${r.isFetching}`}</p>
  }

  it('refetch() after cache.clear() starts a load whose result reaches the UI', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const api = createRef<SingleflightResult<string>>()
    const { container } = render(
      <SingleflightProvider cache={cache}>
        <Show fetcher={fetcher} api={api} />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls).toHaveLength(1)
    act(() => cache.clear())
    const p = api.current!.refetch()
    await drain()
    calls[0]!.d.resolve('old')
    calls[1]?.d.resolve('new')
    const v = await p
    await drain()
    // refetch resolved with a value, the UI must show it (or the value of the new load)
    expect(texts(container)).toEqual([`success:${v}:false`])
  })

  it('a component mounted during cache.clear() is not left pending forever with nothing fetching', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const { container } = render(
      <SingleflightProvider cache={cache}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    act(() => cache.clear())
    calls[0]!.d.resolve('old')
    await drain()
    calls[1]?.d.resolve('new')
    await drain()
    expect(texts(container)[0]).not.toBe('pending::false')
  })
})

describe('error boundaries', () => {
  function Retry({ fetcher, mode }: { fetcher: Fetch; mode: 'throwOnError' | 'suspense' }) {
    const r = useSingleflight('k', fetcher, { [mode]: true })
    return <p>{`${r.status}:${r.data ?? ''}`}</p>
  }

  for (const mode of ['throwOnError', 'suspense'] as const) {
    it(`${mode}: after the error boundary resets (and even after cache.invalidate), the key is loaded again`, async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      const { calls, fetcher } = manual<string>()
      const cache = createCache()
      const tree = (n: number) => (
        <SingleflightProvider cache={cache}>
          <Boundary key={n}>
            <Suspense fallback={<p>loading</p>}>
              <Retry fetcher={fetcher} mode={mode} />
            </Suspense>
          </Boundary>
        </SingleflightProvider>
      )
      const { container, rerender } = render(tree(1))
      await drain()
      calls[0]!.d.reject(new Error('down'))
      await drain()
      expect(texts(container)).toEqual(['caught: down'])
      act(() => cache.invalidate('k'))
      rerender(tree(2)) // the user's "try again": a fresh boundary
      await drain()
      expect(calls).toHaveLength(2) // fails: the old error is rethrown at once, no request
    })
  }
})

describe('suspense', () => {
  function Plain({ fetcher }: { fetcher: Fetch }) {
    const { data } = useSingleflight('k', fetcher)
    return <p>{`plain:${data ?? ''}`}</p>
  }
  function Susp({ fetcher }: { fetcher: Fetch }) {
    const { data } = useSingleflight('k', fetcher, { suspense: true })
    return <p>{`susp:${data}`}</p>
  }

  it('unmounting the only mounted component does not abort the load a suspended component waits for', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const tree = (plain: boolean) => (
      <SingleflightProvider cache={cache}>
        {plain && <Plain fetcher={fetcher} />}
        <Suspense fallback={<p>fallback</p>}>
          <Susp fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>
    )
    const { rerender, container } = render(tree(true))
    await drain()
    expect(calls).toHaveLength(1)
    rerender(tree(false)) // Plain unmounts; Susp is still suspended on calls[0]
    await drain()
    expect(calls[0]!.signal.aborted).toBe(false)
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('x')
    await drain()
    expect(texts(container)).toEqual(['susp:x'])
  })

  function Watcher() {
    const cache = useCache()
    const s = useSyncExternalStore(
      (cb) => cache.subscribe('k', cb),
      () => cache.get('k'),
    )
    return <p>{String(s?.isFetching)}</p>
  }
  function Suspended({ fetcher }: { fetcher: Fetch }) {
    const { data } = useSingleflight('k', fetcher, { suspense: true })
    return <p>{data}</p>
  }

  it('a suspense render does not update other components during render (cache.fetch notifies synchronously)', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...a) => void errors.push(a.map(String).join(' ')))
    const { fetcher } = manual<string>()
    const cache = createCache()
    const { rerender } = render(
      <SingleflightProvider cache={cache}>
        <Watcher />
      </SingleflightProvider>,
    )
    await drain()
    rerender(
      <SingleflightProvider cache={cache}>
        <Watcher />
        <Suspense fallback={<p>…</p>}>
          <Suspended fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>,
    )
    await drain()
    expect(errors.filter((e) => e.includes('while rendering a different component'))).toEqual([])
  })
})
