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
          ? Object.fromEntries(
              Object.entries(k)
                .reverse()
                .map(([n, v]) => [n, reorder(v)]),
            )
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
    ['a function', () => 1, /invalid key part: function$/],
    ['a symbol', Symbol('s'), /invalid key part: symbol$/],
    ['a bigint', 1n, /invalid key part: bigint$/],
    ['undefined', undefined, /invalid key part: undefined$/],
    ['undefined in an array', [1, undefined], /invalid key part: undefined$/],
    ['a hole in an array', [1, , 3], /invalid key part: undefined$/], // eslint-disable-line no-sparse-arrays
    ['NaN', NaN, /invalid key part: NaN$/],
    ['Infinity deep inside', { a: [{ b: -Infinity }] }, /invalid key part: -Infinity$/],
    ['a Date', new Date(0), /invalid key part: Date instance$/],
    ['a Map', new Map(), /invalid key part: Map instance$/],
    ['a class instance', new (class Point {})(), /invalid key part: Point instance$/],
    ['an Array subclass instance', new (class List extends Array {})(), /invalid key part: List instance$/],
    ['a boxed string', new String('s'), /invalid key part: String instance$/],
    ['a symbol-named property', { [Symbol('s')]: 1 }, /invalid key part: symbol-named property$/],
  ]
  it.each(invalid)('8. rejects %s with a TypeError that names it', (_name, key, message) => {
    expect(() => hashKey(key as Key)).toThrow(TypeError)
    expect(() => hashKey(key as Key)).toThrow(message)
  })

  it('8. rejects a cycle with a TypeError, but accepts a shared sub-object', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = a
    expect(() => hashKey(a as Key)).toThrow(/invalid key part: cycle$/)
    const list: unknown[] = []
    list.push([list])
    expect(() => hashKey(list as Key)).toThrow(/invalid key part: cycle$/)
  })

  it('8. reads arrays by index, never through a custom iterator', () => {
    const sneaky = Object.assign([1, 2], {
      *[Symbol.iterator]() {
        yield 9
      },
    })
    // Own symbol-named properties are refused, and the iterator is never used.
    expect(() => hashKey(sneaky as Key)).toThrow(/symbol-named property/)
    // Even a patched Array.prototype iterator is never consulted.
    const original = Array.prototype[Symbol.iterator]
    Array.prototype[Symbol.iterator] = function* () {
      yield 9
    } as never
    try {
      expect(hashKey([1, 2])).toBe('[1,2]')
    } finally {
      Array.prototype[Symbol.iterator] = original
    }
  })

  it('8. reads each property once, so a getter cannot make two reads disagree', () => {
    let reads = 0
    const key = {
      get a() {
        return reads++ === 0 ? 1 : undefined
      },
    }
    expect(hashKey(key as never)).toBe('{"a":1}')
    expect(reads).toBe(1)
  })

  it('8. accepts objects whose prototype has a null prototype (as plain objects of another realm) and refuses deeper chains', () => {
    expect(() => hashKey(Object.create(Object.create(null)) as Key)).not.toThrow()
    expect(() => hashKey(Object.create({ inherited: 1 }) as Key)).toThrow(/Object instance/)
  })
})
