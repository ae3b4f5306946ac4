import { call } from './cache-events'
import type { Fetcher, Snapshot } from './cache-types'
import type { Key } from './key'

// The state of one key. Invariants:
// - `snapshot` is frozen and replaced only when one of its fields changes;
// - `flights` counts this cache's loads of the key whose fetcher runs here
//   and that have neither settled nor been aborted; `waiting` counts callers
//   waiting on a load that runs elsewhere (another tab, with createTabGroup).
//   `snapshot.isFetching` is exactly `flights + waiting > 0`;
// - `written` is the number (from the cache's one counter) of the load or
//   `set` whose result the entry holds: a load started earlier never
//   overwrites it, so a late answer can't replace newer data;
// - `dead` is set when the entry leaves the cache (gc, LRU, clear): nothing
//   writes to it or notifies through it after that.
/** Entry: the cache's record for one key. */
export interface Entry {
  key: Key
  readonly hash: string
  snapshot: Snapshot<unknown>
  /** Subscribers; the entry is "observed" while this is not empty. */
  readonly listeners: Set<() => void>
  /** The last fetcher used, for reloads started by `invalidate`. */
  fetcher: Fetcher<unknown> | undefined
  /** Fresh while `now() < expiresAt`; -Infinity once invalidated or failed. */
  expiresAt: number
  /** The last successful load's duration: XFetch's `delta`. */
  delta: number
  written: number
  /** Bumped on every write; lets a caller see whether anything landed since it began. */
  version: number
  flights: number
  waiting: number
  /** The id of the newest flight started here, for `joined` events. */
  newest: number
  /** Controllers of the background reloads the cache itself started. */
  readonly background: Set<AbortController>
  gcTimer: ReturnType<typeof setTimeout> | undefined
  dead: boolean
}

/** IDLE: the snapshot of an entry with no data, no error and no load. */
export const IDLE: Snapshot<never> = Object.freeze({
  data: undefined,
  error: undefined,
  updatedAt: 0,
  status: 'idle',
  isFetching: false,
})

/**
 * createEntry makes the record of a key nobody has loaded yet (`listeners`:
 * the subscribers it inherits when `clear` replaces an observed entry).
 *
 * @example
 * const entry = createEntry(['user', 1], hashKey(['user', 1]))
 */
export const createEntry = (key: Key, hash: string, listeners: Set<() => void> = new Set()): Entry => ({
  key,
  hash,
  snapshot: IDLE,
  listeners,
  fetcher: undefined,
  expiresAt: -Infinity,
  delta: 0,
  written: 0,
  version: 0,
  flights: 0,
  waiting: 0,
  newest: 0,
  background: new Set(),
  gcTimer: undefined,
  dead: false,
})

/**
 * commit applies `changes` to the entry's snapshot, derives `isFetching` and
 * the idle/pending status from the load counters, and, only if a field really
 * changed (Object.is), freezes a new snapshot and notifies the subscribers.
 *
 * @example
 * commit(entry, { data: user, error: undefined, status: 'success', updatedAt: now() })
 */
export const commit = (entry: Entry, changes?: Partial<Snapshot<unknown>>): void => {
  if (entry.dead) return
  const prev = entry.snapshot
  const isFetching = entry.flights + entry.waiting > 0
  let status = changes?.status ?? prev.status
  // 'pending' means "first load running": it falls back to 'idle' when that
  // load is abandoned, and 'idle' turns 'pending' when a load begins.
  if (status === 'idle' && isFetching) status = 'pending'
  else if (status === 'pending' && !isFetching) status = 'idle'
  const next: Snapshot<unknown> = {
    data: changes && 'data' in changes ? changes.data : prev.data,
    error: changes && 'error' in changes ? changes.error : prev.error,
    updatedAt: changes?.updatedAt ?? prev.updatedAt,
    status,
    isFetching,
  }
  if (
    Object.is(next.data, prev.data) &&
    Object.is(next.error, prev.error) &&
    next.updatedAt === prev.updatedAt &&
    next.status === prev.status &&
    next.isFetching === prev.isFetching
  ) {
    return
  }
  entry.snapshot = Object.freeze(next)
  for (const listener of entry.listeners) call(listener)
}

/**
 * freshFor draws one fresh window: `staleTime × (1 ± jitter)`, uniform, so
 * entries loaded together expire spread over the window instead of at once.
 *
 * @example
 * freshFor(60_000, 0.1, Math.random) // somewhere in [54_000, 66_000)
 */
export const freshFor = (staleTime: number, jitter: number, random: () => number): number =>
  jitter === 0 || staleTime === Infinity ? staleTime : staleTime * (1 + jitter * (2 * random() - 1))

/**
 * refreshEarly is XFetch (Vattani, Chierichetti, Lowenstein, VLDB 2015): true
 * when `now − delta·beta·ln(random()) ≥ expiry`. The closer the expiry and the
 * longer the last load took, the likelier; with steady traffic one caller
 * triggers the reload ahead of expiry and nobody meets a miss.
 *
 * @example
 * refreshEarly(9_900, 10_000, 500, 1, Math.random) // true with probability e^(−100/500) ≈ 0.82
 */
export const refreshEarly = (now: number, expiresAt: number, delta: number, beta: number, random: () => number): boolean =>
  beta > 0 && delta > 0 && now - delta * beta * Math.log(random()) >= expiresAt
