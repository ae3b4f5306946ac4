import { commit, createEntry, guard, IDLE, write, type Entry } from './cache-entry'
import { bad, isFn, readOptions } from './cache-options'
import { createLoad, type Detail } from './cache-load'
import type { Cache, CacheEvent, CacheOptions, Fetcher, FetchOptions } from './cache-types'
import { hashKey, type Key } from './key'

// One closure per cache, on purpose: its state and helpers are local
// variables, which a minifier shortens to one letter (properties it can't).

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
  const [staleTime, gcTime, maxEntries, jitter, earlyRefresh, retry, retryDelay, now, random, group] =
    readOptions(options)
  // In least-recently-used order (a Map iterates in insertion order; `touch`
  // re-inserts). `seq` numbers every load and `set`, to order writes by start.
  const entries = new Map<string, Entry>()
  const events = new Set<(event: CacheEvent) => void>()
  let seq = 0

  // Does nothing (not even read the clock) without listeners.
  const emit = (e: Entry, detail: Detail<CacheEvent>): void => {
    if (!events.size) return
    const event = { key: e.k, hash: e.h, at: now(), ...detail } as CacheEvent
    for (const listener of events) listener(event)
  }

  // An entry may leave the cache only when nobody observes it and no load of
  // it runs: a running load will write to it, and observers must keep theirs.
  const idle = (e: Entry): boolean => !e.l.size && !e.n

  // The entry of `hash`, created if missing, made the most recently used
  // (only under a bound: unbounded, a hit stays one lookup). No trim here: a
  // new entry is idle until its load starts and would be the one evicted.
  const touch = (key: Key, hash: string): Entry => {
    let e = entries.get(hash)
    if (e) {
      if (maxEntries === Infinity) return e
      entries.delete(hash)
    } else e = createEntry(key, hash)
    entries.set(hash, e)
    return e
  }

  // For good: its timer and background reloads stop, and a load still
  // running can't write to it.
  const drop = (e: Entry, reason?: 'gc' | 'lru'): void => {
    if (entries.get(e.h) === e) entries.delete(e.h)
    clearTimeout(e.t)
    e.z = true
    for (const controller of e.b) controller.abort()
    if (reason) emit(e, { type: 'evicted', reason })
  }

  // Called whenever an entry may have become collectable (a load settled, the
  // last subscriber left, `set` wrote it): an idle entry gets a new gc timer
  // (unref'd: a cache never keeps a Node process alive), and the LRU bound
  // evicts the least recently used idle entries; observed or loading ones are
  // skipped, so the cache may exceed it while more than `maxEntries` of those exist.
  const rest = (e: Entry): void => {
    if (e.z) return
    if (idle(e)) {
      clearTimeout(e.t)
      if (gcTime !== Infinity) {
        e.t = setTimeout(() => idle(e) && drop(e, 'gc'), gcTime)
        ;(e.t as { unref?: () => void }).unref?.()
      }
    }
    // The bound holds whatever `e` is: other idle entries still make room.
    let over = entries.size - maxEntries
    if (over > 0)
      for (const old of entries.values())
        if (over <= 0) return
        else if (idle(old)) (drop(old, 'lru'), over--)
  }

  // Lands write number `id` (data when `ok`, else an error) unless the entry
  // is gone or holds something newer. Data is fresh for staleTime × (1 ±
  // jitter), uniform, so entries loaded together expire spread out; `delta` is
  // kept for XFetch. Stale-if-error: an error keeps the last good data and
  // makes the entry stale, so the next fetch tries again.
  const land = (e: Entry, ok: boolean, value: unknown, id: number, delta: number): void => {
    if (e.z) return
    if (id <= e.w) return commit(e)
    e.w = id
    if (ok) {
      const at = now()
      e.d = delta
      e.x = at + (jitter === 0 || staleTime === Infinity ? staleTime : staleTime * (1 + jitter * (2 * random() - 1)))
      write(e, 'success', value, undefined, at)
    } else {
      e.x = -Infinity
      write(e, 'error', e.s.data, value, e.s.updatedAt)
    }
  }

  const load = createLoad(group, now, retry, retryDelay, emit, rest, land, () => ++seq)

  // A background reload is the cache's own caller of a flight: its signal
  // aborts when the last subscriber leaves or the cache is cleared, so a reload
  // nobody waits for stops (through the group: once every other caller left too).
  const reload = (e: Entry, force: boolean): void => {
    if (!e.f || e.z) return
    // A forced reload supersedes the cache's earlier ones: leave them, so a
    // flight nobody else waits for is aborted instead of running on for nothing.
    if (force) for (const old of e.b) old.abort()
    const controller = new AbortController()
    const done = (): void => void e.b.delete(controller)
    e.b.add(controller)
    load(e, e.k, e.f, controller.signal, force, true).then(done, done)
  }

  // A load already in flight may carry data from before the invalidation, so
  // an observed key gets a new flight (the old one can't overwrite it).
  const stale = (e: Entry): void => {
    e.x = -Infinity
    // An invalidated error is no longer the answer to rethrow: a remount (an
    // error boundary's retry) loads again instead of throwing it at once.
    if (e.s.status === 'error' && !e.n)
      write(e, e.s.data === undefined ? 'idle' : 'success', e.s.data, undefined, e.s.updatedAt)
    if (e.l.size) reload(e, e.n > 0)
  }

  return {
    fetch<T>(key: Key, fetcher: Fetcher<T, never>, options?: FetchOptions): Promise<T> {
      if (!isFn(fetcher)) bad('fetcher')
      const signal = options?.signal ?? undefined
      // The Group's own brand check, made before the entry is touched.
      if (signal !== undefined && !(signal instanceof AbortSignal)) bad('signal: not an AbortSignal')
      const hash = hashKey(key)
      if (signal?.aborted) return Promise.reject(signal.reason)
      const e = touch(key, hash)
      e.k = key
      e.f = fetcher as Fetcher<unknown>
      const force = options?.force === true
      const at = now()
      if (!force && at < e.x) {
        // XFetch (Vattani, Chierichetti, Lowenstein, VLDB 2015): a fresh hit
        // starts one background reload when now − delta·beta·ln(random()) ≥
        // expiry (likelier the closer the expiry and the slower the last
        // load), and still returns the fresh data at once.
        if (!e.n && earlyRefresh > 0 && e.d > 0 && at - e.d * earlyRefresh * Math.log(random()) >= e.x) reload(e, false)
        return Promise.resolve(e.s.data as T)
      }
      return load(e, key, fetcher as Fetcher<T>, signal, force, false)
    },

    // No `touch`: getSnapshot runs on every render, and observed entries are
    // never evicted anyway.
    get: (key) => entries.get(hashKey(key))?.s as never,

    set<T>(key: Key, data: T | ((prev: T | undefined) => T)) {
      const hash = hashKey(key)
      // The updater runs before the entry is made, so one that throws leaves
      // nothing behind (an entry made first would never get a gc timer).
      const value = isFn(data) ? (data as (prev: unknown) => T)(entries.get(hash)?.s.data) : data
      const e = touch(key, hash)
      // Numbered after the updater ran: newer than every load started so far.
      land(e, true, value, ++seq, e.d)
      rest(e)
    },

    invalidate(target) {
      const all = isFn(target)
      // A copy: reloads notify listeners, which may touch (re-insert) entries.
      for (const e of all ? [...entries.values()] : [entries.get(hashKey(target as Key))]) {
        if (e && (!all || (target as (key: Key) => boolean)(e.k))) stale(e)
      }
    },

    subscribe(key, listener) {
      if (!isFn(listener)) bad('listener')
      const hash = hashKey(key)
      const e = touch(key, hash)
      // Called without arguments.
      const own = guard(() => listener())
      e.l.add(own)
      clearTimeout(e.t)
      return () => {
        // `clear` hands the same listener set to the key's new entry.
        if (!e.l.delete(own)) return
        const live = entries.get(hash)
        if (live && !live.l.size) {
          for (const controller of live.b) controller.abort()
          rest(live)
        }
      }
    },

    on(listener) {
      if (!isFn(listener)) bad('listener')
      const own = guard(listener)
      events.add(own)
      return () => void events.delete(own)
    },

    mutate() {
      return Promise.reject(new Error('oneflight: cache.mutate is being built'))
    },
    remove() {
      throw new Error('oneflight: cache.remove is being built')
    },
    inspect() {
      throw new Error('oneflight: cache.inspect is being built')
    },

    clear() {
      for (const e of [...entries.values()]) {
        // Later fetches must start new flights, not join one from before.
        if (e.n) group.forget(e.k)
        drop(e)
        if (!e.l.size) continue
        // Observers stay subscribed: the key gets a new, idle entry.
        const fresh = createEntry(e.k, e.h, e.l)
        fresh.f = e.f
        entries.set(e.h, fresh)
        if (e.s !== IDLE) for (const listener of e.l) listener()
      }
    },
  }
}
