import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCache, type CacheEvent } from '../../src/core'

const failing = (times: number, value = 'ok') => {
  let calls = 0
  const fetcher = vi.fn(async () => {
    calls++
    if (calls <= times) throw new Error(`failure ${calls}`)
    return value
  })
  return fetcher
}

describe('createCache: retries', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('retry: n runs the fetcher up to n + 1 times, then rejects with the last error', async () => {
    const cache = createCache({ retry: 2, retryDelay: () => 100 })
    const fetcher = failing(5)
    const p = cache.fetch('k', fetcher)
    const check = expect(p).rejects.toThrow('failure 3')
    await vi.advanceTimersByTimeAsync(1000)
    await check
    expect(fetcher).toHaveBeenCalledTimes(3)
  })

  it('retries once per flight, never once per caller', async () => {
    const cache = createCache({ retry: 3, retryDelay: () => 100 })
    const fetcher = failing(2, 'finally')
    const calls = Array.from({ length: 50 }, () => cache.fetch('k', fetcher))
    await vi.advanceTimersByTimeAsync(250)
    expect(await Promise.all(calls)).toEqual(Array(50).fill('finally'))
    expect(fetcher).toHaveBeenCalledTimes(3)
    expect(cache.get('k')).toMatchObject({ data: 'finally', status: 'success', error: undefined })
  })

  it('a retry predicate gets the failure count and the error, and stops the retries when false', async () => {
    const seen: [number, string][] = []
    const cache = createCache({
      retry: (failures, error) => (seen.push([failures, (error as Error).message]), failures < 3),
      retryDelay: () => 10,
    })
    const fetcher = failing(10)
    const p = cache.fetch('k', fetcher)
    const check = expect(p).rejects.toThrow('failure 3')
    await vi.advanceTimersByTimeAsync(100)
    await check
    expect(seen).toEqual([
      [1, 'failure 1'],
      [2, 'failure 2'],
      [3, 'failure 3'],
    ])
  })

  it('the default retryDelay is full-jitter exponential: random × min(30 s, 1 s × 2^(failures − 1))', async () => {
    const delays: number[] = []
    const cache = createCache({ retry: 7, random: () => 0.5 })
    cache.on((e) => e.type === 'retried' && delays.push(e.delay))
    const p = cache.fetch('k', failing(10)).catch(() => {})
    await vi.advanceTimersByTimeAsync(200_000)
    await p
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000])
  })

  it('a retry wait ends at once when every caller has aborted, and no attempt follows', async () => {
    const events: CacheEvent['type'][] = []
    const cache = createCache({ retry: 5, retryDelay: () => 60_000, gcTime: Infinity })
    cache.on((e) => events.push(e.type))
    let signal: AbortSignal | undefined
    const fetcher = vi.fn(async (_k: unknown, ctx: { signal: AbortSignal }) => {
      signal = ctx.signal
      throw new Error('down')
    })
    const a = new AbortController()
    const b = new AbortController()
    const pa = cache.fetch('k', fetcher, { signal: a.signal })
    const pb = cache.fetch('k', fetcher, { signal: b.signal })
    await vi.advanceTimersByTimeAsync(0)
    expect(events).toEqual(['started', 'joined', 'retried'])
    a.abort()
    await expect(pa).rejects.toBeDefined()
    expect(signal?.aborted).toBe(false)
    b.abort()
    await expect(pb).rejects.toBeDefined()
    expect(signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0) // the retry timer is gone
    await vi.advanceTimersByTimeAsync(600_000)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(events).toEqual(['started', 'joined', 'retried', 'aborted'])
    expect(cache.get('k')).toMatchObject({ status: 'idle', isFetching: false })
  })

  it('a retryDelay that returns no valid delay fails the load with a TypeError', async () => {
    const cache = createCache({ retry: 1, retryDelay: () => Number.NaN })
    await expect(cache.fetch('k', failing(1))).rejects.toThrow(/retryDelay/)
  })
})
