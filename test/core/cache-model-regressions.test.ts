// Minimal counterexamples found by the model-based test (cache-model.test.ts),
// each the shrunk sequence it reported, as a named test.
import { expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { internalsOf } from '../../src/core/cache-internals'
import { deferred, flush, type Deferred } from '../deferred'

/** A fetcher whose every call waits on a deferred the test settles, keeping each call's signal. */
const manualFetcher = () => {
  const calls: { answer: Deferred<unknown>; signal: AbortSignal }[] = []
  const fetcher = (_key: unknown, { signal }: { signal: AbortSignal }) => {
    const answer = deferred<unknown>()
    calls.push({ answer, signal })
    return answer.promise
  }
  return { calls, fetcher }
}

it('a load that started before invalidate does not make the entry fresh when it lands', async () => {
  // Model: fetch("a"), invalidate("a"), resolve(load #0), fetch("a") answered at once.
  const cache = createCache({ staleTime: 60_000, jitter: 0 })
  const { calls, fetcher } = manualFetcher()
  const first = cache.fetch('a', fetcher)
  cache.invalidate('a')
  calls[0]!.answer.resolve('before the invalidation')
  await first
  void cache.fetch('a', fetcher)
  expect(calls).toHaveLength(2)
})

it('subscribing to a new key keeps the LRU bound: the idle entry over maxEntries leaves', () => {
  // Model: { maxEntries: 1 }, set("a"), subscribe("b"): two entries, "a" idle.
  const cache = createCache({ maxEntries: 1 })
  cache.set('a', 1)
  cache.subscribe('b', () => {})
  expect(cache.get('a')).toBeUndefined()
})

it('a fetch that starts loading a new key keeps the LRU bound: the idle entry over maxEntries leaves', () => {
  // Model: { maxEntries: 1 }, set("a"), fetch("b"): two entries while "b" loads, "a" idle.
  const cache = createCache({ maxEntries: 1 })
  const { fetcher } = manualFetcher()
  cache.set('a', 1)
  void cache.fetch('b', fetcher)
  expect(cache.get('a')).toBeUndefined()
})

it("unsubscribing and subscribing again in one task (StrictMode) does not abort the cache's own reload", async () => {
  // Model: subscribe("b"), fetch("b"), invalidate(every key), resubscribe(#0): the reload was aborted.
  const cache = createCache()
  const { calls, fetcher } = manualFetcher()
  const unsubscribe = cache.subscribe('b', () => {})
  void cache.fetch('b', fetcher)
  cache.invalidate('b')
  expect(calls).toHaveLength(2)
  unsubscribe()
  cache.subscribe('b', () => {})
  await flush()
  expect(calls[1]!.signal.aborted).toBe(false)
})

it('clear forgets the flight of a structured key whose caller changed the key object afterwards', async () => {
  // Model: fetch(["c",{"page":1}]) (the caller then changes its key object), clear(), fetch(["c",{"page":1}]).
  const cache = createCache()
  const { calls, fetcher } = manualFetcher()
  const key = ['c', { page: 1 }]
  void cache.fetch(key, fetcher)
  ;(key[1] as { page: number }).page = 99
  cache.clear()
  void cache.fetch(['c', { page: 1 }], fetcher)
  expect(calls).toHaveLength(2)
  await flush()
  expect(cache.get(['c', { page: 1 }])?.status).toBe('pending')
})

it('a mutation revalidates its own key even when its caller changed the key object meanwhile', async () => {
  // Model: mutate(["c",{"page":1}]) (the caller then changes its key object), fetch, subscribe, succeed: no reload.
  const cache = createCache()
  const { calls, fetcher } = manualFetcher()
  const key = ['c', { page: 1 }]
  const action = deferred<string>()
  const mutation = cache.mutate(key, () => action.promise)
  ;(key[1] as { page: number }).page = 99
  cache.subscribe(['c', { page: 1 }], () => {})
  void cache.fetch(['c', { page: 1 }], fetcher)
  calls[0]!.answer.resolve('before the mutation landed')
  action.resolve('saved')
  await mutation
  await flush()
  expect(calls).toHaveLength(2)
})

it("the cache's own load that succeeded resolves its promise even when its entry is evicted as it lands", async () => {
  // Model: { maxEntries: 2 }, subscribe("a"), revalidate("b", ifStale), revalidate(["c",{"page":1}], ifStale), resolve:
  // the revalidate promise of "b" rejected with an AbortError although its load succeeded.
  const cache = createCache({ maxEntries: 1 })
  const { calls, fetcher } = manualFetcher()
  cache.subscribe('a', () => {})
  const own = internalsOf(cache).revalidate('b', fetcher, { mode: 'ifStale' })
  calls[0]!.answer.resolve('b loaded')
  await expect(own).resolves.toBe('b loaded')
})

it("a 'restart' revalidate keeps its entry: aborting the superseded load does not let the bound evict it", async () => {
  // Model: { maxEntries: 1 }, revalidate("a", ifStale), subscribe("b"), revalidate("a", restart): "a" vanished
  // while its new load runs.
  const cache = createCache({ maxEntries: 1 })
  const { calls, fetcher } = manualFetcher()
  void internalsOf(cache)
    .revalidate('a', fetcher, { mode: 'ifStale' })
    .catch(() => {})
  cache.subscribe('b', () => {})
  void internalsOf(cache)
    .revalidate('a', fetcher, { mode: 'restart' })
    .catch(() => {})
  await flush()
  expect(calls).toHaveLength(2)
  expect(cache.get('a')?.isFetching).toBe(true)
})

it('a load started after hydrate on a new cache lands: hydrated data does not take the next load number', async () => {
  // Found with the next one: hydrate numbers its write max(written, 1), the number the cache's first load gets.
  const cache = createCache()
  const { calls, fetcher } = manualFetcher()
  internalsOf(cache).hydrate('a', 'from the server', Date.now())
  const reload = cache.fetch('a', fetcher, { force: true })
  calls[0]!.answer.resolve('from the client')
  await reload
  expect(cache.get('a')?.data).toBe('from the client')
})

it('a load already running when hydrate writes may still overwrite the hydrated data', async () => {
  // Model: fetch("a"), hydrate("a", updatedAt now), resolve(load #0): the load's answer was dropped.
  const cache = createCache()
  const { calls, fetcher } = manualFetcher()
  const load = cache.fetch('a', fetcher)
  internalsOf(cache).hydrate('a', 'from the server', Date.now())
  calls[0]!.answer.resolve('from the client')
  await load
  expect(cache.get('a')?.data).toBe('from the client')
})
