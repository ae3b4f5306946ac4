import { describe, expect, test } from 'vitest'
import { survivesClone } from '../../src/tabs/clone'

class User {
  constructor(readonly name: string) {}
}
class Tags extends Set<string> {}
class HttpError extends Error {}

describe('survivesClone: what crosses tabs unchanged', () => {
  test('plain data, null-prototype objects, cycles and the built-ins structured clone keeps are sent', () => {
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    const kept: unknown[] = [
      1,
      'a',
      null,
      undefined,
      10n,
      [1, [2, { a: [3] }]],
      Object.assign(Object.create(null) as object, { a: 1 }),
      cyclic,
      new Date(0),
      /x/g,
      new Map([[{ k: 1 }, new Set([1])]]),
      new Uint8Array(3),
      new DataView(new ArrayBuffer(2)),
      new Error('plain', { cause: { code: 1 } }),
      new Blob(['x']),
    ]
    for (const value of kept) expect(survivesClone(value)).toBe(true)
  })

  test('class instances, subclasses, functions, symbols and dropped properties at any depth are not sent', () => {
    const hidden = Object.defineProperty({}, 'secret', { value: 1, enumerable: false })
    const changed: unknown[] = [
      new User('ada'),
      { deep: [{ deeper: new User('ada') }] },
      new Tags(['a']),
      new HttpError('x'),
      new Map([['k', new User('ada')]]),
      new Set([() => 1]),
      { f: () => 1 },
      Symbol('s'),
      { [Symbol('s')]: 1 },
      hidden,
      Object.assign(new Date(0), { extra: 1 }),
      Promise.resolve(1),
    ]
    for (const value of changed) expect(survivesClone(value)).toBe(false)
  })

  test('deep data is walked without recursion', () => {
    let list: { next: unknown } = { next: null }
    for (let i = 0; i < 100_000; i++) list = { next: list }
    expect(survivesClone(list)).toBe(true)
  })
})
