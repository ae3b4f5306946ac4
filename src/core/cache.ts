import { createInternals, registerInternals, type EntryObserver } from './cache-internals'
import { createEntry, guard, IDLE, reportLater, type Entry } from './cache-entry'
import { createEviction } from './cache-eviction'
import { freshWindow, isFreshAt, refreshesEarly } from './cache-freshness'
import { createLoad, type Detail, type Outcome } from './cache-load'
import { createMutate } from './cache-mutate'
import { fail, isFunction, readOptions } from './cache-options'
import type { Cache, CacheEvent, CacheOptions, EntryInfo, Fetcher, FetchOptions } from './cache-types'
import { layered, publish } from './cache-write'
import { hashKey, type Key } from './key'
import { copyKey } from './key-copy'
import { isAbortSignal } from './signal'

/**
 * createCache makes a resource cache: `fetch` returns fresh data at once and
 * otherwise loads through one `Group` flight per key, so concurrent misses
 * make one call. Fresh windows are jittered so entries loaded together do not
 * expire together; `earlyRefresh` reloads popular keys before they expire;
 * retries run once per flight; a failed reload keeps the last data;
 * `mutate` shows optimistic edits as layers over the data.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * const cache = createCache({ staleTime: 60_000, earlyRefresh: 1 })
 * const user = await cache.fetch(['user', 1], ([, id], { signal }) => getUser(id, signal))
 * const stop = cache.subscribe(['user', 1], () => render(cache.get(['user', 1])))
 */
