import type { Key } from './key'

/**
 * copyKey returns a deep, frozen copy of a valid key (one `hashKey`
 * accepted), so a caller mutating its own key object later changes nothing
 * in the cache. Strings, numbers, booleans and null are returned as they are.
 *
 * @example
 * const own = copyKey(filters) // later filters.page = 2 leaves `own` alone
 */
export const copyKey = (key: Key): Key => {
  if (typeof key !== 'object' || key === null) return key
  if (Array.isArray(key)) return Object.freeze(key.map(copyKey))
  const copy: Record<string, Key> = {}
  for (const name of Object.keys(key)) {
    const item = (key as Record<string, Key>)[name]
    // hashKey skips undefined values, so the copy may too.
    if (item === undefined) continue
    if (name === '__proto__') Object.defineProperty(copy, name, { value: copyKey(item), enumerable: true })
    else copy[name] = copyKey(item)
  }
  return Object.freeze(copy)
}
