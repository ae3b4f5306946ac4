import { expectTypeOf, test } from 'vitest'
import { Group, hashKey, type Key, type Settled } from '../../src/core'

test('do infers T from fn, through promises and plain values', () => {
  const group = new Group()
  expectTypeOf(group.do('k', async () => 1)).toEqualTypeOf<Promise<number>>()
  expectTypeOf(group.do(['k', { id: 1 }], () => 'plain')).toEqualTypeOf<Promise<string>>()
  expectTypeOf(group.do('k', (signal) => signal)).toEqualTypeOf<Promise<AbortSignal>>()
})

test('settle resolves to a Settled union narrowed by status', () => {
  const group = new Group()
  expectTypeOf(group.settle('k', async () => 1)).toEqualTypeOf<Promise<Settled<number>>>()
  const s = {} as Settled<number>
  if (s.status === 'fulfilled') expectTypeOf(s.value).toEqualTypeOf<number>()
  else expectTypeOf(s.reason).toEqualTypeOf<unknown>()
  expectTypeOf(s.shared).toEqualTypeOf<boolean>()
})

test('keys accept nested data and reject what cannot be hashed', () => {
  expectTypeOf(hashKey).parameter(0).toEqualTypeOf<Key>()
  expectTypeOf(hashKey).returns.toEqualTypeOf<string>()
  // @ts-expect-error a Date is not a Key
  hashKey(new Date())
  const notAKey = () => 1
  // @ts-expect-error a function is not a Key
  new Group().do(notAKey, () => 1)
  expectTypeOf(new Group().size).toEqualTypeOf<number>()
})
