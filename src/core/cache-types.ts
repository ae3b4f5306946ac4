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
export type Fetcher<T, K extends Key = Key> = (key: K, context: { signal: AbortSignal }) => T | PromiseLike<T>

/**
 * Environment: where focus and connectivity come from. The defaults listen
 * to the window and document; React Native, Electron or tests plug in theirs.
 *
 * @example
 * const environment: Partial<Environment> = { isOnline: () => netInfo.isConnected }
 */
export interface Environment {
  /** Calls `listener` when the app regains focus (default: window focus, document visible again); returns a stop function. */
  onFocus(listener: () => void): () => void
  /** Calls `listener` when the connection comes back (default: window 'online'); returns a stop function. */
  onReconnect(listener: () => void): () => void
  /** Whether the app is online (default: `navigator.onLine`, true where unknown). */
  isOnline(): boolean
  /** Whether the app is visible (default: the document is not hidden, true where unknown). */
  isVisible(): boolean
}

/**
 * FetchOptions: the options of `cache.fetch`.
 *
 * @example
 * await cache.fetch(key, getUser, { staleTime: 30_000 })
 */
export interface FetchOptions {
  /** Aborting it rejects this caller at once; the load is aborted only when every caller has left. */
  signal?: AbortSignal
  /** Load even if the data is fresh, in a new flight. */
  force?: boolean
  /** ms the data counts as fresh for this call, from its `updatedAt` on the cache's clock; default: the cache's own (jittered) window. */
  staleTime?: number
}

/**
 * MutateOptions: the options of `cache.mutate`.
 *
 * @example
 * await cache.mutate(['user', 1], (signal) => saveName(1, 'Ada', signal), {
 *   optimistic: (user) => ({ ...user!, name: 'Ada' }),
 * })
 */
export interface MutateOptions<R, T = unknown> {
  /** A layer shown at once over the entry's data while the mutation runs. */
  optimistic?: (current: T | undefined) => T
  /** Folds the action's result into the entry's base data when it succeeds. */
  populate?: (current: T | undefined, result: R) => T
  /** Drop the optimistic layer when the action fails; default true (false keeps it as the base). */
  rollbackOnError?: boolean
  /**
   * What to invalidate after success: true (default) this key, false nothing,
   * a predicate, a key, or a list of keys: an array whose first element is an
   * array or object (`[['user', 1], 'todos']`); any other array is one key
   * (`['user', 1]`, `['todos', { page: 1 }]`).
   */
  revalidate?: boolean | Key | readonly Key[] | ((key: Key) => boolean)
  /** Aborts the action's signal. */
  signal?: AbortSignal
}

/**
 * EntryInfo: one entry as `cache.inspect()` reports it, for devtools.
 *
 * @example
 * for (const info of cache.inspect()) console.log(info.hash, info.snapshot.status, info.observers)
 */
export interface EntryInfo {
  readonly key: Key
  readonly hash: string
  readonly snapshot: Snapshot<unknown>
  /** Subscribers of the key (each mounted hook or observer is one). */
  readonly observers: number
  /** When the data turns stale, on the cache's clock: -Infinity when stale already, Infinity when it never does. */
  readonly staleAt: number
  /** Mutations of this key still running. */
  readonly mutations: number
}

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
  /**
   * A load began; `background` for early refresh and invalidate reloads;
   * `remote` when it runs in another tab (createTabGroup) and this cache only waits for its answer.
   */
  | (EventBase & {
      readonly type: 'started'
      readonly flightId: number
      readonly background: boolean
      readonly remote: boolean
    })
  /** A `fetch` (or a background reload) joined a load already in flight. */
  | (EventBase & { readonly type: 'joined'; readonly flightId: number })
  /** A load ended with a value (`ok: true`) or an error after its retries (`ok: false`). */
  | (EventBase & {
      readonly type: 'settled'
      readonly flightId: number
      readonly duration: number
      readonly ok: boolean
      readonly error?: unknown
      /** The answer came from another tab's flight. */
      readonly remote: boolean
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
  /** An entry was dropped: `gc` after `gcTime`, `lru` over `maxEntries`, `removed` by `remove` or `clear`. */
  | (EventBase & { readonly type: 'evicted'; readonly reason: 'gc' | 'lru' | 'removed' })
  /** A mutation of the key started, or ended (`ok`); `mutationId` numbers the mutations of one cache. */
  | (EventBase & {
      readonly type: 'mutation'
      readonly mutationId: number
      readonly phase: 'started' | 'settled'
      readonly ok?: boolean
      readonly error?: unknown
    })
  /** `invalidate` marked the key stale. */
  | (EventBase & { readonly type: 'invalidated' })

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
  /** Uniform random in [0, 1) for jitter, XFetch and retry delays, for tests; default `Math.random`. */
  random?: () => number
  /**
   * Keep the data's identity when a load returns equal data: on by default, a
   * load whose answer deep-equals the data held (plain objects and arrays)
   * keeps the old reference and every unchanged sub-tree. `false` turns it
   * off; a function `(previous, next) => result` replaces it.
   */
  structuralSharing?: boolean | ((previous: unknown, next: unknown) => unknown)
  /** Focus and connectivity sources, for React Native, Electron and tests; default the window's and document's. */
  environment?: Partial<Environment>
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
  fetch<T, const K extends Key = Key>(key: K, fetcher: Fetcher<T, K>, options?: FetchOptions): Promise<T>
  /** get returns the entry's snapshot, or undefined for a key never seen. */
  get<T>(key: Key): Snapshot<T> | undefined
  /** set writes data (or the result of an updater) as fresh and notifies subscribers. */
  set<T>(key: Key, data: T | ((prev: T | undefined) => T)): void
  /**
   * mutate runs `action` (never deduplicated) with an optional optimistic
   * layer over the key's data, then folds its result in and invalidates;
   * resolves or rejects as `action` does.
   */
  mutate<R, T = unknown>(
    key: Key,
    action: (signal: AbortSignal) => R | PromiseLike<R>,
    options?: MutateOptions<R, T>,
  ): Promise<R>
  /** invalidate marks keys stale; keys with subscribers reload at once, one flight each. */
  invalidate(key: Key | ((key: Key) => boolean)): void
  /** remove forgets the key's entry; its subscribers see `'idle'` (and observers load again). */
  remove(key: Key): void
  /** inspect lists every entry, for devtools. */
  inspect(): readonly EntryInfo[]
  /** subscribe calls `listener` whenever the key's snapshot changes; returns unsubscribe. */
  subscribe(key: Key, listener: () => void): () => void
  /** on calls `listener` with every CacheEvent; returns a function that stops it. */
  on(listener: (event: CacheEvent) => void): () => void
  /** clear drops all data, aborts loads nobody waits for any more, and notifies subscribers. */
  clear(): void
}
