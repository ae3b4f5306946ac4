import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCache, createObserver, type Cache, type ResourceOptions } from '../../src/core'
import { flush } from '../deferred'
import { manual, type Fetch } from '../manual'
import { fakeEnvironment } from './observer-helpers'

// Polling uses setInterval; flush (a setTimeout) stays real.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }))
afterEach(() => void vi.useRealTimers())

const mount = (cache: Cache, fetcher: Fetch, n: number, options?: (i: number) => ResourceOptions<string>) =>
  Array.from({ length: n }, (_, i) => {
    const observer = createObserver(cache, { key: 'user', fetcher, ...options?.(i) })
    return { observer, stop: observer.subscribe(() => {}) }
  })

const setup = async (n: number, options?: (i: number) => ResourceOptions<string>, staleTime = 0) => {
  const env = fakeEnvironment()
  const cache = createCache({ environment: env.environment, staleTime, jitter: 0 })
  const load = manual<string>()
  const mounted = mount(cache, load.fetcher, n, options)
  load.calls[0]!.d.resolve('v0')
  await flush()
  return { env, cache, ...load, mounted }
}

describe('createObserver: focus and reconnect', () => {
  it('a focus revalidates a stale key with one load for all its observers, through one listener per cache', async () => {
    const { env, calls, mounted } = await setup(100)
    expect(env.listeners()).toBe(2) // one focus, one reconnect, for 100 observers
    env.focus()
    expect(calls).toHaveLength(2)
    calls[1]!.d.resolve('v1')
    await flush()
    expect(mounted.every(({ observer }) => observer.getResult().data === 'v1')).toBe(true)
  })

  it('a focus while offline revalidates nothing', async () => {
    const { env, calls } = await setup(3)
    env.state.online = false
    env.focus()
    expect(calls).toHaveLength(1)
    env.state.online = true
    env.focus()
    expect(calls).toHaveLength(2)
  })

  it('a focus leaves fresh data alone', async () => {
    const { env, calls } = await setup(3, undefined, 60_000)
    env.focus()
    expect(calls).toHaveLength(1)
  })

  it('revalidateOnFocus: false on every observer turns it off; one observer left on is enough', async () => {
    const off = await setup(4, () => ({ revalidateOnFocus: false }))
    off.env.focus()
    expect(off.calls).toHaveLength(1)
    const mixed = await setup(4, (i) => ({ revalidateOnFocus: i === 3 }))
    mixed.env.focus()
    expect(mixed.calls).toHaveLength(2)
  })

  it('a reconnect revalidates a stale key once; revalidateOnReconnect: false turns it off', async () => {
    const on = await setup(5)
    on.env.reconnect()
    expect(on.calls).toHaveLength(2)
    const off = await setup(5, () => ({ revalidateOnReconnect: false }))
    off.env.reconnect()
    expect(off.calls).toHaveLength(1)
  })

  it('the environment listeners go when the last observer of the cache unsubscribes', async () => {
    const { env, mounted } = await setup(3)
    for (const { stop } of mounted) stop()
    expect(env.listeners()).toBe(0)
  })
})

describe('createObserver: polling', () => {
  it('refreshInterval polls with one load per tick for the key, at the shortest interval of its observers', async () => {
    const { calls } = await setup(10, (i) => ({ refreshInterval: i === 0 ? 1000 : 5000 }))
    for (let tick = 1; tick <= 5; tick++) {
      vi.advanceTimersByTime(1000)
      expect(calls).toHaveLength(1 + tick)
      calls[tick]!.d.resolve(`v${tick}`)
      await flush()
    }
  })

  it('polling pauses while hidden or offline', async () => {
    const { env, calls } = await setup(2, () => ({ refreshInterval: 1000 }))
    env.state.visible = false
    vi.advanceTimersByTime(5000)
    expect(calls).toHaveLength(1)
    env.state.visible = true
    env.state.online = false
    vi.advanceTimersByTime(5000)
    expect(calls).toHaveLength(1)
    env.state.online = true
    vi.advanceTimersByTime(1000)
    expect(calls).toHaveLength(2)
  })

  it('a changed refreshInterval reschedules and fetches nothing by itself', async () => {
    const { calls, fetcher, mounted } = await setup(1, () => ({ refreshInterval: 10_000 }))
    mounted[0]!.observer.setOptions({ key: 'user', fetcher, refreshInterval: 1000 })
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(999)
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(calls).toHaveLength(2)
  })

  it('polling stops when the last observer unsubscribes', async () => {
    const { calls, mounted } = await setup(3, () => ({ refreshInterval: 1000 }))
    for (const { stop } of mounted) stop()
    vi.advanceTimersByTime(10_000)
    expect(calls).toHaveLength(1)
  })
})
