/**
 * Key: what identifies a flight. Strings, finite numbers, booleans, null, and
 * arrays or plain objects of those, nested to any depth.
 */
export type Key =
  | string
  | number
  | boolean
  | null
  | readonly Key[]
  | { readonly [k: string]: Key }

const fail = (problem: string, path: string): never => {
  throw new TypeError(`singleflight: invalid key: ${problem} at ${path || 'the top level'}`)
}

// `seen` holds the objects on the current path only, so a shared (non-cyclic)
// sub-object is fine while a cycle is reported.
const encode = (value: unknown, path: string, seen: object[]): string => {
  const type = typeof value
  if (type === 'string') return JSON.stringify(value)
  // String(-0) is "0": 0 and -0 are equal keys, as they are under ===.
  if (type === 'number') return Number.isFinite(value) ? String(value) : fail(`the non-finite number ${value}`, path)
  if (type === 'boolean' || value === null) return String(value)
  if (type !== 'object') return fail(value === undefined ? 'undefined' : `a ${type}`, path)
  const object = value as Record<string, unknown>
  if (seen.includes(object)) return fail('a cycle', path)
  seen.push(object)
  let out: string
  if (Array.isArray(object)) {
    // Array.from visits holes as undefined, which is then reported.
    out = `[${Array.from(object, (item, i) => encode(item, `${path}[${i}]`, seen))}]`
  } else {
    const proto = Object.getPrototypeOf(object)
    // A plain object's prototype is Object.prototype (of any realm) or null.
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      fail(`an instance of ${proto.constructor?.name || 'a class'}`, path)
    }
    if (Object.getOwnPropertySymbols(object).length) fail('a symbol-named property', path)
    // Sorted names make property order irrelevant; undefined values are
    // skipped as JSON.stringify does, so { a: 1, b: undefined } equals { a: 1 }.
    out = `{${Object.keys(object)
      .sort()
      .filter((name) => object[name] !== undefined)
      .map((name) => `${JSON.stringify(name)}:${encode(object[name], `${path}.${name}`, seen)}`)}}`
  }
  seen.pop()
  return out
}

/**
 * hashKey returns the canonical string of a key: two keys get the same string
 * exactly when they are equal. Object property order does not matter, and
 * `1`, `'1'`, `true`, `'true'`, `['a']` and `'a'` all differ.
 *
 * @throws TypeError naming the problem for functions, symbols, bigints,
 * undefined (top level or in an array), non-finite numbers, class instances
 * (Date, Map, …) and cycles.
 * @example
 * hashKey(['user', { id: 1, tab: 'posts' }]) === hashKey(['user', { tab: 'posts', id: 1 }]) // true
 */
export const hashKey = (key: Key): string => encode(key, '', [])
