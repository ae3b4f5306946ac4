import type { Entry } from './cache-entry'
import type { LoadOptions } from './cache-load'
import type { Cache, Environment, Fetcher, Snapshot } from './cache-types'
import { hashKey, type Key } from './key'

/**
 * EntryObserver: a subscriber of one key that the cache also tells when it
 * drops the key's entry (what an observer of `createObserver` is to it).
 * Registered as itself, so mounting one allocates no stop functions.
 *
 * @example
 * internals.attach(key, hashKey(key), { _onCacheChange: () => render(), _onReset: () => reload() })
 */
export interface EntryObserver {
  /** Called without arguments on every change of the key's snapshot, like a `subscribe` listener; must not throw. */
  readonly _onCacheChange: () => void
  /** Called after `clear()` or `remove()` dropped the key's entry (its subscribers already got the idle snapshot). */
  _onReset(): void
}

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
  /** snapshot: `cache.get` by the key's hash (`hashKey(key)`), for callers that keep it. */
  snapshot(hash: string): Snapshot<unknown> | undefined
  /** isObserved: whether the key whose hash is `hash` has subscribers (a write would notify somebody). */
  isObserved(hash: string): boolean
  /**
   * isFresh: whether `cache.fetch(key, fetcher, { staleTime })` would answer
   * now without loading (data present, not invalidated, inside its window).
   * `hash`: the key's `hashKey`, when the caller has it.
   */
  isFresh(key: Key, staleTime?: number, hash?: string): boolean
  /**
   * revalidate: the cache's own load of `key` on behalf of its subscribers.
   * The caller is the cache itself: its signal aborts when the key's last
   * subscriber leaves (a microtask later, so StrictMode's unmount-remount
   * aborts nothing), or on `clear`/`remove`. Modes: `'ifStale'` answers fresh
   * data (by `staleTime`, default the cache's) without loading, else joins or
   * starts a load; `'join'` joins a running load or starts one, whatever the
   * freshness; `'restart'` starts a new flight and leaves the cache's older
   * ones (aborted if nobody else waits). Its promise is the cache's own: a
   * rejection nobody handles is not reported. `hash`: the key's `hashKey`,
   * when the caller has it.
   */
  revalidate<T>(
    key: Key,
    fetcher: Fetcher<T>,
    options: { mode: 'ifStale' | 'join' | 'restart'; staleTime?: number; hash?: string },
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
   * attach subscribes `observer` to the key whose hash is `hash`, exactly as
   * `cache.subscribe` would its `_onCacheChange`, and tells it of the entry's
   * `clear()` or `remove()` (`_onReset`), so it loads again. `detach` undoes
   * it as `subscribe`'s stop function would (the last one out stops the
   * cache's own loads of the key).
   */
  attach(key: Key, hash: string, observer: EntryObserver): void
  detach(hash: string, observer: EntryObserver): void
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

/**
 * InternalsContext: the parts of a cache its internals work with.
 *
 * @example
 * const internals = createInternals({ now, environment, entries, touch, isFresh, emit, load, ownLoad, writeData, settle, subscribed, unsubscribed, resetObservers })
 */
export interface InternalsContext {
  readonly now: () => number
  readonly environment: Environment
  readonly entries: Map<string, Entry>
  readonly touch: (key: Key, hash?: string) => Entry
  readonly isFresh: (entry: Entry, at: number, staleTime: number | undefined) => boolean
  readonly emit: (entry: Entry, detail: { type: 'joined'; flightId: number }) => void
  readonly load: <T>(entry: Entry, fetcher: Fetcher<T>, options: LoadOptions) => Promise<T>
  readonly ownLoad: (entry: Entry, force: boolean, background: boolean) => Promise<unknown> | undefined
  readonly writeData: (entry: Entry, data: unknown, number: number, updatedAt: number) => unknown
  readonly settle: (entry: Entry) => void
  /** What `cache.subscribe` does with a new listener; returns the key's entry. */
  readonly subscribed: (key: Key, hash: string, listener: () => void) => Entry
  /** What `cache.subscribe`'s stop function does once the listener is out of the entry's set. */
  readonly unsubscribed: (entry: Entry, hash: string) => void
  /** The attached observers by key hash; the cache tells them when it drops an entry. */
  readonly resetObservers: Map<string, Set<EntryObserver>>
}

/**
 * createInternals makes the internals of one cache from its parts.
 *
 * @example
 * registerInternals(cache, createInternals(context))
 */
export const createInternals = (context: InternalsContext): CacheInternals => {
  const {
    now,
    entries,
    touch,
    isFresh,
    emit,
    load,
    ownLoad,
    writeData,
    settle,
    subscribed,
    unsubscribed,
    resetObservers,
  } = context
  return {
    now,
    environment: context.environment,
    snapshot: (hash) => entries.get(hash)?._snapshot,
    isObserved: (hash) => !!entries.get(hash)?._listeners.size,
    isFresh(key, staleTime, hash = hashKey(key)) {
      const entry = entries.get(hash)
      return !!entry && isFresh(entry, now(), staleTime)
    },
    revalidate<T>(key: Key, fetcher: Fetcher<T>, options: Parameters<CacheInternals['revalidate']>[2]) {
      const { mode, staleTime } = options
      const entry = touch(key, options.hash)
      entry._fetcher = fetcher as Fetcher<unknown>
      if (mode === 'ifStale' && isFresh(entry, now(), staleTime)) return Promise.resolve(entry._snapshot.data as T)
      if (mode !== 'restart' && entry._ownLoad) {
        // Each observer asking is a caller of the flight, as devtools count them.
        emit(entry, { type: 'joined', flightId: entry._flightId })
        return entry._ownLoad as Promise<T>
      }
      return ownLoad(entry, mode === 'restart', false) as Promise<T>
    },
    firstData<T>(key: Key, fetcher: Fetcher<T>) {
      const entry = touch(key)
      entry._fetcher = fetcher as Fetcher<unknown>
      const data = entry._snapshot.data
      if (data !== undefined) return Promise.resolve(data as T)
      if (entry._firstData) return entry._firstData._promise as Promise<T>
      let resolve!: (data: unknown) => void
      let reject!: (error: unknown) => void
      const promise = new Promise((resolveData, rejectData) => {
        resolve = resolveData
        reject = rejectData
      })
      // Handed to React, which handles it; never reported on its own.
      promise.catch(() => {})
      const waiting = { _promise: promise, _resolve: resolve, _reject: reject }
      entry._firstData = waiting
      const finish = (ok: boolean, value: unknown): void => {
        if (entry._firstData === waiting) entry._firstData = undefined
        if (ok) resolve(value)
        else reject(value)
      }
      // A caller of its own, whose signal never aborts: a subscriber leaving
      // elsewhere must not abort what a suspended tree waits for. Its own
      // signal also gives it its own promise, so handling it here marks no
      // other caller's promise as handled. Started a microtask later: this
      // runs during a render, where a subscriber notified of `isFetching`
      // would be updated mid-render.
      queueMicrotask(() =>
        load(entry, fetcher, { signal: new AbortController().signal, force: false, background: false }).then(
          (value) => finish(true, value),
          (error: unknown) => finish(false, error),
        ),
      )
      return promise as Promise<T>
    },
    attach(key, hash, observer) {
      subscribed(key, hash, observer._onCacheChange)
      let observers = resetObservers.get(hash)
      if (!observers) resetObservers.set(hash, (observers = new Set()))
      observers.add(observer)
    },
    detach(hash, observer) {
      const observers = resetObservers.get(hash)
      if (observers?.delete(observer) && !observers.size) resetObservers.delete(hash)
      // `reset` hands the listener set to the key's new entry: any entry of the hash holds it.
      const entry = entries.get(hash)
      if (entry?._listeners.delete(observer._onCacheChange)) unsubscribed(entry, hash)
    },
    hydrate(key, data, updatedAt) {
      const entry = touch(key)
      const held = entry._snapshot.updatedAt
      if (held > 0 && held >= updatedAt) return false
      // Not numbered as a write (`_written` stays): any load of this cache,
      // running or to come, is newer than what the server rendered with and
      // may overwrite it. Fresh, since it comes after every invalidate so far.
      entry._lastDuration = 0
      writeData(entry, data, entry._invalidated + 1, updatedAt)
      settle(entry)
      return true
    },
    refetch(key) {
      const entry = entries.get(hashKey(key))
      return entry && ownLoad(entry, true, false)
    },
  }
}
