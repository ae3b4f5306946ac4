import type { Cache, Environment, Fetcher } from './cache-types'
import type { Key } from './key'

/**
 * CacheInternals: what the observer (and other layers of this package) use of
 * a cache beyond its public interface. Not exported from the package.
 *
 * @example
 * const { now, isFresh } = internalsOf(cache)
 */
export interface CacheInternals {
  /** The cache's clock (its `now` option). */
  readonly now: () => number
  /** The cache's environment, defaults filled in. */
  readonly environment: Environment
  /**
   * isFresh: whether `cache.fetch(key, fetcher, { staleTime })` would answer
   * now without loading (data present, not invalidated, inside its window).
   */
  isFresh(key: Key, staleTime?: number): boolean
  /**
   * revalidate: the cache's own load of `key` on behalf of its subscribers.
   * The caller is the cache itself: its signal aborts when the key's last
   * subscriber leaves (a microtask later, so StrictMode's unmount-remount
   * aborts nothing), or on `clear`/`remove`. Modes: `'ifStale'` answers fresh
   * data (by `staleTime`, default the cache's) without loading, else joins or
   * starts a load; `'join'` joins a running load or starts one, whatever the
   * freshness; `'restart'` starts a new flight and leaves the cache's older
   * ones (aborted if nobody else waits). Its promise is the cache's own: a
   * rejection nobody handles is not reported.
   */
  revalidate<T>(
    key: Key,
    fetcher: Fetcher<T>,
    options: { mode: 'ifStale' | 'join' | 'restart'; staleTime?: number },
  ): Promise<T>
  /**
   * firstData: one stable promise per entry (the same object on every call
   * while it waits: fit for React's `use()`), resolved as soon as the key has
   * data (a load, `set`, `hydrate`, a mutation's optimistic layer), rejected
   * with the error of a load that fails while the key has no data. Starts a
   * load (as `revalidate` 'ifStale') when none runs. Already-present data:
   * an already-resolved promise.
   */
  firstData<T>(key: Key, fetcher: Fetcher<T>): Promise<T>
  /**
   * onReset: calls `listener` when the key's entry is dropped by `clear()` or
   * `remove()` (after its subscribers got the idle snapshot), so observers
   * load again. Returns a stop function.
   */
  onReset(key: Key, listener: () => void): () => void
  /**
   * hydrate writes server-rendered data with the server's `updatedAt` when
   * the entry has no data or older data; its fresh window counts from
   * `updatedAt`. A load already running may still overwrite it. Returns
   * whether it wrote. Subscribers are notified as for any write.
   */
  hydrate(key: Key, data: unknown, updatedAt: number): boolean
  /** refetch: a forced load with the entry's last fetcher; undefined when it has none. */
  refetch(key: Key): Promise<unknown> | undefined
}

const registry = new WeakMap<Cache, CacheInternals>()

/**
 * internalsOf returns the internals of a cache made by `createCache`.
 *
 * @throws TypeError when `cache` was not made by `createCache`.
 * @example
 * internalsOf(cache).isFresh(['user', 1])
 */
export const internalsOf = (cache: Cache): CacheInternals => {
  const internals = registry.get(cache)
  if (!internals) throw new TypeError('oneflight: not a cache made by createCache')
  return internals
}

/**
 * registerInternals links a cache to its internals (called by `createCache`).
 *
 * @example
 * registerInternals(cache, internals)
 */
export const registerInternals = (cache: Cache, internals: CacheInternals): void => {
  registry.set(cache, internals)
}
