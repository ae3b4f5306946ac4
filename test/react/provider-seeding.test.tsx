// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache, dehydrate, type Cache, type DehydratedState, type Key } from '../../src/core'
import { SingleflightProvider, useSingleflight } from '../../src/react'
import { drain, manual, RenderMark, renderInProgress, texts } from './helpers'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const user: Key = ['user', 1]

type Fetch = ReturnType<typeof manual<string>>['fetcher']

// Renders the key's data, and records what each render saw.
const seen: string[] = []
function Show({ fetcher }: { fetcher: Fetch }) {
  const { data } = useSingleflight(user, fetcher)
  seen.push(data ?? 'none')
  return <p>{data ?? 'none'}</p>
}

// A server cache at `updatedAt` holding `data` for `user`, dehydrated.
const serverState = (data: string, updatedAt: number): DehydratedState => {
  const server = createCache({ now: () => updatedAt })
  server.set(user, data)
  return dehydrate(server)
}

// Mounts a component observing `user` on `cache` (its load left pending), notes
// what it shows, then adds a second provider on the same cache that seeds
// `user` with `seed`.
const seedObservedKey = async (cache: Cache, seed: { state?: DehydratedState; initialData?: [Key, unknown][] }) => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  let notifiedDuringRender = 0
  const stop = cache.subscribe(user, () => void (renderInProgress() && notifiedDuringRender++))
  const { fetcher } = manual<string>()
  const observed = <Show fetcher={fetcher} />
  const { container, rerender } = render(<SingleflightProvider cache={cache}>{observed}</SingleflightProvider>)
  await drain()
  const before = texts(container)
  rerender(
    <>
      <RenderMark />
      <SingleflightProvider cache={cache}>{observed}</SingleflightProvider>
      <SingleflightProvider cache={cache} {...seed}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>
    </>,
  )
  await drain()
  stop()
  expect(errors).not.toHaveBeenCalled()
  return { before, container, notifiedDuringRender }
}

describe('SingleflightProvider seeding', () => {
  it('initialData for a key observed elsewhere notifies nobody during render, and shows once committed', async () => {
    const { before, container, notifiedDuringRender } = await seedObservedKey(createCache(), {
      initialData: [[user, 'ann']],
    })
    expect(before).toEqual(['none'])
    expect(notifiedDuringRender).toBe(0)
    expect(texts(container)).toEqual(['ann', 'ann'])
  })

  it('state for a key observed elsewhere notifies nobody during render, and shows once committed', async () => {
    const { before, container, notifiedDuringRender } = await seedObservedKey(createCache(), {
      state: serverState('ann', 1_000),
    })
    expect(before).toEqual(['none'])
    expect(notifiedDuringRender).toBe(0)
    expect(texts(container)).toEqual(['ann', 'ann'])
  })

  it('state for a key nobody observes is in the cache for the very first render below the provider', () => {
    const { fetcher, calls } = manual<string>()
    seen.length = 0
    const cache = createCache({ staleTime: 60_000, now: () => 1_500 })
    render(
      <SingleflightProvider cache={cache} state={serverState('ann', 1_000)}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    expect(seen[0]).toBe('ann')
    // Fresh by the server's updatedAt on this cache's clock: nothing loads.
    expect(calls).toHaveLength(0)
  })

  it('state keeps the server updatedAt, so data already stale on this cache clock is loaded again', async () => {
    const { fetcher, calls } = manual<string>()
    const cache = createCache({ staleTime: 60_000, now: () => 100_000 })
    const { container } = render(
      <SingleflightProvider cache={cache} state={serverState('ann', 1_000)}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>,
    )
    expect(cache.get(user)?.updatedAt).toBe(1_000)
    await drain()
    expect(calls).toHaveLength(1)
    expect(texts(container)).toEqual(['ann'])
  })

  it('state never overwrites newer data, whether the key is observed or not', async () => {
    const cache = createCache({ now: () => 5_000 })
    cache.set(user, 'newer')
    const { container } = render(
      <SingleflightProvider cache={cache} state={serverState('older', 1_000)}>
        <Show fetcher={manual<string>().fetcher} />
      </SingleflightProvider>,
    )
    expect(texts(container)).toEqual(['newer'])
    const observed = await seedObservedKey(cache, { state: serverState('older', 1_000) })
    expect(texts(observed.container)).toEqual(['newer', 'newer'])
  })

  it('state newer than the data held replaces it, for an observed key after commit', async () => {
    const cache = createCache({ now: () => 1_000 })
    cache.set(user, 'old')
    const { before, container, notifiedDuringRender } = await seedObservedKey(cache, {
      state: serverState('new', 2_000),
    })
    expect(before).toEqual(['old'])
    expect(notifiedDuringRender).toBe(0)
    expect(texts(container)).toEqual(['new', 'new'])
  })

  it('a new state object given to a mounted provider is hydrated too', async () => {
    const cache = createCache({ now: () => 3_000 })
    const { fetcher } = manual<string>()
    const app = (state: DehydratedState) => (
      <SingleflightProvider cache={cache} state={state}>
        <Show fetcher={fetcher} />
      </SingleflightProvider>
    )
    const { container, rerender } = render(app(serverState('first', 1_000)))
    expect(texts(container)).toEqual(['first'])
    rerender(app(serverState('second', 2_000)))
    await drain()
    expect(texts(container)).toEqual(['second'])
  })

  it('initialData and state work side by side', () => {
    const cache = createCache()
    render(<SingleflightProvider cache={cache} state={serverState('ann', 1_000)} initialData={[['team', 'blue']]} />)
    expect(cache.get(user)?.data).toBe('ann')
    expect(cache.get('team')?.data).toBe('blue')
  })

  it('a state that is not a dehydrate result is a TypeError naming the problem', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const bad = (state: unknown) => () => render(<SingleflightProvider state={state as DehydratedState} />)
    expect(bad({})).toThrow(/oneflight: hydrate: state.entries must be an array/)
    expect(bad({ entries: [{ key: 'k', data: 1 }] })).toThrow(/state.entries\[0\].updatedAt/)
  })

  it('initialData whose data is a function is written as data, never called as an updater', () => {
    const cache = createCache()
    const value = () => 'not called'
    render(<SingleflightProvider cache={cache} initialData={[['fn', value]]} />)
    expect(cache.get('fn')?.data).toBe(value)
  })
})
