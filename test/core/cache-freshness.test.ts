import { describe, expect, it } from 'vitest'
import { createCache, type Key } from '../../src/core'
import { deferred, type Deferred } from '../deferred'

/** mulberry32: a small seeded PRNG, so a simulation is the same on every run. */
const seeded = (seed: number) => (): number => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

// Loads 1,000 keys at t = 0 with staleTime 60 s, then fetches every key once
// per simulated second from 50 s to 70 s: returns how many keys reloaded in
// each second (a key reloads at most once in that span: its next window is
// at least 54 s long).
const expirySeconds = async (jitter: number): Promise<Map<number, number>> => {
  let t = 0
  const cache = createCache({ staleTime: 60_000, jitter, now: () => t, random: seeded(42) })
  const keys = Array.from({ length: 1000 }, (_, i) => `key-${i}`)
  let loads = 0
  const fetcher = (): number => ++loads
  await Promise.all(keys.map((k) => cache.fetch(k, fetcher)))
  expect(loads).toBe(1000)
  const perSecond = new Map<number, number>()
  for (let s = 50; s <= 70; s++) {
    t = s * 1000
    const before = loads
    await Promise.all(keys.map((k) => cache.fetch(k, fetcher)))
    if (loads > before) perSecond.set(s, loads - before)
  }
  return perSecond
}

describe('createCache: freshness', () => {
  it('an entry is fresh for staleTime after its load, then stale', async () => {
    let t = 1000
    const cache = createCache({ staleTime: 500, jitter: 0, now: () => t })
    let calls = 0
    await cache.fetch('k', () => ++calls)
    t = 1499
    await cache.fetch('k', () => ++calls)
    expect(calls).toBe(1)
    t = 1500
    await cache.fetch('k', () => ++calls)
    expect(calls).toBe(2)
  })

  it('jitter: 1,000 keys loaded at one instant expire spread over staleTime ± 10 %, not at one instant', async () => {
    const perSecond = await expirySeconds(0.1)
    const seconds = [...perSecond.keys()]
    expect([...perSecond.values()].reduce((a, b) => a + b, 0)).toBe(1000)
    // Nothing before 54 s, everything by 66 s …
    expect(Math.min(...seconds)).toBeGreaterThanOrEqual(54)
    expect(Math.max(...seconds)).toBeLessThanOrEqual(66)
    // … and spread: 12 one-second slots of about 83 keys each.
    expect(seconds.length).toBeGreaterThanOrEqual(11)
    expect(Math.max(...perSecond.values())).toBeLessThan(150)
  })

  it('without jitter the same 1,000 keys all expire in the same second', async () => {
    const perSecond = await expirySeconds(0)
    expect([...perSecond.entries()]).toEqual([[60, 1000]])
  })
})

// Steady traffic on one key: a request every 10 ms for 60 simulated seconds;
// the origin takes 500 ms per load and staleTime is 10 s. Returns how many
// requests had to wait for a load, and when reloads started vs. expiries.
const simulate = async (earlyRefresh: number) => {
  let t = 0
  const cache = createCache({ staleTime: 10_000, jitter: 0, earlyRefresh, now: () => t, random: seeded(7) })
  const origin: { due: number; work: Deferred<number> }[] = []
  const starts: number[] = []
  const fetcher = (): Promise<number> => {
    starts.push(t)
    const work = deferred<number>()
    origin.push({ due: t + 500, work })
    return work.promise
  }
  let waited = 0
  for (t = 0; t <= 60_000; t += 10) {
    for (const load of origin.filter((l) => l.due <= t)) {
      origin.splice(origin.indexOf(load), 1)
      load.work.resolve(t)
    }
    await ticks()
    let answered = false
    void cache.fetch('hot' as Key, fetcher).then(() => (answered = true))
    await ticks()
    // Callers before the first load has finished wait on the cold miss: expected.
    if (!answered && t >= 500) waited++
  }
  return { waited, starts }
}

describe('createCache: early refresh (XFetch)', () => {
  it('under steady traffic the reload starts before expiry and no caller ever waits on a miss', async () => {
    const { waited, starts } = await simulate(1)
    expect(waited).toBe(0)
    expect(starts.length).toBeGreaterThanOrEqual(6)
    // Each reload started while the previous data (loaded 500 ms after its
    // start, fresh for 10 s) was still fresh, early enough to finish in time.
    for (let i = 1; i < starts.length; i++) {
      const expiry = starts[i - 1]! + 500 + 10_000
      expect(starts[i]!).toBeLessThanOrEqual(expiry - 500)
      expect(starts[i]!).toBeGreaterThan(starts[i - 1]! + 500)
    }
  })

  it('without early refresh the same traffic meets a miss at every expiry', async () => {
    const { waited, starts } = await simulate(0)
    // Each of the 5 expiries makes 50 requests (one every 10 ms for a 500 ms load) wait.
    expect(waited).toBe(250)
    expect(starts.length).toBe(6)
  })

  it('a fetch that triggers an early refresh returns the fresh data at once', async () => {
    let t = 0
    const cache = createCache({ staleTime: 1000, jitter: 0, earlyRefresh: 1, now: () => t, random: () => 1e-9 })
    const work = deferred<string>()
    let calls = 0
    await cache.fetch('k', () => (++calls, (t = 100), 'v1')) // delta: 100 ms, it ends at t = 100
    expect(calls).toBe(1)
    t = 200 // still fresh; ln(1e-9) ≈ −20.7, so −delta·ln(r) ≈ 2072 ≥ 1100 − 200
    expect(await cache.fetch('k', () => (++calls, work.promise))).toBe('v1')
    expect(calls).toBe(2)
    expect(cache.get('k')).toMatchObject({ data: 'v1', isFetching: true })
    work.resolve('v2')
    await ticks()
    expect(cache.get('k')).toMatchObject({ data: 'v2', isFetching: false })
  })
})
