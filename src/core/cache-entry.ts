import type { Fetcher, Snapshot } from './cache-types'
import type { Key } from './key'

// The state of one key. Field names are one letter on purpose: bundlers do
// not rename properties, and these are read on every path of the cache, so
// long names would be most of its bytes. Invariants:
// - `s` is frozen and replaced only when one of its fields changes;
// - `r` counts this cache's loads of the key whose fetcher runs here and
//   that have neither settled nor been aborted; `n` counts those plus the
//   callers waiting on a load that runs elsewhere (another tab, with
//   createTabGroup). `s.isFetching` is exactly `n > 0`;
// - `w` is the number (from the cache's one counter) of the load or `set`
//   whose result the entry holds: a load started earlier never overwrites
//   it, so a late answer can't replace newer data. It grows with every
//   write, so it also tells a caller whether anything landed since it began;
// - `z` is set when the entry leaves the cache (gc, LRU, clear): nothing
//   writes to it or notifies through it after that.
/** Entry: the cache's record for one key. */
export interface Entry {
  /** key */
  k: Key
  /** hash: `hashKey(k)` */
  readonly h: string
  /** snapshot */
  s: Snapshot<unknown>
  /** listeners: the subscribers, guarded; the entry is "observed" while this is not empty. */
  readonly l: Set<() => void>
  /** fetcher: the last one used, for reloads started by `invalidate`. */
  f: Fetcher<unknown> | undefined
  /** expiresAt: fresh while `now() < x`; -Infinity once invalidated or failed. */
  x: number
  /** delta: the last successful load's duration, XFetch's `delta`. */
  d: number
  /** written: the number of the write the entry holds. */
  w: number
  /** running: loads whose fetcher runs here. */
  r: number
  /** busy: `r` plus callers waiting on a load that runs elsewhere. */
  n: number
  /** The id of the newest flight started here, for `started`/`joined` events. */
  i: number
  /** background: controllers of the reloads the cache itself started. */
  readonly b: Set<AbortController>
  /** The gc timer. */
  t: ReturnType<typeof setTimeout> | undefined
  /** dead */
  z: boolean
}

/** IDLE: the snapshot of an entry with no data, no error and no load. */
export const IDLE: Snapshot<never> = /* @__PURE__ */ Object.freeze({
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
export const createEntry = (k: Key, h: string, l: Set<() => void> = new Set()): Entry => ({
  k,
  h,
  s: IDLE,
  l,
  f: undefined,
  x: -Infinity,
  d: 0,
  w: 0,
  r: 0,
  n: 0,
  i: 0,
  b: new Set(),
  t: undefined,
  z: false,
})

/**
 * guard wraps a listener: an error it throws is rethrown in a microtask
 * (reported like an uncaught error in an event handler), so one faulty
 * listener can neither stop the others nor leave the cache's bookkeeping half
 * done. A new function per call, so one listener added twice runs twice and
 * each registration is removed on its own.
 *
 * @example
 * entry.l.add(guard(() => listener()))
 */
export const guard =
  <A>(listener: (arg: A) => void) =>
  (arg?: A): void => {
    try {
      listener(arg as A)
    } catch (error) {
      queueMicrotask(() => {
        throw error
      })
    }
  }

/**
 * write sets the entry's snapshot to these fields, derives `isFetching` (and
 * the idle/pending status) from the load counters, and, only if a field
 * really changed, freezes a new snapshot and notifies the subscribers.
 *
 * @example
 * write(entry, 'success', user, undefined, now())
 */
export const write = (
  e: Entry,
  status: Snapshot<unknown>['status'],
  data: unknown,
  error: unknown,
  updatedAt: number,
): void => {
  if (e.z) return
  const prev = e.s
  const isFetching = e.n > 0
  // 'pending' means "first load running": it falls back to 'idle' when that
  // load is abandoned, and 'idle' turns 'pending' when a load begins.
  if (status === 'idle' || status === 'pending') status = isFetching ? 'pending' : 'idle'
  if (
    !Object.is(data, prev.data) ||
    !Object.is(error, prev.error) ||
    updatedAt !== prev.updatedAt ||
    status !== prev.status ||
    isFetching !== prev.isFetching
  ) {
    e.s = Object.freeze({ data, error, updatedAt, status, isFetching })
    for (const listener of e.l) listener()
  }
}

/**
 * commit refreshes the snapshot after the load counters changed.
 *
 * @example
 * entry.n++
 * commit(entry)
 */
export const commit = (e: Entry): void => write(e, e.s.status, e.s.data, e.s.error, e.s.updatedAt)
