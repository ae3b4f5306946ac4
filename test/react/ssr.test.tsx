// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react'
import { Suspense, type ReactNode } from 'react'
import { hydrateRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache, dehydrate, type Key } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { drain, manual, type Fetch } from './helpers'

let root: Root | undefined
afterEach(() => {
  act(() => root?.unmount())
  root = undefined
  cleanup()
  vi.restoreAllMocks()
})

const firstRenders: unknown[] = []
function Show({ fetcher }: { fetcher: Fetch }) {
  const { data, status } = useSingleflight(['user', 1], fetcher)
  firstRenders.push(data)
  return <p>{`${status}:${data ?? ''}`}</p>
}

function Suspended({ fetcher }: { fetcher: Fetch }) {
  const { data } = useSingleflight(['user', 1], fetcher, { suspense: true })
  return <p>{data}</p>
}

const seed: [Key, unknown][] = [[['user', 1], 'ann']]

// Hydrates `tree` over server `html` in a container of the document, as a
// page would; returns the container and React's recoverable-error callback.
const hydrate = async (html: string, tree: ReactNode) => {
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  firstRenders.length = 0
  const recoverable = vi.fn()
  await act(async () => {
    root = hydrateRoot(container, tree, { onRecoverableError: recoverable })
  })
  return { container, recoverable }
}

describe('useSingleflight: server rendering and hydration', () => {
  it('renderToString never calls the fetcher and renders the pending state', () => {
    const { calls, fetcher } = manual<string>()
    const html = renderToString(
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    expect(html).toBe('<p>pending:</p>')
    expect(calls).toHaveLength(0)
  })

  it('with suspense and no data, renderToString renders the fallback without calling the fetcher', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<string>()
    const html = renderToString(
      <SingleflightProvider cache={createCache()}>
        <Suspense fallback={<p>fallback</p>}>
          <Suspended fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>,
    )
    expect(html).toContain('<p>fallback</p>')
    expect(calls).toHaveLength(0)
  })

  it('with suspense and no data outside any boundary, server rendering fails with an error that says how to seed it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { fetcher } = manual<string>()
    const render = (): string =>
      renderToString(
        <SingleflightProvider cache={createCache()}>
          <Suspended fetcher={fetcher} />
        </SingleflightProvider>,
      )
    expect(render).toThrow(
      /oneflight: suspense on the server needs the data: seed it through SingleflightProvider state/,
    )
  })

  it('initialData shows in the server HTML and the first client render, and hydrates without a mismatch', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<string>()
    const app = () => (
      <SingleflightProvider cache={createCache({ staleTime: 60_000 })} initialData={seed}>
        <Show fetcher={fetcher} />
        <Suspense fallback={<p>fallback</p>}>
          <Suspended fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>
    )
    const html = renderToString(app())
    expect(html).toContain('<p>success:ann</p>')
    expect(html).toContain('<p>ann</p>')
    expect(calls).toHaveLength(0)

    const { container, recoverable } = await hydrate(html, app())
    await drain()
    expect(firstRenders[0]).toBe('ann')
    expect(recoverable).not.toHaveBeenCalled()
    expect(errors).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(html)
    // Fresh for the client cache's staleTime: hydration loads nothing either.
    expect(calls).toHaveLength(0)
  })

  it('a dehydrated server cache as state renders on the server, hydrates without a mismatch and loads nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<string>()
    const server = createCache({ now: () => 10_000 })
    await server.fetch(['user', 1], () => 'ann')
    // Through JSON, as a page carries it.
    const state = JSON.parse(JSON.stringify(dehydrate(server)))
    const app = () => (
      <SingleflightProvider cache={createCache({ staleTime: 60_000, now: () => 12_000 })} state={state}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>
    )
    const html = renderToString(app())
    expect(html).toBe('<p>success:ann</p>')

    const { container, recoverable } = await hydrate(html, app())
    await drain()
    expect(firstRenders[0]).toBe('ann')
    expect(recoverable).not.toHaveBeenCalled()
    expect(errors).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(html)
    expect(calls).toHaveLength(0)
  })

  it('(control) hydrating without the same data is reported as a mismatch', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { fetcher } = manual<string>()
    const html = renderToString(
      <SingleflightProvider cache={createCache()} initialData={seed}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    const { recoverable } = await hydrate(
      html,
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    expect(recoverable).toHaveBeenCalled()
  })

  it('initialData never overwrites data the cache already has', () => {
    const cache = createCache()
    cache.set(['user', 1], 'newer')
    const { fetcher } = manual<string>()
    const html = renderToString(
      <SingleflightProvider cache={cache} initialData={seed}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    expect(html).toBe('<p>success:newer</p>')
  })
})
