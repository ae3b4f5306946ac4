// @vitest-environment jsdom
// The hook as an adapter over the observer: each defect of the hook this
// replaced has a test here, named by what must hold.
import { act, cleanup, render } from '@testing-library/react'
import { StrictMode, Suspense, useState, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { Boundary, drain, many, manual, RenderMark, renderInProgress, Show, texts, type Fetch } from './helpers'

let online = true
beforeEach(() => {
  online = true
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.restoreAllMocks()
  delete (navigator as { onLine?: boolean }).onLine
})

describe('useSingleflight: what a component sees', () => {
  it('isFetching is true from the first render of a mount that will fetch, with no false-then-true flash', async () => {
    const { calls, fetcher } = manual<string>()
    const seen: string[] = []
    function Probe() {
      const { status, isFetching } = useSingleflight('user', fetcher)
      seen.push(`${status}:${isFetching}`)
      return null
    }
    render(
      <SingleflightProvider cache={createCache()}>
        <Probe />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await drain()
    expect(seen).toEqual(['pending:true', 'success:false'])
  })

  it('spreading the result keeps every field, JSON.stringify sees them, and nothing internal shows', async () => {
    const { calls, fetcher } = manual<string>()
    let spread: Record<string, unknown> = {}
    function Wrapper() {
      spread = { ...useSingleflight('user', fetcher) }
      return null
    }
    render(
      <SingleflightProvider cache={createCache()}>
        <Wrapper />
      </SingleflightProvider>,
    )
    calls[0]!.d.resolve('ann')
    await drain()
    expect(Object.keys(spread).sort()).toEqual(
      [
        'data',
        'error',
        'isFetching',
        'isLoading',
        'isPlaceholderData',
        'isPreviousData',
        'mutate',
        'refetch',
        'status',
        'updatedAt',
      ].sort(),
    )
    expect(spread).toMatchObject({ data: 'ann', status: 'success', isLoading: false, isFetching: false })
    expect(JSON.parse(JSON.stringify(spread))).toMatchObject({ data: 'ann', status: 'success' })
  })

  it('a revalidation that returns equal data re-renders no component that reads only data', async () => {
    const { calls, fetcher } = manual<{ name: string }>()
    let renders = 0
    function Reader() {
      renders++
      const { data } = useSingleflight('user', fetcher)
      return <p>{data?.name}</p>
    }
    const cache = createCache()
    render(
      <SingleflightProvider cache={cache}>
        {Array.from({ length: 20 }, (_, i) => (
          <Reader key={i} />
        ))}
      </SingleflightProvider>,
    )
    calls[0]!.d.resolve({ name: 'ann' })
    await drain()
    const before = renders
    act(() => cache.invalidate('user'))
    await drain()
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve({ name: 'ann' }) // a new object, deep-equal to the one shown
    await drain()
    expect(renders).toBe(before)
  })

  it('a component starting to read a field it was not told about shows its current value, then follows it', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const app = (fields: ('data' | 'isFetching')[]) => many(cache, 2, { fetcher, fields })
    const { container, rerender } = render(app(['data']))
    calls[0]!.d.resolve('ann')
    await drain()
    act(() => cache.invalidate('user')) // isFetching turns true: not shown, so not told
    await drain()
    expect(texts(container)).toEqual(['ann', 'ann'])
    rerender(app(['data', 'isFetching']))
    expect(texts(container)).toEqual(['ann:true', 'ann:true'])
    calls[1]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['ann:false', 'ann:false'])
  })
})

