import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hashKey, type Key } from '../../src/core'

// Arbitrary valid keys, nested a few levels deep.
const { key: keyArb } = fc.letrec((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('key'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('key'), { maxKeys: 4 }),
  ),
})) as { key: fc.Arbitrary<Key> }

// Structural equality as the key type defines it (objects unordered, 0 === -0).
const equal = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]))
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal((a as never)[k], (b as never)[k]))
}

describe('hashKey', () => {
  it('8. ignores object property order', () => {
    expect(hashKey({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(hashKey({ b: [2, { d: 4, c: 3 }], a: 1 }))
  })

  it('8. tells 1, "1", true, "true", ["a"], "a", null and "null" apart', () => {
    const keys: Key[] = [1, '1', true, 'true', ['a'], 'a', null, 'null', '["a"]', [], {}, '', [[]], [{}]]
    expect(new Set(keys.map(hashKey)).size).toBe(keys.length)
  })

  it('8. gives equal strings exactly for equal keys (property)', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(hashKey(a) === hashKey(b)).toBe(equal(a, b))
      }),
      { numRuns: 2000 },
    )
  })

  it('8. is stable for a key and its reordered deep copy (property)', () => {
    const reorder = (k: unknown): unknown =>
      Array.isArray(k)
        ? k.map(reorder)
        : k && typeof k === 'object'
          ? Object.fromEntries(Object.entries(k).reverse().map(([n, v]) => [n, reorder(v)]))
          : k
    fc.assert(
      fc.property(keyArb, (k) => {
        expect(hashKey(reorder(k) as Key)).toBe(hashKey(k))
      }),
    )
  })

  it('8. treats __proto__ as plain data', () => {
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as Key
    expect(hashKey(withProto)).not.toBe(hashKey({ a: 2 }))
    expect(hashKey(withProto)).toBe(hashKey(JSON.parse('{"a": 2, "__proto__": {"x": 1}}') as Key))
    expect(hashKey(withProto)).not.toBe(hashKey(JSON.parse('{"__proto__": {"x": 2}, "a": 2}') as Key))
  })

  it('8. treats 0 and -0 as the same key, as === does', () => {
    expect(hashKey(-0)).toBe(hashKey(0))
  })

  it('8. skips undefined object properties, as JSON does', () => {
    expect(hashKey({ a: 1, b: undefined } as never)).toBe(hashKey({ a: 1 }))
  })

  it('8. accepts null-prototype objects and shared non-cyclic sub-objects', () => {
    const bare = Object.assign(Object.create(null) as Record<string, Key>, { a: 1 })
    expect(hashKey(bare)).toBe(hashKey({ a: 1 }))
    const shared = { s: 1 }
    expect(hashKey([shared, shared])).toBe('[{"s":1},{"s":1}]')
  })

  const invalid: [string, unknown, RegExp][] = [
    ['a function', () => 1, /a function at the top level/],
    ['a symbol', Symbol('s'), /a symbol/],
    ['a bigint', 1n, /a bigint/],
    ['undefined', undefined, /undefined at the top level/],
    ['undefined in an array', [1, undefined], /undefined at \[1\]/],
    ['a hole in an array', [1, , 3], /undefined at \[1\]/], // eslint-disable-line no-sparse-arrays
    ['NaN', NaN, /non-finite number NaN/],
    ['Infinity deep inside', { a: [{ b: -Infinity }] }, /non-finite number -Infinity at \.a\[0\]\.b/],
    ['a Date', new Date(0), /instance of Date/],
    ['a Map', new Map(), /instance of Map/],
    ['a class instance', new (class Point {})(), /instance of Point/],
    ['a boxed string', new String('s'), /instance of String/],
    ['a symbol-named property', { [Symbol('s')]: 1 }, /symbol-named property/],
  ]
  it.each(invalid)('8. rejects %s with a TypeError that names it', (_name, key, message) => {
    expect(() => hashKey(key as Key)).toThrow(TypeError)
    expect(() => hashKey(key as Key)).toThrow(message)
  })

  it('8. rejects a cycle with a TypeError, but not before following it once', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = a
    expect(() => hashKey(a as Key)).toThrow(/a cycle at \.self/)
    const list: unknown[] = []
    list.push([list])
    expect(() => hashKey(list as Key)).toThrow(/a cycle at \[0\]\[0\]/)
  })
})
