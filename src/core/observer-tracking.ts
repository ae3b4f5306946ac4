import type { ObserverResult } from './observer-types'

/**
 * Field: the name of one field of an observer's result.
 *
 * @example
 * tracker._read('data')
 */
export type Field = keyof ObserverResult<unknown>

const FIELDS: readonly Field[] = [
  'data',
  'error',
  'status',
  'isLoading',
  'isFetching',
  'isPreviousData',
  'isPlaceholderData',
  'updatedAt',
]
// One bit per field, in FIELDS order.
const BITS = /* @__PURE__ */ new Map<string | symbol, number>(FIELDS.map((field, index) => [field, 1 << index]))

/**
 * Tracker: the Proxy handler of one component's tracked results (`trackResult`).
 * Every field read sets the field's bit in `_readFields` (a number, so a
 * thousand mounted components keep no set each); `_differs` then tells
 * whether a new result changes one of them: a binding that re-renders only
 * then re-renders a component only for what it used.
 *
 * @example
 * const tracker = new Tracker()
 * const { data } = trackResult(observer.getResult(), tracker, { refetch })
 * tracker._differs(shown, observer.getResult()) // whether `data` changed
 */
export class Tracker implements ProxyHandler<object> {
  _readFields = 0

  // The Proxy's get trap (called with the handler as `this`).
  get(target: object, name: string | symbol): unknown {
    this._readFields |= BITS.get(name) ?? 0
    return Reflect.get(target, name)
  }

  /** Counts `field` as read. */
  _read(field: Field): void {
    this._readFields |= BITS.get(field)!
  }

  /** Whether `next` differs from `shown` in a field read so far. */
  _differs(shown: ObserverResult<unknown>, next: ObserverResult<unknown>): boolean {
    for (let index = 0; index < FIELDS.length; index++) {
      const field = FIELDS[index]!
      if (this._readFields & (1 << index) && !Object.is(shown[field], next[field])) return true
    }
    return false
  }
}

/**
 * TrackedFunctions: what a binding adds to its results beside the fields.
 *
 * @example
 * const functions: TrackedFunctions = { refetch: () => observer.refetch(), mutate: (data) => cache.set(key, data) }
 */
export interface TrackedFunctions {
  refetch: (options?: { cancelRefetch?: boolean }) => Promise<unknown>
  mutate: (data: never) => void
}

/**
 * trackResult copies `result`'s fields and a binding's `functions` into a
 * plain object, behind a Proxy whose handler `tracker` records each field
 * read. The fields are the object's own enumerable properties: a spread,
 * `JSON.stringify` or a devtools panel sees them and nothing else, and
 * reading them counts as reading. (Getters would do the same, but an object
 * literal with per-object getter closures costs V8 a new hidden class each,
 * about 100 times a Proxy.)
 *
 * @example
 * const { data } = trackResult(observer.getResult(), tracker, functions)
 */
export const trackResult = <S, F extends TrackedFunctions>(
  result: ObserverResult<S>,
  tracker: Tracker,
  functions: F,
): ObserverResult<S> & F => {
  // One literal of every property: built in one shape, not grown by an assign.
  const tracked: ObserverResult<S> & TrackedFunctions = {
    data: result.data,
    error: result.error,
    status: result.status,
    isLoading: result.isLoading,
    isFetching: result.isFetching,
    isPreviousData: result.isPreviousData,
    isPlaceholderData: result.isPlaceholderData,
    updatedAt: result.updatedAt,
    refetch: functions.refetch,
    mutate: functions.mutate,
  }
  return new Proxy(tracked, tracker) as ObserverResult<S> & F
}