describe('useSingleflight: initialData', () => {
  it('initialData of a hook mounting beside a component observing the key notifies nobody during render, and both show it', async () => {
    const cache = createCache()
    const { fetcher } = manual<string>()
    let notifiedDuringRender = 0
    const stop = cache.subscribe('user', () => void (renderInProgress() && notifiedDuringRender++))
    const watcher = <Show fetcher={fetcher} options={{ enabled: false }} fields={['data']} />
    const { container, rerender } = render(<SingleflightProvider cache={cache}>{watcher}</SingleflightProvider>)
    rerender(
      <SingleflightProvider cache={cache}>
        <RenderMark />
        {watcher}
        <Show fetcher={fetcher} options={{ initialData: 'seed' }} fields={['data']} />
      </SingleflightProvider>,
    )
    await drain()
    stop()
    expect(notifiedDuringRender).toBe(0)
    expect(texts(container)).toEqual(['seed', 'seed'])
  })

  it('initialData for a key another component loads shows from the first render, with no loading state', async () => {
    const cache = createCache()
    const { fetcher } = manual<string>()
    const seen: string[] = []
    function Probe() {
      const { data, status } = useSingleflight('user', fetcher, { initialData: 'seed' })
      seen.push(`${status}:${data}`)
      return null
    }
    const watcher = <Show fetcher={fetcher} fields={['data']} />
    const { rerender } = render(<SingleflightProvider cache={cache}>{watcher}</SingleflightProvider>)
    rerender(
      <SingleflightProvider cache={cache}>
        {watcher}
        <Probe />
      </SingleflightProvider>,
    )
    await drain()
    expect(seen).toEqual(['success:seed'])
  })

  it('a suspense hook with initialData for a key another component loads never suspends', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const watcher = <Show fetcher={fetcher} fields={['data']} />
    const { container, rerender } = render(<SingleflightProvider cache={cache}>{watcher}</SingleflightProvider>)
    expect(calls).toHaveLength(1)
    rerender(
      <SingleflightProvider cache={cache}>
        {watcher}
        <Suspense fallback={<p>fallback</p>}>
          <Show fetcher={fetcher} options={{ initialData: 'seed', suspense: true }} fields={['data']} />
        </Suspense>
      </SingleflightProvider>,
    )
    expect(texts(container)[1]).toBe('seed')
    await drain()
    expect(texts(container)).toEqual(['seed', 'seed'])
  })

  it('a throwOnError hook with initialData for a failed key another component observes shows initialData', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const watcher = <Show fetcher={fetcher} fields={['status']} />
    const { container, rerender } = render(<SingleflightProvider cache={cache}>{watcher}</SingleflightProvider>)
    calls[0]!.d.reject(new Error('boom'))
    await drain()
    rerender(
      <SingleflightProvider cache={cache}>
        {watcher}
        <Boundary>
          <Show fetcher={fetcher} options={{ initialData: 'seed', throwOnError: true }} fields={['data']} />
        </Boundary>
      </SingleflightProvider>,
    )
    await drain()
    expect(texts(container)).toEqual(['success', 'seed'])
  })

  it('a function initialData that throws on a key change reaches the error boundary, also when React retries the render', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const cache = createCache()
    cache.set('a', 'A')
    const { calls, fetcher } = manual<string>()
    const init = vi.fn((): string => {
      throw new Error('init')
    })
    const app = (k: string) => (
      <SingleflightProvider cache={cache}>
        <Boundary>
          <Show k={k} fetcher={fetcher} options={{ initialData: init, staleTime: Infinity }} fields={['data']} />
        </Boundary>
      </SingleflightProvider>
    )
    const { container, rerender } = render(app('a'))
    expect(texts(container)).toEqual(['A'])
    rerender(app('b'))
    await drain()
    expect(texts(container)).toEqual(['caught: init'])
    expect(calls).toHaveLength(0)
  })

  // React 18's StrictMode renders a mount twice with fresh hooks (as it calls useState initializers
  // twice), React 19 once more with the first render's refs: initialData runs once per such render.
  it('a function initialData for a key observed elsewhere under StrictMode is written once, and shown', async () => {
    const cache = createCache()
    const { fetcher } = manual<string>()
    const init = vi.fn(() => 'seed')
    let writes = 0
    const stop = cache.subscribe('user', () => void (cache.get('user')?.data === 'seed' && writes++))
    const app = (children: ReactNode) => (
      <StrictMode>
        <SingleflightProvider cache={cache}>
          <Show fetcher={fetcher} fields={['data']} />
          {children}
        </SingleflightProvider>
      </StrictMode>
    )
    const { container, rerender } = render(app(null))
    rerender(app(<Show fetcher={fetcher} options={{ initialData: init }} fields={['data']} />))
    await drain()
    expect(texts(container)).toEqual(['seed', 'seed'])
    expect(init.mock.calls.length).toBeLessThanOrEqual(2)
    expect(writes).toBe(1)
    stop()
  })
})

