import { createEntry, type Entry } from './cache-entry'
import type { Emitter } from './cache-events'
import type { ResolvedOptions } from './cache-options'
import type { CacheEvent } from './cache-types'
import type { Key } from './key'

// A CacheEvent without the fields `emit` fills in.
type Detail<E> = E extends unknown ? Omit<E, 'key' | 'hash' | 'at'> : never

/**
 * Store: the shared state of one cache. `entries` is kept in least-recently
 * used order (a Map iterates in insertion order; `touch` re-inserts), and
 * `seq` numbers every load and `set`, so writes can be ordered by start.
 */
export interface Store {
  readonly entries: Map<string, Entry>
  readonly o: ResolvedOptions
  readonly events: Emitter
  seq: number
}

/**
 * touch returns the entry of `hash`, created if missing, and marks it as the
 * most recently used (when `maxEntries` bounds the cache).
 *
 * @example
 * const entry = touch(store, key, hashKey(key))
 */
export const touch = (store: Store, key: Key, hash: string): Entry => {
  const { entries } = store
  let entry = entries.get(hash)
  if (entry) {
    // Recency only matters under a bound; unbounded, a hit stays a lookup.
    if (store.o.maxEntries === Infinity) return entry
    entries.delete(hash)
  } else {
    entry = createEntry(key, hash)
  }
  entries.set(hash, entry)
  // No trim here: the new entry is idle until its load starts and would be
  // the one evicted; `rest` enforces the bound once it has settled.
  return entry
}

// An entry may leave the cache only when nobody observes it and no load of
// it runs: a running load will write to it, and observers must keep theirs.
const idle = (entry: Entry): boolean => entry.listeners.size === 0 && entry.flights + entry.waiting === 0

/**
 * drop removes an entry for good: it stops its timer and background reloads
 * and marks it dead, so a load still running can't write to it.
 *
 * @example
 * drop(store, entry, 'gc')
 */
export const drop = (store: Store, entry: Entry, reason?: 'gc' | 'lru'): void => {
  if (store.entries.get(entry.hash) === entry) store.entries.delete(entry.hash)
  clearTimeout(entry.gcTimer)
  entry.dead = true
  for (const controller of entry.background) controller.abort()
  if (reason) emit(store, entry, { type: 'evicted', reason })
}

/**
 * emit reports an event about `entry` to the cache's listeners, with its key,
 * hash and the time; it does nothing (not even read the clock) without listeners.
 *
 * @example
 * emit(store, entry, { type: 'evicted', reason: 'gc' })
 */
export const emit = (store: Store, entry: Entry, detail: Detail<CacheEvent>): void => {
  if (store.events.size) store.events.emit({ key: entry.key, hash: entry.hash, at: store.o.now(), ...detail } as CacheEvent)
}

/**
 * trim evicts the least recently used idle entries until the cache is within
 * `maxEntries`; observed or loading entries are skipped, so the cache can
 * exceed the bound while more than `maxEntries` of those exist.
 *
 * @example
 * trim(store)
 */
export const trim = (store: Store): void => {
  let over = store.entries.size - store.o.maxEntries
  for (const entry of store.entries.values()) {
    if (over <= 0) return
    if (idle(entry)) {
      drop(store, entry, 'lru')
      over--
    }
  }
}

/**
 * rest is called whenever an entry may have become collectable (a load
 * settled, the last subscriber left, `set` wrote it): an idle entry gets a
 * fresh gc timer of `gcTime`, and the LRU bound is enforced. The timer is
 * unref'd in Node so a cache never keeps a process alive.
 *
 * @example
 * rest(store, entry)
 */
export const rest = (store: Store, entry: Entry): void => {
  if (entry.dead || !idle(entry)) return
  clearTimeout(entry.gcTimer)
  entry.gcTimer = undefined
  const { gcTime } = store.o
  if (gcTime !== Infinity) {
    const timer = setTimeout(() => {
      if (idle(entry)) drop(store, entry, 'gc')
    }, gcTime)
    ;(timer as { unref?: () => void }).unref?.()
    entry.gcTimer = timer
  }
  if (store.entries.size > store.o.maxEntries) trim(store)
}
