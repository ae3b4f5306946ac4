import { commit, createEntry, freshFor, IDLE, refreshEarly, type Entry } from './cache-entry'
import { call, Emitter } from './cache-events'
import { load } from './cache-load'
import { resolveOptions } from './cache-options'
import { drop, rest, touch, type Store } from './cache-store'
import type { Cache, CacheOptions, Fetcher, Snapshot } from './cache-types'
import { hashKey, type Key } from './key'

const checkSignal = (signal: unknown): AbortSignal | undefined => {
  if (signal != null && typeof (signal as AbortSignal).addEventListener !== 'function') {
    throw new TypeError('singleflight: cache.fetch: options.signal must be an AbortSignal')
  }
  return (signal ?? undefined) as AbortSignal | undefined
}

const checkFunction = (value: unknown, what: string): void => {
  if (typeof value !== 'function') throw new TypeError(`singleflight: ${what} must be a function`)
}

/**
 * createCache makes a resource cache: `fetch` returns fresh data at once and
 * otherwise loads through one `Group` flight per key, so concurrent misses
 * make one call. Fresh windows are jittered so entries loaded together do not
 * expire together; `earlyRefresh` reloads popular keys before they expire;
 * retries run once per flight; a failed reload keeps the last data.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * const cache = createCache({ staleTime: 60_000, earlyRefresh: 1 })
 * const user = await cache.fetch(['user', 1], ([, id], { signal }) => getUser(id, signal))
 * const stop = cache.subscribe(['user', 1], () => render(cache.get(['user', 1])))
 */
export const createCache = (options?: CacheOptions): Cache => {
  const o = resolveOptions(options)
  const store: Store = { entries: new Map(), o, events: new Emitter(), seq: 0 }
  const { entries } = store

  // A background reload is the cache's own caller of a flight: its signal
  // aborts when the last subscriber leaves or the cache is cleared, so a
  // reload nobody waits for any more stops (through the group, only once
  // every other caller of that flight has left too).
  const reload = (entry: Entry, force: boolean): void => {
    const { fetcher } = entry
    if (!fetcher || entry.dead) return
    const controller = new AbortController()
    entry.background.add(controller)
    const done = (): void => void entry.background.delete(controller)
    load(store, entry, entry.key, fetcher, controller.signal, force, true).then(done, done)
  }

  const stale = (entry: Entry): void => {
    entry.expiresAt = -Infinity
    // A load already in flight may carry data from before the invalidation,
    // so an observed key gets a new flight (the old one can't overwrite it).
    if (entry.listeners.size) reload(entry, entry.flights + entry.waiting > 0)
  }

  return {
    fetch<T>(key: Key, fetcher: Fetcher<T>, options?: { signal?: AbortSignal; force?: boolean }): Promise<T> {
      checkFunction(fetcher, 'cache.fetch: fetcher')
      const signal = checkSignal(options?.signal)
      const hash = hashKey(key)
      if (signal?.aborted) return Promise.reject(signal.reason)
      const entry = touch(store, key, hash)
      entry.key = key
      entry.fetcher = fetcher as Fetcher<unknown>
      const force = options?.force === true
      const at = o.now()
      if (!force && at < entry.expiresAt) {
        // XFetch: a fresh hit may start one background reload ahead of expiry
        // and still returns the fresh data at once.
        if (entry.flights + entry.waiting === 0 && refreshEarly(at, entry.expiresAt, entry.delta, o.earlyRefresh, o.random)) {
          reload(entry, false)
        }
        return Promise.resolve(entry.snapshot.data as T)
      }
      return load(store, entry, key, fetcher, signal, force, false)
    },

    get<T>(key: Key): Snapshot<T> | undefined {
      // No `touch`: getSnapshot runs on every render, and observed entries
      // are never evicted anyway.
      return entries.get(hashKey(key))?.snapshot as Snapshot<T> | undefined
    },

    set<T>(key: Key, data: T | ((prev: T | undefined) => T)) {
      const entry = touch(store, key, hashKey(key))
      const value = typeof data === 'function' ? (data as (prev: T | undefined) => T)(entry.snapshot.data as T) : data
      const at = o.now()
      // Newer than every load started so far: none of them overwrites it.
      entry.written = ++store.seq
      entry.version++
      entry.expiresAt = at + freshFor(o.staleTime, o.jitter, o.random)
      commit(entry, { data: value, error: undefined, status: 'success', updatedAt: at })
      rest(store, entry)
    },

    invalidate(target: Key | ((key: Key) => boolean)) {
      if (typeof target === 'function') {
        // A copy: reloads notify listeners, which may touch (re-insert) entries.
        for (const entry of [...entries.values()]) if (target(entry.key)) stale(entry)
      } else {
        const entry = entries.get(hashKey(target))
        if (entry) stale(entry)
      }
    },

    subscribe(key: Key, listener: () => void) {
      checkFunction(listener, 'cache.subscribe: listener')
      const hash = hashKey(key)
      const entry = touch(store, key, hash)
      // A wrapper per call: subscribing one function twice needs two unsubscribes.
      const own = (): void => listener()
      entry.listeners.add(own)
      clearTimeout(entry.gcTimer)
      entry.gcTimer = undefined
      let active = true
      return () => {
        if (!active) return
        active = false
        // `clear` hands the same listener set to the key's new entry.
        entry.listeners.delete(own)
        const live = entries.get(hash)
        if (live && live.listeners.size === 0) {
          for (const controller of live.background) controller.abort()
          rest(store, live)
        }
      }
    },

    on(listener) {
      return store.events.on(listener)
    },

    clear() {
      for (const entry of [...entries.values()]) {
        // Later fetches must start new flights, not join one from before.
        if (entry.flights + entry.waiting > 0) o.group.forget(entry.key)
        drop(store, entry)
        if (entry.listeners.size === 0) continue
        // Observers stay subscribed: the key gets a new, idle entry.
        const fresh = createEntry(entry.key, entry.hash, entry.listeners)
        fresh.fetcher = entry.fetcher
        entries.set(entry.hash, fresh)
        if (entry.snapshot !== IDLE) for (const listener of entry.listeners) call(listener)
      }
    },
  }
}
