import type { ObserverResult } from './observer-types'

/**
 * Field: the name of one field of an observer's result.
 *
 * @example
 * const read = new Set<Field>(['data'])
 */
export type Field = keyof ObserverResult<unknown>

/**
 * differsIn tells whether `next` differs from `shown` in one of the fields
 * in `read`: a binding that re-renders only then re-renders a component only
 * for what it used.
 *
 * @example
 * if (differsIn(read, shown, observer.getResult())) rerender()
 */
export const differsIn = (read: ReadonlySet<Field>, shown: ObserverResult<unknown>, next: ObserverResult<unknown>) => {
  for (const field of read) if (!Object.is(shown[field], next[field])) return true
  return false
}

/**
 * Tracking: what a tracked result reads from: the current result, and the
 * set of fields read so far.
 *
 * @example
 * const tracking: Tracking = { _result: observer.getResult(), _read: new Set() }
 */
export interface Tracking {
  _result: ObserverResult<unknown>
  readonly _read: Set<Field>
}

/**
 * trackResult makes an object whose result fields are its own enumerable
 * getters: each returns that field of `tracking._result` and records its
 * name in `tracking._read`. `extra` (e.g. a binding's functions) is copied
 * in. A spread, `JSON.stringify` or a devtools panel sees plain fields and
 * nothing else; reading them counts as reading. Made once per binding:
 * replacing `tracking._result` changes what it shows, at no cost.
 *
 * @example
 * const result = trackResult(tracking, { refetch })
 * result.data
 * tracking._read.has('data') // true
 */
export const trackResult = <E extends object>(tracking: Tracking, extra: E): ObserverResult<unknown> & E => {
  const read = tracking._read
  return {
    get data() {
      read.add('data')
      return tracking._result.data
    },
    get error() {
      read.add('error')
      return tracking._result.error
    },
    get status() {
      read.add('status')
      return tracking._result.status
    },
    get isLoading() {
      read.add('isLoading')
      return tracking._result.isLoading
    },
    get isFetching() {
      read.add('isFetching')
      return tracking._result.isFetching
    },
    get isPreviousData() {
      read.add('isPreviousData')
      return tracking._result.isPreviousData
    },
    get isPlaceholderData() {
      read.add('isPlaceholderData')
      return tracking._result.isPlaceholderData
    },
    get updatedAt() {
      read.add('updatedAt')
      return tracking._result.updatedAt
    },
    ...extra,
  }
}
