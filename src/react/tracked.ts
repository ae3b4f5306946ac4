import { IDLE } from '../core/cache-entry'
import type { Snapshot } from '../core'
import type { Status } from './types'

/**
 * DATA, ERROR, STATUS, FETCHING: the bits a Tracker's `r` records, bit n
 * standing for field n of FIELDS.
 *
 * @example
 * if (tracker.r & DATA) compareData()
 */
export const DATA = 1
/** ERROR: see DATA. @example tracker.r |= ERROR */
export const ERROR = 2
/** STATUS: see DATA. @example tracker.r |= STATUS */
export const STATUS = 4
/** FETCHING: see DATA. @example tracker.r |= FETCHING */
export const FETCHING = 8
const FIELDS = ['data', 'error', 'status', 'isFetching'] as const

// IDLE, the snapshot of a disabled hook, is the cache's own idle snapshot.
export { IDLE }

/**
 * PENDING: the snapshot of an enabled key the cache knows nothing of yet.
 *
 * @example
 * select(hook, cache.get(key) ?? PENDING)
 */
export const PENDING: Snapshot<never> = /* @__PURE__ */ Object.freeze({ ...IDLE, status: 'pending' })

/**
 * Tracker: one hook's memory of the fields it read (`r`, DATA | ERROR | …),
 * of the cache's latest snapshot as of the last getSnapshot (`s`), and of
 * what getSnapshot last returned (`v`), which changes only when a field in
 * `r` changes: the one thing useSyncExternalStore compares.
 *
 * @example
 * const tracker: Tracker = { r: 0, s: undefined, v: IDLE }
 */
export interface Tracker {
  r: number
  s: Snapshot<unknown> | undefined
  v: Snapshot<unknown>
}

/**
 * select is the body of the hook's getSnapshot: it returns a new value only
 * when a field this component read differs, so React re-renders it for
 * nothing else. The fields themselves are read from `s`, never from the
 * possibly older `v`.
 *
 * @example
 * const getSnapshot = () => select(tracker, cache.get(key) ?? PENDING)
 */
export const select = (t: Tracker, next: Snapshot<unknown>): Snapshot<unknown> => {
  const prev = t.s
  if (next !== prev) {
    t.s = next
    if (!prev || FIELDS.some((field, bit) => t.r & (1 << bit) && !Object.is(prev[field], next[field]))) t.v = next
  }
  return t.v
}

/**
 * Actions: the result's functions, stable for a hook instance and key.
 *
 * @example
 * const actions: Actions<User> = { refetch: () => cache.fetch(key, getUser), mutate: (d) => cache.set(key, d) }
 */
export interface Actions<T> {
  refetch: () => Promise<T>
  mutate: (data: T | ((prev: T | undefined) => T)) => void
}

/**
 * Result is the hook's return value: prototype getters that record each
 * field read (a class, because an object literal with getters costs a
 * closure per field per render). Destructure it or read its fields: the
 * getters live on the prototype, so a spread does not copy them. `d` is the
 * data shown: the snapshot's, or with keepPreviousData the last key's.
 *
 * @example
 * const { data, isFetching } = new Result(hook, snapshot, snapshot.data)
 */
export class Result<T> {
  // Declared, not defined: class fields would run an initializer per render.
  declare private readonly t: Tracker
  declare private readonly s: Snapshot<unknown>
  declare private readonly d: T | undefined
  declare readonly refetch: () => Promise<T>
  declare readonly mutate: (data: T | ((prev: T | undefined) => T)) => void

  constructor(t: Tracker & Actions<T>, s: Snapshot<unknown>, d: T | undefined) {
    this.t = t
    this.s = s
    this.d = d
    this.refetch = t.refetch
    this.mutate = t.mutate
  }
  get data(): T | undefined {
    this.t.r |= DATA
    return this.d
  }
  get error(): unknown {
    this.t.r |= ERROR
    return this.s.error
  }
  get status(): Status {
    this.t.r |= STATUS
    return this.s.status
  }
  get isLoading(): boolean {
    this.t.r |= STATUS | DATA
    return this.s.status === 'pending' && this.d === undefined
  }
  get isFetching(): boolean {
    this.t.r |= FETCHING
    return this.s.isFetching
  }
  get isPreviousData(): boolean {
    this.t.r |= DATA
    return this.s.data === undefined && this.d !== undefined
  }
}