export const createCache = (options?: CacheOptions): Cache => {
  const settings = readOptions(options)
  const { staleTime, jitter, earlyRefresh, now, random, group, structuralSharing } = settings
  // In least-recently-used order (see createEviction). `counter` numbers
  // every load at its start and every write, to order writes by start.
  const entries = new Map<string, Entry>()
  const events = new Set<(event: CacheEvent) => void>()
  const resetObservers = new Map<string, Set<EntryObserver>>()
  let counter = 0

  // Does nothing (not even read the clock) without listeners.
  const emit = (entry: Entry, detail: Detail): void => {
    if (!events.size) return
    const event = { key: entry._key, hash: entry._hash, at: now(), ...detail } as CacheEvent
    for (const listener of events) listener(event)
  }

  const eviction = createEviction({
    _entries: entries,
    _gcTime: settings.gcTime,
    _maxEntries: settings.maxEntries,
    _onEvicted: (entry, reason) => emit(entry, { type: 'evicted', reason }),
  })
  const { _settle: settle } = eviction

  // The cache keeps its own frozen copy of a structured key.
  const touch = (key: Key, hash = hashKey(key)): Entry => eviction._touch(hash, () => createEntry(copyKey(key), hash))

  const isFresh = (entry: Entry, at: number, freshFor: number | undefined): boolean =>
    isFreshAt({ now: at, freshUntil: entry._freshUntil, updatedAt: entry._snapshot.updatedAt, staleTime: freshFor })

  // New base data, numbered `number`, fresh from `updatedAt` unless an
  // invalidate came after the load that produced it began.
  const writeData = (entry: Entry, data: unknown, number: number, updatedAt: number): unknown => {
    entry._base = structuralSharing(entry._base, data)
    entry._freshUntil = number > entry._invalidated ? updatedAt + freshWindow({ staleTime, jitter, random }) : -Infinity
    publish(entry, { data: layered(entry), failed: false, error: undefined, updatedAt })
    return entry._base
  }

  // Lands outcome number `number` unless the entry is gone or holds
  // something newer. Stale-if-error: an error keeps the last good data and
  // makes the entry stale, so the next fetch tries again.
  const land = (entry: Entry, { _ok: ok, _value: value, _number: number, _duration: duration }: Outcome): unknown => {
    if (entry._removed || number <= entry._written) {
      publish(entry)
      return value
    }
    entry._written = number
    if (ok) {
      entry._lastDuration = duration
      return writeData(entry, value, number, now())
    }
    entry._freshUntil = -Infinity
    publish(entry, { failed: true, error: value })
    const waiting = entry._firstData
    if (waiting && entry._snapshot.data === undefined) {
      entry._firstData = undefined
      waiting._reject(value)
    }
    return value
  }

  const load = createLoad({
    _group: group,
    _now: now,
    _policy: settings,
    _emit: emit,
    _settle: settle,
    _land: land,
    _nextNumber: () => ++counter,
  })

  // A load the cache runs as its own caller (background reloads, observers'
  // loads): its signal aborts when the key's last subscriber leaves or the
  // entry is dropped, so a load nobody waits for stops (through the group:
  // once every other caller left too). `force` supersedes the cache's earlier
  // ones: they are left, so a flight nobody else waits for is aborted.
  const ownLoad = (entry: Entry, force: boolean, background: boolean): Promise<unknown> | undefined => {
    const fetcher = entry._fetcher
    if (!fetcher || entry._removed) return undefined
    // The superseded loads are left only once the new one runs: aborting
    // them first could leave the entry idle, and the bound would evict it.
    const superseded = force ? [...entry._ownLoads] : []
    const controller = new AbortController()
    entry._ownLoads.add(controller)
    const promise = load(entry, fetcher, { signal: controller.signal, force, background })
    for (const old of superseded) old.abort()
    entry._ownLoad = promise
    // Also the rejection handler: this promise is the cache's own.
    const done = (): void => {
      entry._ownLoads.delete(controller)
      if (entry._ownLoad === promise) entry._ownLoad = undefined
    }
    promise.then(done, done)
    return promise
  }

  // After invalidate no load that began before it can make the entry fresh;
  // an observed key gets a new flight at once.
  const markStale = (entry: Entry): void => {
    entry._freshUntil = -Infinity
    entry._invalidated = counter
    emit(entry, { type: 'invalidated' })
    // An invalidated error is no longer the answer to rethrow: a remount (an
    // error boundary's retry) loads again instead of throwing it at once.
    if (entry._snapshot.status === 'error' && !entry._busy) publish(entry, { failed: false, error: undefined })
    if (entry._listeners.size) ownLoad(entry, entry._busy > 0, true)
  }

  const invalidate = (target: Key | ((key: Key) => boolean)): void => {
    if (!isFunction(target)) {
      const entry = entries.get(hashKey(target))
      if (entry) markStale(entry)
      return
    }
    // A copy: reloads notify listeners, which may touch (re-insert) entries.
    for (const entry of [...entries.values()]) if (target(entry._key)) markStale(entry)
  }

  // Drops an entry (clear, remove); an observed key gets a new idle entry
  // with the same subscribers, who are told, and so are attached observers.
  const reset = (entry: Entry): void => {
    // Later fetches must start new flights, not join one from before.
    if (entry._busy) group.forget(entry._key)
    eviction._drop(entry, 'removed')
    if (entry._listeners.size) {
      const next = createEntry(entry._key, entry._hash, entry._listeners)
      next._fetcher = entry._fetcher
      entries.set(entry._hash, next)
      if (entry._snapshot !== IDLE) for (const listener of entry._listeners) listener()
    }
    for (const observer of resetObservers.get(entry._hash) ?? []) {
      try {
        observer._onReset()
      } catch (error) {
        reportLater(error)
      }
    }
  }

  // A subscriber joins the key's entry (`subscribe`, `attach`): an observed
  // entry is never collected, so its gc timer stops.
  const subscribed = (key: Key, hash: string, listener: () => void): Entry => {
    const entry = touch(key, hash)
    entry._listeners.add(listener)
    clearTimeout(entry._gcTimer)
    return entry
  }

  // After a subscriber left the entry's listener set (`subscribe`'s stop, `detach`).
  const unsubscribed = (entry: Entry, hash: string): void => {
    if (entry._listeners.size) return
    const live = entries.get(hash)
    if (live) settle(live)
    // The last one out stops the cache's own loads of the key, a microtask
    // later unless someone subscribed again meanwhile (StrictMode and key
    // switches unmount and mount in one task).
    queueMicrotask(() => {
      const current = entries.get(hash)
      if (current && !current._listeners.size) for (const controller of current._ownLoads) controller.abort()
    })
  }

  const cache: Cache = {
    fetch<T>(key: Key, fetcher: Fetcher<T, never>, options?: FetchOptions): Promise<T> {
      if (!isFunction(fetcher)) fail('fetcher')
      const signal = options?.signal ?? undefined
      // The Group's own check, made before the entry is touched.
      if (signal !== undefined && !isAbortSignal(signal)) fail('signal: not an AbortSignal')
      const freshFor = options?.staleTime
      if (freshFor !== undefined && !(typeof freshFor === 'number' && freshFor >= 0)) fail('staleTime')
      const hash = hashKey(key)
      if (signal?.aborted) return Promise.reject(signal.reason)
      const entry = touch(key, hash)
      entry._fetcher = fetcher as Fetcher<unknown>
      const force = options?.force === true
      const at = now()
      if (!force && isFresh(entry, at, freshFor)) {
        const early = { now: at, freshUntil: entry._freshUntil, lastDuration: entry._lastDuration, random }
        if (!entry._busy && refreshesEarly({ ...early, beta: earlyRefresh })) ownLoad(entry, false, true)
        return Promise.resolve(entry._snapshot.data as T)
      }
      return load(entry, fetcher as Fetcher<T>, { signal, force, background: false })
    },

    // No `touch`: getSnapshot runs on every render, and observed entries are
    // never evicted anyway.
    get: (key) => entries.get(hashKey(key))?._snapshot as never,

    set<T>(key: Key, data: T | ((previous: T | undefined) => T)): void {
      const hash = hashKey(key)
      // The updater runs before the entry is made, so one that throws leaves
      // nothing behind. It gets the base data (under running mutations' edits).
      const value = isFunction(data) ? data(entries.get(hash)?._base as T | undefined) : data
      const entry = touch(key, hash)
      // Numbered after the updater ran: newer than every load started so far.
      land(entry, { _ok: true, _value: value, _number: ++counter, _duration: entry._lastDuration })
      settle(entry)
    },

    mutate: createMutate(
      {
        touch,
        emit,
        settle,
        writeBase: (entry, data) => {
          entry._written = ++counter
          writeData(entry, data, entry._written, now())
        },
        invalidate,
      },
      hashKey,
    ),

    invalidate,

    remove(key) {
      const entry = entries.get(hashKey(key))
      if (entry) reset(entry)
    },

    inspect: () =>
      [...entries.values()].map((entry): EntryInfo => ({
        key: entry._key,
        hash: entry._hash,
        snapshot: entry._snapshot,
        observers: entry._listeners.size,
        staleAt: entry._freshUntil,
        mutations: entry._layers.length,
      })),

    subscribe(key, listener) {
      if (!isFunction(listener)) fail('listener')
      const hash = hashKey(key)
      // Called without arguments.
      const own = guard(() => listener())
      const entry = subscribed(key, hash, own)
      return () => {
        // `reset` hands the same listener set to the key's new entry.
        if (entry._listeners.delete(own)) unsubscribed(entry, hash)
      }
    },

    on(listener) {
      if (!isFunction(listener)) fail('listener')
      const own = guard(listener)
      events.add(own)
      return () => void events.delete(own)
    },

    clear() {
      for (const entry of [...entries.values()]) reset(entry)
    },
  }

  const internals = createInternals({
    now,
    environment: settings.environment,
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
  })
  registerInternals(cache, internals)
  return cache
}
