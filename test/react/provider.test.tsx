// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { memo } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Cache } from '../../src/core'
import { drain, manual, texts } from './helpers'

// Counts the caches made, to prove the default one is made lazily, and once.
const made = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/core')>()
  return {
    ...core,
    createCache: (...args: Parameters<typeof core.createCache>) => {
      made.count++
      return core.createCache(...args)
    },
  }
})

afterEach(cleanup)

describe('SingleflightProvider and useCache', () => {
  it('importing the React entry creates no cache and adds no listener', async () => {
    const add = vi.spyOn(window, 'addEventListener')
    await import('../../src/react')
    expect(made.count).toBe(0)
    expect(add).not.toHaveBeenCalled()
    add.mockRestore()
  })

  it('without a provider every hook shares one module-level cache, which useCache returns', async () => {
    const { useCache, useSingleflight } = await import('../../src/react')
    const { calls, fetcher } = manual<string>()
    const seen: Cache[] = []
    function Show() {
      seen.push(useCache())
      const { data } = useSingleflight('default-key', fetcher)
      return <p>{data ?? ''}</p>
    }
    const { container } = render(
      <>
        <Show />
        <Show />
      </>,
    )
    await drain()
    expect(made.count).toBe(1)
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['ann', 'ann'])
    expect(new Set(seen).size).toBe(1)
    expect(seen[0]!.get('default-key')?.data).toBe('ann')
  })

  it('useCache returns the provider cache, and a provider without one gets its own', async () => {
    const { SingleflightProvider, useCache } = await import('../../src/react')
    const { createCache } = await import('../../src/core')
    const mine = createCache()
    const before = made.count
    let inside: Cache | undefined
    let own: Cache | undefined
    function Probe({ out }: { out: (c: Cache) => void }) {
      out(useCache())
      return null
    }
    render(
      <>
        <SingleflightProvider cache={mine}>
          <Probe out={(c) => (inside = c)} />
        </SingleflightProvider>
        <SingleflightProvider>
          <Probe out={(c) => (own = c)} />
        </SingleflightProvider>
      </>,
    )
    expect(inside).toBe(mine)
    expect(own).toBeDefined()
    expect(own).not.toBe(mine)
    expect(made.count).toBe(before + 1)
  })

  it('a memoized component that only uses useCache does not re-render when the provider gets new options', async () => {
    const { SingleflightProvider, useCache } = await import('../../src/react')
    const { createCache } = await import('../../src/core')
    const cache = createCache()
    let renders = 0
    const UsesCache = memo(function UsesCache() {
      renders++
      useCache()
      return null
    })
    const app = (staleTime: number) => (
      <SingleflightProvider cache={cache} options={{ staleTime }}>
        <UsesCache />
      </SingleflightProvider>
    )
    const { rerender } = render(app(1))
    rerender(app(2))
    expect(renders).toBe(1)
  })

  it('focus listeners exist only while a hook is mounted', async () => {
    const { SingleflightProvider, useSingleflight } = await import('../../src/react')
    const { createCache } = await import('../../src/core')
    const add = vi.spyOn(window, 'addEventListener')
    const remove = vi.spyOn(window, 'removeEventListener')
    const { fetcher } = manual<string>()
    function Show() {
      useSingleflight('k', fetcher)
      return null
    }
    render(
      <SingleflightProvider cache={createCache()}>
        <Show />
        <Show />
      </SingleflightProvider>,
    )
    await drain()
    expect(add.mock.calls.map((c) => c[0]).sort()).toEqual(['focus', 'online'])
    cleanup()
    expect(remove.mock.calls.map((c) => c[0]).sort()).toEqual(['focus', 'online'])
    add.mockRestore()
    remove.mockRestore()
  })

  it('initialData that is not an iterable of pairs is a TypeError', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { SingleflightProvider } = await import('../../src/react')
    expect(() => render(<SingleflightProvider initialData={[['k'] as never]} />)).toThrow(/\[key, data\] pair/)
    expect(() => render(<SingleflightProvider initialData={5 as never} />)).toThrow(/iterable/)
  })
})
