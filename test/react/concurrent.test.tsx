// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { memo, startTransition, Suspense, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { deferred } from '../deferred'
import { drain, manual, texts } from './helpers'

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
