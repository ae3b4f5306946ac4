import type { Cache, Key } from '../core'
import { internalsOf, type CacheInternals } from '../core/cache-internals'

const internals = (cache: Pick<Cache, 'on'>): CacheInternals | undefined => {
  try {
    return internalsOf(cache as Cache)
  } catch {
    // Not a cache made by createCache (a look-alike that speaks its events).
    return undefined
  }
}

/**
 * cacheClock returns the cache's clock (its `now` option), on which its
 * events' `at` and its entries' `staleAt` are told; `Date.now` for a
 * look-alike without internals.
 *
 * @example
 * const now = cacheClock(cache)
 * const left = info.staleAt - now()
 */
export const cacheClock = (cache: Pick<Cache, 'on'>): (() => number) => internals(cache)?.now ?? Date.now

/**
 * refetchEntry loads the key again with the last fetcher the cache holds for
 * it, as a new flight, and returns that load's promise; where the cache
 * cannot (no fetcher kept for the key, or a look-alike), it invalidates the
 * key instead, so its subscribers reload it, and returns undefined.
 *
 * @example
 * refetchEntry(cache, ['user', 1])?.catch(() => {})
 */
export const refetchEntry = (cache: Pick<Cache, 'on' | 'invalidate'>, key: Key): Promise<unknown> | undefined => {
  const load = internals(cache)?.refetch(key)
  if (load === undefined) cache.invalidate(key)
  return load
}
