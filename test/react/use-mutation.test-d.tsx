// @vitest-environment jsdom
import { expectTypeOf, test } from 'vitest'
import type { Key } from '../../src/core'
import { useMutation, type MutationOptions, type MutationResult, type Status } from '../../src/react'

interface User {
  id: number
  name: string
}
declare const saveName: (id: number, name: string, signal: AbortSignal) => Promise<User>

test('V comes from the action’s first parameter and R from what it resolves to', () => {
  const result = useMutation((name: string, { signal }) => saveName(1, name, signal))
  expectTypeOf(result).toEqualTypeOf<MutationResult<string, User>>()
  expectTypeOf(result.mutate).toEqualTypeOf<(variables: string) => void>()
  expectTypeOf(result.mutateAsync).toEqualTypeOf<(variables: string) => Promise<User>>()
  expectTypeOf(result.data).toEqualTypeOf<User | undefined>()
  expectTypeOf(result.variables).toEqualTypeOf<string | undefined>()
  expectTypeOf(result.error).toBeUnknown()
  expectTypeOf(result.status).toEqualTypeOf<Status>()
  expectTypeOf(result.isPending).toBeBoolean()
  expectTypeOf(result.reset).toEqualTypeOf<() => void>()
})

test('a synchronous action works too, and its context carries the signal', () => {
  const result = useMutation((count: number, context) => {
    expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>()
    return count + 1
  })
  expectTypeOf(result.data).toEqualTypeOf<number | undefined>()
})

test('optimistic and populate get the entry’s data, the variables, and the result', () => {
  useMutation((name: string) => saveName(1, name, new AbortController().signal), {
    key: (name) => {
      expectTypeOf(name).toBeString()
      return ['user', 1]
    },
    optimistic: (user: User | undefined, name) => {
      expectTypeOf(name).toBeString()
      return { id: 1, ...user, name }
    },
    populate: (user, saved, name) => {
      expectTypeOf(user).toEqualTypeOf<User | undefined>()
      expectTypeOf(saved).toEqualTypeOf<User>()
      expectTypeOf(name).toBeString()
      return saved
    },
    revalidate: (key) => {
      expectTypeOf(key).toEqualTypeOf<Key>()
      return true
    },
    onSuccess: (saved, name) => {
      expectTypeOf(saved).toEqualTypeOf<User>()
      expectTypeOf(name).toBeString()
    },
    onError: (error, name) => {
      expectTypeOf(error).toBeUnknown()
      expectTypeOf(name).toBeString()
    },
  })
})

test('wrong shapes do not compile', () => {
  const rename = (name: string) => saveName(1, name, new AbortController().signal)
  // @ts-expect-error: the variables are a string
  useMutation(rename).mutate(1)
  // @ts-expect-error: optimistic must return the entry's type
  useMutation(rename, { key: 'k', optimistic: (user: User | undefined) => user?.name })
  // @ts-expect-error: a key can't be a function value inside an array
  useMutation(rename, { key: [() => 1] })
  // @ts-expect-error: revalidate takes keys, booleans or a predicate
  useMutation(rename, { revalidate: Symbol('k') })
  expectTypeOf<MutationOptions<string, User, User>['rollbackOnError']>().toEqualTypeOf<boolean | undefined>()
})
