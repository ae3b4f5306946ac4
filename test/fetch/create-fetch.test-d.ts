import { describe, expectTypeOf, it } from 'vitest'
import { createFetch, type CreateFetchOptions } from '../../src/fetch'

describe('createFetch types', () => {
  it('returns a function with fetch’s exact signature', () => {
    expectTypeOf(createFetch()).toEqualTypeOf<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>()
  })

  it('its return is assignable to typeof fetch, so it drops in wherever fetch goes', () => {
    expectTypeOf(createFetch()).toExtend<typeof fetch>()
    const useFetch = (f: typeof fetch) => f
    useFetch(createFetch())
  })

  it('takes the global fetch, or another createFetch, as options.fetch', () => {
    expectTypeOf<{ fetch: typeof fetch }>().toExtend<CreateFetchOptions>()
    createFetch({ fetch: globalThis.fetch })
    createFetch({ fetch: createFetch() })
    // @ts-expect-error options.fetch must be a function
    createFetch({ fetch: 'fetch' })
  })
})
