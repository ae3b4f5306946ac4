// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { memo, startTransition, StrictMode, Suspense, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache, hashKey } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { deferred } from '../deferred'
import { drain, manual, Show, texts } from './helpers'

afterEach(cleanup)

interface User {
  a: string
  b: string
}

describe('useSingleflight: concurrent rendering', () => {
  it('a render that is not committed leaves the shown component following the store', async () => {
    const cache = createCache()
    cache.set<User>('user', { a: 'a1', b: 'b1' })
    const { fetcher } = manual<User>()
    const pending = deferred<void>()
    const Field = memo(function Field({ field }: { field: keyof User }) {
      const { data } = useSingleflight('user', fetcher, { select: (user) => user[field], staleTime: Infinity })
      return <p>{data}</p>
    })
    function Waits({ waiting }: { waiting: boolean }) {
      if (waiting) throw pending.promise
      return null
    }
    let setField!: (field: keyof User) => void
    function App() {
      const [field, set] = useState<keyof User>('a')
      setField = set
      return (
        <SingleflightProvider cache={cache}>
          <Field field={field} />
          <Suspense fallback={<p>fallback</p>}>
            <Waits waiting={field === 'b'} />
          </Suspense>
        </SingleflightProvider>
      )
    }
    const { container } = render(<App />)
    expect(texts(container)).toEqual(['a1'])
    // The transition renders Field with field 'b', then waits: nothing of it is committed.
    await act(async () => startTransition(() => setField('b')))
    expect(texts(container)).toEqual(['a1'])
    // A change of 'a' only: the committed Field shows 'a'.
    await act(async () => cache.set<User>('user', { a: 'a2', b: 'b1' }))
    await drain()
    expect(texts(container)).toEqual(['a2'])
  })
})

describe('useSingleflight: StrictMode, key switches and resets leave nothing attached', () => {
  it('after key switches, enabled toggles, clear and remove under StrictMode, unmounting leaves no observer', async () => {
    const cache = createCache()
    const { calls, fetcher } = manual<string>()
    const app = (k: string | null, enabled: boolean) => (
      <StrictMode>
        <SingleflightProvider cache={cache}>
          <Show k={k} fetcher={fetcher} options={{ enabled }} />
          <Show k={k} fetcher={fetcher} options={{ enabled, select: (data) => `${data}!` }} />
        </SingleflightProvider>
      </StrictMode>
    )
    const { container, rerender, unmount } = render(app('a', true))
    await drain()
    calls.at(-1)!.d.resolve('A')
    await drain()
    expect(texts(container)).toEqual(['success:A', 'success:A!'])
    rerender(app('b', true))
    await drain()
    rerender(app('b', false))
    await drain()
    rerender(app('a', true))
    await drain()
    act(() => cache.clear())
    await drain()
    act(() => cache.remove('a'))
    await drain()
    for (const call of calls) if (!call.signal.aborted) call.d.resolve(`${call.key as string}2`)
    await drain()
    expect(texts(container)).toEqual(['success:a2', 'success:a2!'])
    expect(cache.inspect().map((entry) => [entry.hash, entry.observers])).toEqual([[hashKey('a'), 2]])
    const before = calls.length
    unmount()
    await drain()
    expect(cache.inspect().every((entry) => entry.observers === 0)).toBe(true)
    // Nobody is told of a reset any more: nothing loads.
    cache.clear()
    cache.set('a', 'x')
    cache.remove('a')
    await drain()
    expect(calls).toHaveLength(before)
  })
})
