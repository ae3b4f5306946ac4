import { Group, hashKey, type CallOptions, type FlightFn, type Key, type Settled } from '../core'
import { fail } from '../core/invalid'
import { RemoteReason, type Outcome } from './flight'
import { Hub, type TabDeps } from './hub'

/**
 * TabGroup: what `createTabGroup` returns; `Group`'s `do`/`settle`/`forget`
 * and `size`, so it can stand in for a Group (e.g. as `createCache`'s `group`).
 */
export interface TabGroup {
  /** do: as `Group#do`, with one flight per key across the tabs of the origin. */
  do<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<T>
  /** settle: as `Group#settle`; `shared` is true whenever the result came from another tab. */
  settle<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<Settled<T>>
  /** forget: as `Group#forget`, in this tab only; other tabs keep their flight. */
  forget(key: Key): void
  /** size: flights of this tab in progress. */
  readonly size: number
  /**
   * crossTab: false when Web Locks or BroadcastChannel are missing, or turned
   * out to be denied (a sandboxed iframe, an opaque origin), and the group
   * works in this tab only.
   */
  readonly crossTab: boolean
}

const unwrapValue = (outcome: Outcome): unknown => outcome.value

const unwrapReason = (reason: unknown): never => {
  throw reason instanceof RemoteReason ? reason.reason : reason
}

const toSettled = (settled: Settled<Outcome>): Settled<unknown> => {
  if (settled.status === 'fulfilled') {
    const { value, remote } = settled.value
    return Object.freeze({ status: 'fulfilled', value, shared: settled.shared || remote })
  }
  if (settled.reason instanceof RemoteReason) {
    return Object.freeze({ status: 'rejected', reason: settled.reason.reason, shared: true })
  }
  return settled
}

const checkFn = (fn: unknown): void => {
  if (typeof fn !== 'function') fail('fn: not a function')
}

/**
 * createTabGroupWith builds a cross-tab group named `name` on `deps` (the
 * browser's Web Locks and BroadcastChannel, or fakes in tests). Internal:
 * the public entry is `createTabGroup`.
 *
 * @example
 * const group = createTabGroupWith('app', { locks: navigator.locks, openChannel: (name) => new BroadcastChannel(name) })
 */
export const createTabGroupWith = (name: string, deps: TabDeps): TabGroup => {
  // The in-tab Group joins this tab's callers, keeps their signals apart and
  // aborts the flight's signal when every one of them has left; the hub
  // carries that one flight to the other tabs.
  const group = new Group()
  const hub = new Hub(name, deps)
  const across =
    (key: Key, fn: FlightFn<unknown>): FlightFn<Outcome> =>
    (signal) =>
      hub.fly(hashKey(key), fn, signal)
  return {
    get crossTab() {
      return hub.crossTab
    },
    get size() {
      return group.size
    },
    do<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<T> {
      checkFn(fn)
      return group.do(key, across(key, fn), options).then(unwrapValue, unwrapReason) as Promise<T>
    },
    settle<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<Settled<T>> {
      checkFn(fn)
      return group.settle(key, across(key, fn), options).then(toSettled) as Promise<Settled<T>>
    },
    forget(key: Key): void {
      group.forget(key)
    },
  }
}

/**
 * localTabGroup is the fallback where tabs cannot be reached: a plain in-tab
 * Group behind the TabGroup shape, with `crossTab` false.
 *
 * @example
 * const group = localTabGroup()
 * await group.do('me', () => 1) // 1
 */
export const localTabGroup = (): TabGroup => {
  const group = new Group()
  return {
    crossTab: false,
    get size() {
      return group.size
    },
    do: <T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<T> => group.do(key, fn, options),
    settle: <T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<Settled<T>> =>
      group.settle(key, fn, options),
    forget: (key: Key): void => group.forget(key),
  }
}
