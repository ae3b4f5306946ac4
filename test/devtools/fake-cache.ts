import { hashKey, type CacheEvent, type EntryInfo, type Key, type Snapshot } from '../../src/core'
import type { DevtoolsTarget } from '../../src/devtools'

// Distributes Omit over the event union, so each event keeps its own fields.
type EventInput = CacheEvent extends infer E ? (E extends CacheEvent ? Omit<E, 'hash'> : never) : never

/**
 * FakeCache: a stand-in that speaks the cache's devtools protocol (inspect,
 * on, invalidate, remove) and records what the panel asked of it.
 */
export interface FakeCache extends DevtoolsTarget {
  /** Entries `inspect()` lists, by hash. */
  entries: Map<string, EntryInfo>
  /** How often `inspect()` ran. */
  inspected: number
  /** Keys passed to invalidate and remove, in order. */
  calls: { action: 'invalidate' | 'remove'; key: Key }[]
  /** Sends an event to every listener (the hash is filled in). */
  emit(event: EventInput): void
  /** Puts an entry with the given snapshot fields. */
  put(key: Key, snapshot: Partial<Snapshot<unknown>>, extra?: Partial<EntryInfo>): void
  listeners: Set<(event: CacheEvent) => void>
}

export const fakeCache = (): FakeCache => {
  const fake: FakeCache = {
    entries: new Map(),
    inspected: 0,
    calls: [],
    listeners: new Set(),
    inspect() {
      fake.inspected += 1
      return [...fake.entries.values()]
    },
    on(listener) {
      fake.listeners.add(listener)
      return () => fake.listeners.delete(listener)
    },
    invalidate(key) {
      fake.calls.push({ action: 'invalidate', key: key as Key })
    },
    remove(key) {
      fake.calls.push({ action: 'remove', key })
      fake.entries.delete(hashKey(key))
    },
    emit(event) {
      const full = { ...event, hash: hashKey(event.key) } as CacheEvent
      for (const listener of fake.listeners) listener(full)
    },
    put(key, snapshot, extra = {}) {
      const hash = hashKey(key)
      fake.entries.set(hash, {
        key,
        hash,
        snapshot: { data: undefined, error: undefined, updatedAt: 0, status: 'idle', isFetching: false, ...snapshot },
        observers: 0,
        staleAt: -Infinity,
        mutations: 0,
        ...extra,
      })
    },
  }
  return fake
}
