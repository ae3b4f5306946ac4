import type { CacheEvent } from '../../../src/core'
import type { Deferred } from '../../deferred'

// The records of a model run and the reference model of one key.

/** Settings: the cache options a run draws. */
export interface Settings {
  staleTime: number
  gcTime: number
  maxEntries: number
}

/** Outcome: how a promise settled. */
export interface Outcome {
  ok: boolean
  value: unknown
}

/** Caller: one `cache.fetch` call. */
export interface Caller {
  id: number
  key: number
  controller: AbortController | undefined
  /** A call the cache makes as its own caller (internals' revalidate): it leaves with the key's last subscriber. */
  cache: boolean
  /** internals' firstData: waits for the entry (of this generation) to have data; never leaves. */
  firstData?: { generation: number; promise: Promise<unknown> }
  /** The load it started or joined; undefined for a fresh hit or an already-aborted signal. */
  load: Load | undefined
  /** Its signal aborted while it waited. */
  left: boolean
  /** How the model says its promise settles, once it must have. */
  expected: Outcome | undefined
  /** How it really settled. */
  outcome: Outcome | undefined
}

/** Load: one call of the fetcher. */
export interface Load {
  id: number
  key: number
  /** The key's entry generation it belongs to: it may write only to that entry. */
  generation: number
  /** Its place in the order of writes (loads by start, and sets). */
  sequence: number
  signal: AbortSignal
  answer: Deferred<unknown>
  /** A command settled its deferred. */
  answered: boolean
  state: 'running' | 'settled' | 'aborted'
  /** How it settled, once it did. */
  ok: boolean | undefined
  callers: Caller[]
  /** The cache's own caller (a reload on invalidate): present until the last subscriber left, a newer reload or clear. */
  cacheCaller: 'none' | 'present' | 'gone'
  /** A subscriber of its key was there since it started (the cache's caller leaves when the last one leaves). */
  observed: boolean
  /** A fetch of its key now would join it. */
  joinable: boolean
}

/** Subscriber: one `cache.subscribe` registration and the last snapshot it was told about. */
export interface Subscriber {
  id: number
  key: number
  active: boolean
  seen: unknown
  unsubscribe: () => void
}

/** KeyModel: the reference model of one key's entry. */
export interface KeyModel {
  exists: boolean
  generation: number
  kind: 'none' | 'success' | 'error'
  /** The base data (last server answer or set). */
  data: unknown
  error: unknown
  updatedAt: number
  /** The sequence of the write the entry holds: only a newer one may replace it. */
  writtenSequence: number
  /** The good write the data is fresh from; undefined once an error landed after it. */
  freshFrom: { sequence: number; at: number } | undefined
  /** The sequence counter at the last invalidate: writes at or below it are never fresh. */
  invalidatedSequence: number
  /** Whether the cache knows a fetcher for reloads. */
  fetcherKnown: 'yes' | 'no' | 'maybe'
  /** When the entry last turned idle (a lower bound for its gc timer's start). */
  becameIdleAt: number
  wasIdle: boolean
  /** When a command last touched the key (an upper bound for its gc timer's start). */
  lastTouched: number
  /** Its place in the least-recently-used order (fetch, set, subscribe, mutate and internals' calls use it). */
  lastUsed: number
}

/** Mutation: one `cache.mutate` call; its action waits on a deferred a command settles. */
export interface Mutation {
  id: number
  key: number
  generation: number
  answer: Deferred<unknown>
  answered: boolean
  state: 'running' | 'done'
  optimistic: boolean
  populate: boolean
  rollbackOnError: boolean
  /** What it revalidates on success: its key (the default), nothing, or every key. */
  revalidate: 'default' | 'none' | 'every key'
  /** How many times the cache called the action, and the signal it got. */
  calls: number
  actionSignal: AbortSignal | undefined
  /** The caller's signal; `aborted` once a command aborted it. */
  controller: AbortController | undefined
  aborted: boolean
  expected: Outcome | undefined
  outcome: Outcome | undefined
}

/** EventLog: what `cache.on` reported, which of it verify has read, and what it learnt of each flight. */
export interface EventLog {
  events: CacheEvent[]
  read: number
  started: Set<number>
  ended: Map<number, 'settled' | 'aborted'>
}
