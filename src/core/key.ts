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

const fail = (problem: string, path: string[]): never => {
  throw new TypeError(
    `singleflight: invalid key: ${problem} at ${path.length ? path.join('') : 'the top level'}` +
      ' (a key is a string, finite number, boolean, null, or an array or plain object of those)',
  )
}

// `seen` holds the objects on the current path only, so a shared (non-cyclic)
// sub-object is fine while a cycle is reported.
const encode = (value: unknown, path: string[], seen: object[]): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      // String(-0) is "0": 0 and -0 are equal keys, as they are under ===.
      return Number.isFinite(value) ? String(value) : fail(`the non-finite number ${value}`, path)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      return fail(value === undefined ? 'undefined' : `a ${typeof value}`, path)
  }
  if (value === null) return 'null'
  if (seen.includes(value)) return fail('a cycle', path)
  seen.push(value)
  let out: string
  if (Array.isArray(value)) {
    out = '['
    for (let i = 0; i < value.length; i++) {
      path.push(`[${i}]`)
      out += (i ? ',' : '') + encode(value[i], path, seen)
      path.pop()
    }
    out += ']'
  } else {
    const proto = Object.getPrototypeOf(value)
    // A plain object's prototype is Object.prototype (of any realm) or null.
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      fail(`an instance of ${proto.constructor?.name || 'a class'}`, path)
    }
    if (Object.getOwnPropertySymbols(value).length) fail('a symbol-named property', path)
    const record = value as Record<string, unknown>
    out = '{'
    // Sorted names make property order irrelevant; undefined values are
    // skipped as JSON.stringify does, so { a: 1, b: undefined } equals { a: 1 }.
    for (const name of Object.keys(record).sort()) {
      if (record[name] === undefined) continue
      path.push(`.${name}`)
      out += (out.length > 1 ? ',' : '') + JSON.stringify(name) + ':' + encode(record[name], path, seen)
      path.pop()
    }
    out += '}'
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
export const hashKey = (key: Key): string => encode(key, [], [])
