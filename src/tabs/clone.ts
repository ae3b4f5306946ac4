// Which values cross tabs unchanged. BroadcastChannel sends a structured
// clone, which keeps data but not behaviour: a class instance arrives as a
// plain object without its methods, a Map subclass as a Map, an Error
// subclass as an Error, symbol-keyed and non-enumerable properties vanish.
// Such a value must not be sent: the other tabs would get something else
// than the leading tab's callers, with no error. Functions and symbols make
// the clone throw; they count as changed too.
//
// Kept: primitives; arrays and objects whose prototype is Array.prototype,
// Object.prototype or null (a null-prototype object arrives with
// Object.prototype, which changes no data); Date, RegExp, Boolean and Number
// objects, Map and Set (their entries checked), ArrayBuffer, typed
// arrays, DataView, Blob and File; built-in errors with no own property but
// message, stack and cause. Each must be of this realm and not a subclass:
// anything else is refused, which only costs the other tabs a call of fn.

type Kind = 'plain' | 'collection' | 'binary' | 'error' | 'atom'

const intrinsics = (): Map<unknown, Kind> => {
  const kinds = new Map<unknown, Kind>([
    [null, 'plain'],
    [Object.prototype, 'plain'],
    [Array.prototype, 'plain'],
    [Map.prototype, 'collection'],
    [Set.prototype, 'collection'],
    [Date.prototype, 'atom'],
    [RegExp.prototype, 'atom'],
    [Boolean.prototype, 'atom'],
    [Number.prototype, 'atom'],
    [ArrayBuffer.prototype, 'binary'],
    [DataView.prototype, 'binary'],
  ])
  const typed = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array]
  for (const Class of [...typed, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
    kinds.set(Class.prototype, 'binary')
  }
  for (const Class of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
    kinds.set(Class.prototype, 'error')
  }
  const scope = globalThis as { Blob?: { prototype: unknown }; File?: { prototype: unknown } }
  if (scope.Blob) kinds.set(scope.Blob.prototype, 'binary')
  if (scope.File) kinds.set(scope.File.prototype, 'binary')
  return kinds
}

let kinds: Map<unknown, Kind> | undefined
const ERROR_FIELDS = new Set<PropertyKey>(['message', 'stack', 'cause'])

// True when every own property is an enumerable string-keyed one: the clone
// keeps exactly those.
const onlyEnumerableStrings = (object: object): boolean => {
  const names = Object.getOwnPropertyNames(object)
  if (Object.getOwnPropertySymbols(object).length > 0) return false
  for (const name of names) {
    if (!Object.prototype.propertyIsEnumerable.call(object, name) && !(Array.isArray(object) && name === 'length')) {
      return false
    }
  }
  return true
}

/**
 * survivesClone tells whether the structured clone of `value` is the same
 * data of the same kinds, at every depth: what another tab would receive is
 * what this tab's callers get. Shared and cyclic references are fine (the
 * clone keeps them). It walks with its own stack, so deep data cannot
 * overflow the call stack.
 *
 * @example
 * survivesClone({ id: 1, tags: new Set(['a']) }) // true
 * survivesClone(new User('ada')) // false: it would arrive without its methods
 */
export const survivesClone = (value: unknown): boolean => {
  kinds ??= intrinsics()
  const seen = new Set<object>()
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    const type = typeof item
    if (type === 'function' || type === 'symbol') return false
    if (type !== 'object' || item === null) continue
    const object = item as object
    if (seen.has(object)) continue
    seen.add(object)
    const kind = kinds.get(Object.getPrototypeOf(object))
    if (kind === undefined) return false
    if (kind === 'plain') {
      if (!onlyEnumerableStrings(object)) return false
      for (const name of Object.keys(object)) pending.push((object as Record<string, unknown>)[name])
    } else if (kind === 'error') {
      if (!Reflect.ownKeys(object).every((name) => ERROR_FIELDS.has(name))) return false
      pending.push((object as Error).cause)
    } else if (kind === 'binary') {
      // Cloned from their internal data. Own symbols are not looked at: some
      // platforms keep that data in them (Node's Blob); typed arrays list
      // their indices as own names, so only other objects are checked for them.
      if (!ArrayBuffer.isView(object) && Object.keys(object).length > 0) return false
    } else {
      // A RegExp's own lastIndex is not enumerable (and is reset by the clone).
      if (Object.keys(object).length > 0 || Object.getOwnPropertySymbols(object).length > 0) return false
      if (object instanceof Map) for (const [key, entry] of object) pending.push(key, entry)
      else if (object instanceof Set) for (const entry of object) pending.push(entry)
    }
  }
  return true
}
