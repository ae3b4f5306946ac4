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
 * trackResult copies `result` (and `extra`, e.g. a binding's functions) into
 * an object whose fields are its own enumerable getters, each recording its
 * name in `read` when used. A spread, `JSON.stringify` or a devtools panel
 * sees plain fields and nothing else; reading them counts as reading.
 *
 * @example
 * const { data } = trackResult(observer.getResult(), read, { refetch })
 * read.has('data') // true
 */
export const trackResult = <R extends ObserverResult<unknown>, E extends object>(
  result: R,
  read: Set<Field>,
  extra: E,
): R & E =>
  ({
    get data() {
      read.add('data')
      return result.data
    },
    get error() {
      read.add('error')
      return result.error
    },
    get status() {
      read.add('status')
      return result.status
    },
    get isLoading() {
      read.add('isLoading')
      return result.isLoading
    },
    get isFetching() {
      read.add('isFetching')
      return result.isFetching
    },
    get isPreviousData() {
      read.add('isPreviousData')
      return result.isPreviousData
    },
    get isPlaceholderData() {
      read.add('isPlaceholderData')
      return result.isPlaceholderData
    },
    get updatedAt() {
      read.add('updatedAt')
      return result.updatedAt
    },
    ...extra,
  }) as R & E
