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
 * trackingHandler returns the Proxy handler of a binding's tracked results:
 * every property read records its name in `read`.
 *
 * @example
 * const handler = trackingHandler(read)
 */
export const trackingHandler = (read: Set<Field>): ProxyHandler<object> => ({
  get(target, name) {
    read.add(name as Field)
    return Reflect.get(target, name)
  },
})

/**
 * trackResult copies `result`'s fields and `extra`'s (e.g. a binding's
 * functions) into a plain object, behind a Proxy whose `handler` (from
 * `trackingHandler`) records each field read. The fields are the object's
 * own enumerable properties: a spread, `JSON.stringify` or a devtools panel
 * sees them and nothing else, and reading them counts as reading. (Getters
 * would do the same, but an object literal with per-object getter closures
 * costs V8 a new hidden class each, about 100 times a Proxy.)
 *
 * @example
 * const { data } = trackResult(observer.getResult(), trackingHandler(read), { refetch })
 * read.has('data') // true
 */
export const trackResult = <S, E extends object>(
  result: ObserverResult<S>,
  handler: ProxyHandler<object>,
  extra: E,
): ObserverResult<S> & E => {
  const fields: ObserverResult<S> = {
    data: result.data,
    error: result.error,
    status: result.status,
    isLoading: result.isLoading,
    isFetching: result.isFetching,
    isPreviousData: result.isPreviousData,
    isPlaceholderData: result.isPlaceholderData,
    updatedAt: result.updatedAt,
  }
  return new Proxy(Object.assign(fields, extra), handler) as ObserverResult<S> & E
}
