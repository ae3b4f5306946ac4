// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { Suspense } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { Boundary, drain, manual, texts, type Fetch } from './helpers'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

type User = { name: string }

function Name({ fetcher }: { fetcher: Fetch<User> }) {
  const { data } = useSingleflight(['user', 1], fetcher, { suspense: true })
  // Typed non-undefined: no optional chaining needed.
  return <p>{data.name}</p>
}

describe('useSingleflight: suspense', () => {
  it('suspends to the nearest Suspense with one call for every suspended component, then shows the data', async () => {
    const { calls, fetcher } = manual<{ name: string }>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Suspense fallback={<p>fallback</p>}>
          {Array.from({ length: 100 }, (_, i) => (
            <Name key={i} fetcher={fetcher} />
          ))}
        </Suspense>
      </SingleflightProvider>,
    )
    await drain()
    expect(texts(container)).toEqual(['fallback'])
    calls[0]!.d.resolve({ name: 'ann' })
    await drain()
    const shown = texts(container)
    expect(shown).toHaveLength(100)
    expect(shown.every((t) => t === 'ann')).toBe(true)
    expect(calls).toHaveLength(1)
  })

  it('does not suspend when the cache already has the data', async () => {
    const { calls, fetcher } = manual<{ name: string }>()
    const cache = createCache({ staleTime: 60_000 })
    cache.set(['user', 1], { name: 'cached' })
    const { container } = render(
      <SingleflightProvider cache={cache}>
        <Suspense fallback={<p>fallback</p>}>
          <Name fetcher={fetcher} />
        </Suspense>
      </SingleflightProvider>,
    )
    expect(texts(container)).toEqual(['cached'])
    await drain()
    expect(calls).toHaveLength(0)
  })

  it('a failed suspended load goes to the error boundary', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, fetcher } = manual<{ name: string }>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Boundary>
          <Suspense fallback={<p>fallback</p>}>
            <Name fetcher={fetcher} />
            <Name fetcher={fetcher} />
          </Suspense>
        </Boundary>
      </SingleflightProvider>,
    )
    await drain()
    calls[0]!.d.reject(new Error('down'))
    await drain()
    expect(texts(container)).toEqual(['caught: down'])
    expect(calls).toHaveLength(1)
  })
})