describe('useSingleflight: revalidation defects', () => {
  it('a window focus while offline revalidates nothing', async () => {
    const { calls, fetcher } = manual<string>()
    render(many(createCache(), 3, { fetcher }))
    calls[0]!.d.resolve('ann')
    await drain()
    online = false
    act(() => void window.dispatchEvent(new Event('focus')))
    await drain()
    expect(calls).toHaveLength(1)
  })

  it('changing refreshInterval reschedules and fetches nothing by itself', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { calls, fetcher } = manual<string>()
    const cache = createCache()
    const { rerender } = render(many(cache, 2, { fetcher, options: { refreshInterval: 10_000 } }))
    calls[0]!.d.resolve('ann')
    await drain()
    rerender(many(cache, 2, { fetcher, options: { refreshInterval: 1000 } }))
    await drain()
    expect(calls).toHaveLength(1)
    act(() => void vi.advanceTimersByTime(1000))
    await drain()
    expect(calls).toHaveLength(2)
  })
})

describe('useSingleflight: suspense', () => {
  function Name({ fetcher }: { fetcher: Fetch }) {
    const { data } = useSingleflight('user', fetcher, { suspense: true })
    return <p>{data}</p>
  }

  it('a cache.set on the key releases a suspended tree at once, without waiting for the network', async () => {
    const { calls, fetcher } = manual<string>()
    const cache = createCache({ staleTime: 60_000 })
    const { container } = render(
      <SingleflightProvider cache={cache}>
        <Suspense fallback={<p>fallback</p>}>
          <Name fetcher={fetcher} />
          <Name fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>,
    )
    await drain()
    expect(texts(container)).toEqual(['fallback'])
    act(() => cache.set('user', 'set'))
    await drain()
    expect(texts(container)).toEqual(['set', 'set'])
    expect(calls).toHaveLength(1)
  })

  it('a suspended tree calls the fetcher once with an injected clock (now: performance.now)', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache({ now: () => performance.now() })}>
        <Suspense fallback={<p>fallback</p>}>
          <Name fetcher={fetcher} />
          <Name fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['ann', 'ann'])
    expect(calls).toHaveLength(1)
  })

  it('every render of a suspended component throws the same promise', async () => {
    const { fetcher } = manual<string>()
    const thrown: unknown[] = []
    function Catching() {
      try {
        useSingleflight('user', fetcher, { suspense: true })
      } catch (value) {
        thrown.push(value)
        throw value
      }
      return null
    }
    let bump = (): void => {}
    function Parent() {
      const [n, setN] = useState(0)
      bump = () => setN(n + 1)
      return (
        <Suspense fallback={<p>{n}</p>}>
          <Catching />
        </Suspense>
      )
    }
    render(
      <SingleflightProvider cache={createCache()}>
        <Parent />
      </SingleflightProvider>,
    )
    await drain()
    act(() => bump())
    await drain()
    expect(thrown.length).toBeGreaterThanOrEqual(2)
    expect(new Set(thrown).size).toBe(1)
    expect(thrown[0]).toBeInstanceOf(Promise)
  })
})

describe('SingleflightProvider options', () => {
  it("a provider's options are the defaults of every hook below it, and a hook's own options win", async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()} options={{ revalidateOnFocus: false }}>
        <Show fetcher={fetcher} fields={['data']} />
        <Show k="other" fetcher={fetcher} fields={['data']} options={{ revalidateOnFocus: true }} />
      </SingleflightProvider>,
    )
    calls[0]!.d.resolve('ann')
    calls[1]!.d.resolve('bob')
    await drain()
    expect(texts(container)).toEqual(['ann', 'bob'])
    act(() => void window.dispatchEvent(new Event('focus')))
    await drain()
    expect(calls.map((call) => call.key)).toEqual(['user', 'other', 'other'])
  })

  it('a nested provider merges its options over those of the provider above it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { calls, fetcher } = manual<string>()
    render(
      <SingleflightProvider cache={createCache()} options={{ revalidateOnFocus: false }}>
        <SingleflightProvider options={{ refreshInterval: 1000 }}>
          <Show fetcher={fetcher} />
        </SingleflightProvider>
      </SingleflightProvider>,
    )
    calls[0]!.d.resolve('ann')
    await drain()
    act(() => void window.dispatchEvent(new Event('focus')))
    await drain()
    expect(calls).toHaveLength(1)
    act(() => void vi.advanceTimersByTime(1000))
    await drain()
    expect(calls).toHaveLength(2)
  })
})
