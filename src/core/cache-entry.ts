import type { Fetcher, Snapshot } from './cache-types'
import type { Key } from './key'

/**
 * Layer: the optimistic edit of one running mutation, applied over the
 * entry's base data in start order.
 *
 * @example
 * const layer: Layer = { _mutationId: 1, _apply: (user) => ({ ...user, name: 'Ada' }) }
 */
export interface Layer {
  readonly _mutationId: number
  readonly _apply: ((current: unknown) => unknown) | undefined
}

/**
 * Entry: the cache's record of one key. Fields start with `_` so the build
 * can shorten them (esbuild `mangleProps`). Invariants:
 * - `_snapshot` is frozen and replaced only when one of its fields changes;
 *   its `data` is `_base` with every layer of `_layers` applied in order;
 * - `_running` counts this cache's loads of the key whose fetcher runs here
 *   and that have neither settled nor been aborted; `_busy` counts those plus
 *   the callers waiting on a load that runs elsewhere (another tab with
 *   createTabGroup). `_snapshot.isFetching` is exactly `_busy > 0`;
 * - `_written` is the number (from the cache's one counter, which numbers
 *   every load at its start and every write) of the load or write whose
 *   result `_base` holds: a load started earlier never overwrites it;
 * - `_invalidated` is the counter's value at the last `invalidate`: a load
 *   numbered at or below it may still write its answer but never makes the
 *   entry fresh;
 * - `_removed` is set when the entry leaves the cache (gc, LRU, clear,
 *   remove): nothing writes to it or notifies through it after that.
 */
export interface Entry {
  /** The cache's own frozen copy of the key. */
  readonly _key: Key
  readonly _hash: string
  _snapshot: Snapshot<unknown>
  /** The subscribers, guarded; the entry is "observed" while this is not empty. */
  readonly _listeners: Set<() => void>
  /** The last fetcher used, for reloads the cache starts itself. */
  _fetcher: Fetcher<unknown> | undefined
  /** The last server answer or `set`, under the optimistic layers. */
  _base: unknown
  /** Running mutations' optimistic edits, in start order. */
  _layers: Layer[]
  /** Fresh while `now() < _freshUntil`; -Infinity when never loaded, invalidated or failed. */
  _freshUntil: number
  /** The last successful load's duration: XFetch's delta. */
  _lastDuration: number
  _written: number
  _invalidated: number
  _running: number
  _busy: number
  /** The id of the newest flight started here, for `started`/`joined` events. */
  _flightId: number
  /** Controllers of the loads the cache runs as its own caller (background reloads, observers' loads). */
  readonly _ownLoads: Set<AbortController>
  /** The cache's own load observers join while it runs. */
  _ownLoad: Promise<unknown> | undefined
  /** The promise suspense waits on while the key has no data. */
  _firstData: FirstData | undefined
  _gcTimer: ReturnType<typeof setTimeout> | undefined
  _removed: boolean
}

/** FirstData: a promise with its settle functions, for `internals.firstData`. */
export interface FirstData {
  readonly _promise: Promise<unknown>
  readonly _resolve: (data: unknown) => void
  readonly _reject: (error: unknown) => void
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
 * createEntry makes the record of a key nobody has loaded yet; `listeners`
 * are the subscribers it inherits when `clear` or `remove` replaces an
 * observed entry.
 *
 * @example
 * const entry = createEntry(copyKey(['user', 1]), hashKey(['user', 1]))
 */
export const createEntry = (key: Key, hash: string, listeners: Set<() => void> = new Set()): Entry => ({
  _key: key,
  _hash: hash,
  _snapshot: IDLE,
  _listeners: listeners,
  _fetcher: undefined,
  _base: undefined,
  _layers: [],
  _freshUntil: -Infinity,
  _lastDuration: 0,
  _written: 0,
  _invalidated: 0,
  _running: 0,
  _busy: 0,
  _flightId: 0,
  _ownLoads: new Set(),
  _ownLoad: undefined,
  _firstData: undefined,
  _gcTimer: undefined,
  _removed: false,
})

/**
 * guard wraps a listener: an error it throws is rethrown in a microtask
 * (reported like an uncaught error in an event handler), so one faulty
 * listener can neither stop the others nor leave the cache's bookkeeping
 * half done. A new function per call, so one listener added twice runs
 * twice and each registration is removed on its own.
 *
 * @example
 * entry._listeners.add(guard(() => listener()))
 */
export const guard =
  <A>(listener: (argument: A) => void) =>
  (argument?: A): void => {
    try {
      listener(argument as A)
    } catch (error) {
      reportLater(error)
    }
  }

/**
 * reportLater rethrows `error` in a microtask, where the platform reports it
 * as uncaught, without interrupting the caller.
 *
 * @example
 * try { listener() } catch (error) { reportLater(error) }
 */
export const reportLater = (error: unknown): void =>
  queueMicrotask(() => {
    throw error
  })
