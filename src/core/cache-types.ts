import type { Group } from './group'
import type { Key } from './key'

/**
 * Fetcher: loads the data of one key. `signal` aborts only when every caller
 * waiting for this load has left (as in `Group`), or when the cache is cleared.
 *
 * @example
 * const getUser: Fetcher<User, ['user', number]> = ([, id], { signal }) =>
 *   fetch(`/api/user/${id}`, { signal }).then((r) => r.json())
 */
export type Fetcher<T, K extends Key = Key> = (key: K, ctx: { signal: AbortSignal }) => T | PromiseLike<T>

/**
 * Snapshot: the immutable state of one cache entry. A new object is made only
 * when a field changed, so `useSyncExternalStore` can compare with `Object.is`.
 * `status`: `'idle'` nothing loaded and nothing loading, `'pending'` the first
 * load runs, `'success'` data is there, `'error'` the last load failed (the
 * last good `data` is kept: stale-if-error).
 *
 * @example
 * const snap = cache.get<User>(['user', 1])
 * if (snap?.status === 'success') render(snap.data)
 */
export interface Snapshot<T> {
  readonly data: T | undefined
  readonly error: unknown
  /** When `data` was last written (by a load or `set`); 0 = never loaded. */
  readonly updatedAt: number
  readonly status: 'idle' | 'pending' | 'success' | 'error'
  /** True while a load for this key runs. */
  readonly isFetching: boolean
}

interface EventBase {
  readonly key: Key
  /** `hashKey(key)`: a stable string for grouping events by key. */
  readonly hash: string
  /** The cache's `now()` when the event happened. */
  readonly at: number
}

/**
 * CacheEvent: what `cache.on` reports, enough to draw a timeline of flights.
 * `flightId` numbers the loads of one cache (1, 2, …); `duration` is in the
 * units of `now()` since the flight started.
 *
 * @example
 * cache.on((e) => e.type === 'settled' && console.log(e.hash, e.ok, `${e.duration} ms`))
 */
export type CacheEvent =
  /** A load began running its fetcher; `background` for early refresh and invalidate reloads. */
  | (EventBase & { readonly type: 'started'; readonly flightId: number; readonly background: boolean })
  /** A `fetch` (or a background reload) joined a load already in flight. */
  | (EventBase & { readonly type: 'joined'; readonly flightId: number })
  /** A load ended with a value (`ok: true`) or an error after its retries (`ok: false`). */
  | (EventBase & {
      readonly type: 'settled'
      readonly flightId: number
      readonly duration: number
      readonly ok: boolean
      readonly error?: unknown
    })
  /** Every caller of a load left (or the cache was cleared): its signal aborted. */
  | (EventBase & {
      readonly type: 'aborted'
      readonly flightId: number
      readonly duration: number
      readonly reason: unknown
    })
  /** The fetcher failed and will run again after `delay`; `failures` so far. */
  | (EventBase & {
      readonly type: 'retried'
      readonly flightId: number
      readonly failures: number
      readonly error: unknown
      readonly delay: number
    })
  /** An unobserved entry was dropped: `gc` after `gcTime`, `lru` over `maxEntries`. */
  | (EventBase & { readonly type: 'evicted'; readonly reason: 'gc' | 'lru' })

/**
 * CacheOptions: the options of `createCache`; every one is optional.
 *
 * @example
 * const cache = createCache({ staleTime: 60_000, earlyRefresh: 1, retry: 2 })
 */
export interface CacheOptions {
  /** ms an entry stays fresh after a load or `set`; default 0 (always stale). */
  staleTime?: number
  /** ms an entry nobody subscribes to is kept; default 300_000. */
  gcTime?: number
  /** LRU bound on entries; observed entries are never evicted. Default Infinity. */
  maxEntries?: number
  /** Fraction of `staleTime` each fresh window is randomly moved by (±); default 0.1, 0 = off. */
  jitter?: number
  /** XFetch beta for probabilistic early refresh; default 0 = off, 1 = the paper's default. */
  earlyRefresh?: number
  /** Retries per load: a count, or a predicate of (failures so far, error). Default 0. */
  retry?: number | ((failures: number, error: unknown) => boolean)
  /** ms to wait before retry number `failures`; default full-jitter exponential (1 s base, 30 s cap). */
  retryDelay?: (failures: number) => number
  /** The clock, for tests and simulations; default `Date.now`. */
  now?: () => number
  /** Addition to DESIGN: uniform random in [0, 1) for jitter, XFetch and retry delays; default `Math.random`. */
  random?: () => number
  /** Runs the loads; default `new Group()`. `createTabGroup()` shares loads across tabs. */
  group?: Pick<Group, 'do' | 'settle' | 'forget'>
}

/**
 * Cache: the resource cache `createCache` returns.
 *
 * @example
 * const cache = createCache({ staleTime: 5_000 })
 * const user = await cache.fetch(['user', 1], ([, id], { signal }) => getUser(id, signal))
 */
export interface Cache {
  /** fetch returns fresh data at once; otherwise it loads through the cache's group (concurrent misses: one call). */
  fetch<T>(key: Key, fetcher: Fetcher<T>, options?: { signal?: AbortSignal; force?: boolean }): Promise<T>
  /** get returns the entry's snapshot, or undefined for a key never seen. */
  get<T>(key: Key): Snapshot<T> | undefined
  /** set writes data (or the result of an updater) as fresh and notifies subscribers. */
  set<T>(key: Key, data: T | ((prev: T | undefined) => T)): void
  /** invalidate marks keys stale; keys with subscribers reload at once, one flight each. */
  invalidate(key: Key | ((key: Key) => boolean)): void
  /** subscribe calls `listener` whenever the key's snapshot changes; returns unsubscribe. */
  subscribe(key: Key, listener: () => void): () => void
  /** on calls `listener` with every CacheEvent; returns a function that stops it. */
  on(listener: (event: CacheEvent) => void): () => void
  /** clear drops all data, aborts loads nobody waits for any more, and notifies subscribers. */
  clear(): void
}
