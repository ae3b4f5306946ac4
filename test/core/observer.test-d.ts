import { expectTypeOf, test } from 'vitest'
import { createCache, createObserver, type Observer, type ObserverResult } from '../../src/core'

test('createObserver infers the data type from the fetcher, the key type for the fetcher, and the shown type from select', () => {
  const cache = createCache()
  const plain = createObserver(cache, { key: ['user', 1], fetcher: async () => ({ name: 'ann' }) })
  expectTypeOf(plain).toEqualTypeOf<Observer<{ name: string }, { name: string }>>()
  expectTypeOf(plain.getResult()).toEqualTypeOf<ObserverResult<{ name: string }>>()
  const selected = createObserver(cache, { key: 'k', fetcher: async () => 'ann', select: (name) => name.length })
  expectTypeOf(selected.getResult().data).toEqualTypeOf<number | undefined>()
  expectTypeOf(selected.refetch()).toEqualTypeOf<Promise<string>>()
  const typedKey = createObserver(cache, { key: ['user', 1], fetcher: async ([, id]) => ({ id }) })
  expectTypeOf(typedKey.getResult().data).toEqualTypeOf<{ id: 1 } | undefined>()
  // @ts-expect-error staleTime is a number
  createObserver(cache, { key: 'k', fetcher: async () => 1, staleTime: '1s' })
})
