// Structural sharing: an answer equal to the data held keeps its identity.

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype
}

/**
 * shareStructure returns `next`, except that every sub-tree deep-equal to
 * the one at the same place in `previous` is `previous`'s own object: equal
 * data keeps its reference (nobody re-renders for it), and a change keeps
 * the references of everything it did not touch. Only plain objects and
 * arrays are compared; anything else (dates, maps, class instances) is
 * taken from `next` unless identical.
 *
 * @example
 * const next = shareStructure(previous, await response.json())
 * next === previous // when nothing changed
 */
export const shareStructure = (previous: unknown, next: unknown): unknown => {
  if (Object.is(previous, next)) return previous
  const arrays = Array.isArray(previous) && Array.isArray(next)
  if (!arrays && !(isPlainObject(previous) && isPlainObject(next))) return next
  const before = previous as Record<string, unknown>
  const after = next as Record<string, unknown>
  const names = arrays ? null : Object.keys(after)
  const length = arrays ? (after as unknown as unknown[]).length : names!.length
  let same = length === (arrays ? (before as unknown as unknown[]).length : Object.keys(before).length)
  const result: Record<string, unknown> = arrays ? (new Array(length) as never) : {}
  for (let index = 0; index < length; index++) {
    const name = arrays ? index : names![index]!
    const shared = Object.hasOwn(before, name) ? shareStructure(before[name], after[name]) : after[name]
    if (!Object.is(shared, before[name])) same = false
    // A JSON answer may hold an own "__proto__": kept as data, never as the prototype.
    if (name === '__proto__')
      Object.defineProperty(result, name, { value: shared, enumerable: true, writable: true, configurable: true })
    else result[name] = shared
  }
  return same ? previous : result
}
