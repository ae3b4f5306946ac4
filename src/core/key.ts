import { fail } from './invalid'

/**
 * Key: what identifies a flight. Strings, finite numbers, booleans, null, and
 * arrays or plain objects of those, nested to any depth.
 */
export type Key = string | number | boolean | null | readonly Key[] | { readonly [k: string]: Key }

const invalidPart = (problem: unknown): never => fail(`key part: ${problem}`)

// `seen` holds the objects on the current path only, so a shared (non-cyclic)
// sub-object is fine while a cycle is reported.
const encode = (value: unknown, seen: object[]): string => {
  const type = typeof value
  if (type === 'string') return JSON.stringify(value)
  // String(-0) is "0": 0 and -0 are equal keys, as they are under ===.
  if (type === 'number' ? isFinite(value as number) : type === 'boolean' || value === null) return String(value)
  // A non-finite number is named by its value (NaN, -Infinity), anything else by its type.
  if (type !== 'object') return invalidPart(type === 'number' ? value : type)
  const object = value as Record<string, unknown> & unknown[]
  if (seen.includes(object)) return invalidPart('cycle')
  seen.push(object)
  const array = Array.isArray(object)
  const proto = Object.getPrototypeOf(object)
  // A plain array's prototype is an array (Array.prototype of any realm); a
  // plain object's is Object.prototype (of any realm) or null. Anything else
  // is a class instance, Array subclasses included.
  if (array ? !Array.isArray(proto) : proto && Object.getPrototypeOf(proto)) {
    invalidPart(`${proto.constructor?.name} instance`)
  }
  if (Object.getOwnPropertySymbols(object).length) invalidPart('symbol-named property')
  let out = ''
  // Arrays go by index, never by a possibly custom iterator; a hole reads as
  // undefined and is reported.
  if (array) for (let i = 0; i < object.length; i++) out += `,${encode(object[i], seen)}`
  // Sorted names make property order irrelevant. Each value is read once (a
  // getter may change), and undefined ones are skipped as JSON.stringify
  // does, so { a: 1, b: undefined } equals { a: 1 }.
  else
    for (const name of Object.keys(object).sort()) {
      const item = object[name]
      if (item !== undefined) out += `,${JSON.stringify(name)}:${encode(item, seen)}`
    }
  seen.pop()
  return array ? `[${out.slice(1)}]` : `{${out.slice(1)}}`
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
export const hashKey = (key: Key): string => encode(key, [])
