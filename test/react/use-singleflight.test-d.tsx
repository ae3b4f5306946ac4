// @vitest-environment jsdom
import { expectTypeOf, test } from 'vitest'
import type { Cache } from '../../src/core'
import {
  useCache,
  useSingleflight,
  type SingleflightResult,
  type SingleflightSuspenseResult,
  type Status,
} from '../../src/react'

interface User {
  name: string
}
declare const getUser: (id: number, signal: AbortSignal) => Promise<User>
declare const id: number | undefined

test('data is T | undefined by default and T with suspense: true', () => {
  const plain = useSingleflight(['user', 1], (_, { signal }) => getUser(1, signal))
  expectTypeOf(plain).toEqualTypeOf<SingleflightResult<User>>()
  expectTypeOf(plain.data).toEqualTypeOf<User | undefined>()
  const suspended = useSingleflight(['user', 1], (_, { signal }) => getUser(1, signal), { suspense: true })
  expectTypeOf(suspended).toEqualTypeOf<SingleflightSuspenseResult<User>>()
  expectTypeOf(suspended.data).toEqualTypeOf<User>()
  const off = useSingleflight(['user', 1], (_, { signal }) => getUser(1, signal), { suspense: false })
  expectTypeOf(off.data).toEqualTypeOf<User | undefined>()
})

test('the fetcher receives the key with its literal type, and plain values are fine', () => {
  useSingleflight(['user', 1], (key) => {
    expectTypeOf(key).toEqualTypeOf<readonly ['user', 1]>()
    return 1
  })
  const n = useSingleflight('count', () => 42)
  expectTypeOf(n.data).toEqualTypeOf<number | undefined>()
})

test('the result fields, refetch and mutate are typed from T', () => {
  const r = useSingleflight('k', async () => 'v')
  expectTypeOf(r.status).toEqualTypeOf<Status>()
  expectTypeOf(r.isLoading).toEqualTypeOf<boolean>()
  expectTypeOf(r.isFetching).toEqualTypeOf<boolean>()
  expectTypeOf(r.isPreviousData).toEqualTypeOf<boolean>()
  expectTypeOf(r.error).toEqualTypeOf<unknown>()
  expectTypeOf(r.refetch).returns.toEqualTypeOf<Promise<string>>()
  r.mutate('w')
  r.mutate((prev) => {
    expectTypeOf(prev).toEqualTypeOf<string | undefined>()
    return 'w'
  })
  // @ts-expect-error mutate takes the data type
  r.mutate(1)
})

test('keys: null, undefined and false disable; what hashKey rejects does not compile', () => {
  useSingleflight(id !== undefined && ['user', id], () => 1)
  useSingleflight(null, () => 1)
  useSingleflight(undefined, () => 1)
  // @ts-expect-error a Date is not a key
  useSingleflight(new Date(), () => 1)
  // @ts-expect-error options are checked
  useSingleflight('k', () => 1, { staleTime: '1s' })
  expectTypeOf(useCache()).toEqualTypeOf<Cache>()
})

test('select makes data the selected type while refetch and mutate keep the fetched one', () => {
  const r = useSingleflight('k', async () => ({ name: 'ann' }), { select: (user) => user.name.length })
  expectTypeOf(r.data).toEqualTypeOf<number | undefined>()
  expectTypeOf(r.refetch).returns.toEqualTypeOf<Promise<{ name: string }>>()
  expectTypeOf(r.isPlaceholderData).toEqualTypeOf<boolean>()
  expectTypeOf(r.updatedAt).toEqualTypeOf<number>()
  const s = useSingleflight('k', async () => 'v', { suspense: true, select: (v) => v.length })
  expectTypeOf(s.data).toEqualTypeOf<number>()
})
