// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { createRef, type Ref } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, useSingleflight, type SingleflightResult } from '../../src/react'
import { Boundary, drain, manual, Show as ShowFields, texts, type Fetch } from './helpers'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const Show = (props: { fetcher: Fetch; throwOnError?: boolean; api?: Ref<SingleflightResult<string>> }) => (
  <ShowFields
    fetcher={props.fetcher}
    api={props.api}
    options={{ throwOnError: props.throwOnError }}
    fields={['status', 'data', 'error']}
  />
)

describe('useSingleflight: errors', () => {
  it('every component on the key gets the error and status "error" from one call', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        {Array.from({ length: 50 }, (_, i) => (
          <Show key={i} fetcher={fetcher} />
        ))}
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.reject(new Error('down'))
    await drain()
    expect(calls).toHaveLength(1)
    const shown = texts(container)
    expect(shown).toHaveLength(50)
    expect(shown.every((t) => t === 'error::down')).toBe(true)
  })

  it('stale-if-error: a failed reload keeps the previous data visible next to the error', async () => {
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Show fetcher={fetcher} api={api} />
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.resolve('ann')
    await drain()
    const reload = api.current!.refetch()
    await drain()
    calls[1]!.d.reject(new Error('down'))
    await expect(reload).rejects.toThrow('down')
    await drain()
    expect(texts(container)).toEqual(['error:ann:down', 'error:ann:down'])
  })

  it('throwOnError sends the error to the nearest error boundary, for every component', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Boundary>
          <Show fetcher={fetcher} throwOnError />
        </Boundary>
        <Boundary>
          <Show fetcher={fetcher} throwOnError />
        </Boundary>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    expect(texts(container)).toEqual(['pending::', 'pending::', 'pending::'])
    calls[0]!.d.reject(new Error('down'))
    await drain()
    expect(calls).toHaveLength(1)
    expect(texts(container)).toEqual(['caught: down', 'caught: down', 'error::down'])
  })

  it('throwOnError is tracked even when the component reads no field', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<string>()
    function Blind() {
      useSingleflight('user', fetcher, { throwOnError: true })
      return <p>fine</p>
    }
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Boundary>
          <Blind />
        </Boundary>
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.reject(new Error('down'))
    await drain()
    expect(texts(container)).toEqual(['caught: down'])
  })

  it('bad options are a TypeError that names them', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    function Bad({ opts }: { opts: object }) {
      useSingleflight('k', async () => 1, opts)
      return null
    }
    expect(() => render(<Bad opts={{ staleTime: -1 }} />)).toThrow(/options\.staleTime must be a number >= 0/)
    expect(() => render(<Bad opts={{ refreshInterval: 'x' }} />)).toThrow(/options\.refreshInterval/)
    function NoFetcher() {
      useSingleflight('k', undefined as never)
      return null
    }
    expect(() => render(<NoFetcher />)).toThrow(TypeError)
  })

  it('a select that throws on data written while mounted reaches the error boundary, not a stale render', async () => {
    const reported: unknown[] = []
    const microtask = vi.spyOn(globalThis, 'queueMicrotask')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const cache = createCache({ staleTime: 60_000 })
    cache.set('user', 'ann')
    const { fetcher } = manual<string>()
    const select = (data: string): string => {
      if (data === 'bad') throw new Error('bad select')
      return data
    }
    const { container } = render(
      <SingleflightProvider cache={cache}>
        <Boundary>
          <ShowFields fetcher={fetcher} options={{ select }} fields={['data']} />
        </Boundary>
      </SingleflightProvider>,
    )
    expect(texts(container)).toEqual(['ann'])
    microtask.mockImplementation((task) => {
      try {
        task()
      } catch (error) {
        reported.push(error)
      }
    })
    act(() => cache.set('user', 'bad'))
    await drain()
    expect(texts(container)).toEqual(['caught: bad select'])
    expect(reported.map((error) => (error as Error).message)).toEqual(['bad select'])
  })
})
