import type { Entry } from './cache-entry'

/**
 * Eviction: how entries leave a cache, gc timers and the LRU bound.
 *
 * @example
 * const eviction = createEviction({ _entries: entries, _gcTime: 300_000, _maxEntries: 100, _onEvicted: (entry, reason) => emit(…) })
 */
// Internal, so its members carry the `_` the build shortens.
export interface Eviction {
  /** touch: the entry of `hash`, made by `create` if missing, now the most recently used. */
  _touch(hash: string, create: () => Entry): Entry
  /** settle: called whenever an entry may have become collectable; restarts its gc timer and applies the bound. */
  _settle(entry: Entry): void
  /** drop: removes the entry for good: its timer and the cache's own loads of it stop, nothing writes to it any more. */
  _drop(entry: Entry, reason?: 'gc' | 'lru' | 'removed'): void
}

/**
 * isIdle: an entry may leave the cache only when nobody observes it and no
 * load or mutation of it runs (those will write to it; observers keep theirs).
 *
 * @example
 * if (isIdle(entry)) eviction._drop(entry, 'gc')
 */
export const isIdle = (entry: Entry): boolean =>
  entry._listeners.size === 0 && entry._busy === 0 && entry._layers.length === 0

/**
 * createEviction makes the eviction of one cache over its `entries` map,
 * which it keeps in least-recently-used order (a Map iterates in insertion
 * order; `touch` re-inserts). Gc timers are unref'd: a cache never keeps a
 * Node process alive.
 *
 * @example
 * const { _touch, _settle, _drop } = createEviction({ _entries, _gcTime, _maxEntries, _onEvicted })
 */
export const createEviction = (options: {
  _entries: Map<string, Entry>
  _gcTime: number
  _maxEntries: number
  _onEvicted: (entry: Entry, reason: 'gc' | 'lru' | 'removed') => void
}): Eviction => {
  const { _entries: entries, _gcTime: gcTime, _maxEntries: maxEntries, _onEvicted: onEvicted } = options

  const drop = (entry: Entry, reason?: 'gc' | 'lru' | 'removed'): void => {
    if (entries.get(entry._hash) === entry) entries.delete(entry._hash)
    clearTimeout(entry._gcTimer)
    entry._removed = true
    // An idle entry (gc, LRU) runs none of the cache's own loads: one that
    // just landed may still be in the set, and must not be aborted.
    if (reason !== 'gc' && reason !== 'lru') for (const controller of entry._ownLoads) controller.abort()
    if (reason) onEvicted(entry, reason)
  }

  // Evicts the least recently used idle entries while over the bound,
  // sparing `keep` (an entry just touched, idle only until its caller
  // subscribes, loads or mutates). Observed or loading entries are skipped,
  // so the cache may hold more than `maxEntries` while more than that many
  // of those exist.
  const trim = (keep?: Entry): void => {
    let over = entries.size - maxEntries
    for (const old of entries.values()) {
      if (over <= 0) return
      if (old !== keep && isIdle(old)) {
        drop(old, 'lru')
        over--
      }
    }
  }

  return {
    // Unbounded, a hit stays one lookup: the order only matters under a bound.
    _touch(hash, create) {
      let entry = entries.get(hash)
      if (entry) {
        if (maxEntries === Infinity) return entry
        entries.delete(hash)
      } else entry = create()
      entries.set(hash, entry)
      if (entries.size > maxEntries) trim(entry)
      return entry
    },

    _settle(entry) {
      if (entry._removed) return
      if (isIdle(entry)) {
        clearTimeout(entry._gcTimer)
        if (gcTime !== Infinity) {
          entry._gcTimer = setTimeout(() => isIdle(entry) && drop(entry, 'gc'), gcTime)
          ;(entry._gcTimer as { unref?: () => void }).unref?.()
        }
      }
      // The bound holds whatever `entry` is: other idle entries still make room.
      trim()
    },

    _drop: drop,
  }
}
