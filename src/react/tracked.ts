import type { Snapshot } from '../core'

/**
 * Status: where a key's load stands, as the hook reports it.
 *
 * @example
 * const label = (s: Status) => (s === 'pending' ? 'loading…' : s)
 */
export type Status = 'idle' | 'pending' | 'success' | 'error'

/**
 * DATA, ERROR, STATUS, FETCHING: the bits a Tracker's `read` records.
 *
 * @example
 * if (tracker.read & DATA) compareData()
 */
export const DATA = 1
/** ERROR: see DATA. @example tracker.read |= ERROR */
export const ERROR = 2
/** STATUS: see DATA. @example tracker.read |= STATUS */
export const STATUS = 4
/** FETCHING: see DATA. @example tracker.read |= FETCHING */
export const FETCHING = 8

/**
 * IDLE: the snapshot of a disabled hook.
 *
 * @example
 * select(hook, IDLE) // what a hook with a null key shows
 */
export const IDLE: Snapshot<never> = Object.freeze({
  data: undefined, error: undefined, status: 'idle', updatedAt: 0, isFetching: false,
})
/**
 * PENDING: the snapshot of an enabled key the cache knows nothing of yet.
 *
 * @example
 * select(hook, cache.get(key) ?? PENDING)
 */
export const PENDING: Snapshot<never> = Object.freeze({ ...IDLE, status: 'pending' })

/**
 * Tracker: one hook's memory of the fields it read and of what it last gave React.
 *
 * @example
 * const tracker: Tracker = { read: 0, source: undefined, view: IDLE }
 */
export interface Tracker {
  read: number
  // The cache's latest snapshot, as of the last getSnapshot call.
  source: Snapshot<unknown> | undefined
  // What getSnapshot returns: changes only when a field in `read` changes,
  // which is the one thing useSyncExternalStore compares.
  view: Snapshot<unknown>
}

/**
 * select is the body of the hook's getSnapshot: it returns a new value only
 * when a field this component read differs, so React re-renders it for
 * nothing else. The fields themselves are read from `source`, never from
 * the possibly older `view`.
 *
 * @example
 * const getSnapshot = () => select(tracker, cache.get(key) ?? PENDING)
 */
export const select = (tracker: Tracker, next: Snapshot<unknown>): Snapshot<unknown> => {
  const prev = tracker.source
  if (next === prev) return tracker.view
  tracker.source = next
  const read = tracker.read
  if (
    !prev ||
    (read & DATA && !Object.is(prev.data, next.data)) ||
    (read & ERROR && !Object.is(prev.error, next.error)) ||
    (read & STATUS && prev.status !== next.status) ||
    (read & FETCHING && prev.isFetching !== next.isFetching)
  ) {
    tracker.view = next
  }
  return tracker.view
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
 * getters live on the prototype, so a spread does not copy them.
 *
 * @example
 * const { data, isFetching } = new Result(tracker, snapshot, snapshot.data, false, actions)
 */
export class Result<T> {
  // Declared, not defined: class fields would run an initializer per render.
  declare private readonly t: Tracker
  declare private readonly s: Snapshot<unknown>
  declare private readonly d: T | undefined
  declare private readonly p: boolean
  declare readonly refetch: () => Promise<T>
  declare readonly mutate: (data: T | ((prev: T | undefined) => T)) => void

  constructor(tracker: Tracker, snapshot: Snapshot<unknown>, data: T | undefined, previous: boolean, actions: Actions<T>) {
    this.t = tracker
    this.s = snapshot
    this.d = data
    this.p = previous
    this.refetch = actions.refetch
    this.mutate = actions.mutate
  }
  get data(): T | undefined {
    this.t.read |= DATA
    return this.d
  }
  get error(): unknown {
    this.t.read |= ERROR
    return this.s.error
  }
  get status(): Status {
    this.t.read |= STATUS
    return this.s.status
  }
  get isLoading(): boolean {
    this.t.read |= STATUS | DATA
    return this.s.status === 'pending' && this.d === undefined
  }
  get isFetching(): boolean {
    this.t.read |= FETCHING
    return this.s.isFetching
  }
  get isPreviousData(): boolean {
    this.t.read |= DATA
    return this.p
  }
}
