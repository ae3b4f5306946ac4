import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache, hashKey, type Key, type MutateOptions } from '../../src/core'
import { deferred } from '../deferred'

// cache.mutate's options and edges: revalidate targets, deduplication,
// rejections, bad input, throwing callbacks, the signal.

const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

/** attempt turns a synchronous throw into a rejection, so either way of refusing input passes. */
const attempt = (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    return run()
  } catch (error) {
    return Promise.reject(error)
  }
}

const KEYS: Key[] = ['list', '/api/products', ['user', 1], ['user', 2]]

/** reloads: which keys (hashes) load again after a succeeded mutation of 'list' with `revalidate`. */
const reloads = async (revalidate?: MutateOptions<string>['revalidate']): Promise<string[]> => {
  const cache = createCache({ staleTime: Infinity })
  const loads: string[] = []
  const fetcher = (key: Key): string => (loads.push(hashKey(key)), 'data')
  for (const key of KEYS) await cache.fetch(key, fetcher)
  loads.length = 0
  await cache.mutate('list', async () => 'ok', revalidate === undefined ? {} : { revalidate })
  await ticks()
  for (const key of KEYS) await cache.fetch(key, fetcher)
  return loads
}

afterEach(() => void vi.useRealTimers())

describe('cache.mutate: revalidate targets', () => {
  it('by default a succeeded mutation invalidates its own key, and only it', async () => {
    expect(await reloads()).toEqual([hashKey('list')])
    expect(await reloads(true)).toEqual([hashKey('list')])
  })

  it('revalidate false invalidates nothing', async () => {
    expect(await reloads(false)).toEqual([])
  })

  it('revalidate with a key invalidates that key instead of its own', async () => {
    expect(await reloads(['user', 2])).toEqual([hashKey(['user', 2])])
  })

  it('revalidate with a list of structured keys invalidates each of them', async () => {
    expect(
      await reloads([
        ['user', 1],
        ['user', 2],
      ]),
    ).toEqual([hashKey(['user', 1]), hashKey(['user', 2])])
  })

  it('revalidate with an array of plain values names one key (TanStack-style); several string keys take a predicate', async () => {
    expect(await reloads(['list', '/api/products'])).toEqual([])
    const either = (key: Key): boolean => key === 'list' || key === '/api/products'
    expect(await reloads(either)).toEqual([hashKey('list'), hashKey('/api/products')])
  })

  it('revalidate with a list mixing string and structured keys invalidates each of them', async () => {
    expect(await reloads([['user', 1], 'list'])).toEqual([hashKey('list'), hashKey(['user', 1])])
  })

  it('revalidate with a predicate invalidates every key it accepts', async () => {
    const predicate = (key: Key): boolean => Array.isArray(key) && key[0] === 'user'
    expect(await reloads(predicate)).toEqual([hashKey(['user', 1]), hashKey(['user', 2])])
  })

  it('a failed mutation invalidates nothing', async () => {
    const cache = createCache({ staleTime: Infinity })
    const fetcher = vi.fn(() => 'data')
    await cache.fetch('list', fetcher)
    await expect(cache.mutate('list', () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    await ticks()
    await cache.fetch('list', fetcher)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('an observed key reloads at once after a succeeded mutation', async () => {
    const cache = createCache({ staleTime: Infinity })
    const fetcher = vi.fn(() => 'data')
    cache.subscribe('list', () => {})
    await cache.fetch('list', fetcher)
    await cache.mutate('list', async () => 'ok')
    await ticks()
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})

describe('cache.mutate: calls and results', () => {
  it('mutations are never deduplicated: two calls on one key run the action twice', async () => {
    const cache = createCache()
    let runs = 0
    const action = async (): Promise<number> => ++runs
    const results = await Promise.all([cache.mutate('list', action), cache.mutate('list', action)])
    expect(runs).toBe(2)
    expect(results.sort()).toEqual([1, 2])
  })

  it('the action’s rejection is the returned promise’s, the same error object', async () => {
    const cache = createCache()
    const error = new Error('refused')
    await expect(cache.mutate('list', () => Promise.reject(error))).rejects.toBe(error)
  })

  it('an action that throws synchronously rejects the returned promise and rolls its layer back', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const error = new Error('thrown')
    const promise = cache.mutate<never, string[]>(
      'list',
      () => {
        throw error
      },
      { optimistic: (list) => [...(list ?? []), 'a'] },
    )
    await expect(promise).rejects.toBe(error)
    await ticks()
    expect(cache.get('list')?.data).toEqual(['x'])
  })

  it('an entry with a running mutation is not collected, even unobserved past gcTime', async () => {
    vi.useFakeTimers()
    const cache = createCache({ gcTime: 0 })
    const action = deferred<string>()
    const promise = cache.mutate<string, string>('name', () => action.promise, { optimistic: () => 'draft' })
    vi.advanceTimersByTime(1000)
    expect(cache.get('name')?.data).toBe('draft')
    action.resolve('saved')
    await promise
  })
})

describe('cache.mutate: bad input and throwing callbacks', () => {
  const refusals: [string, (action: () => Promise<string>) => unknown[], RegExp][] = [
    ['a non-function action', () => ['list', 'save'], /action/],
    ['a key that is not a valid key', (action) => [Symbol('key'), action], /key/],
    ['a function as the key', (action) => [() => 'list', action], /key/],
    ['an optimistic that is not a function', (action) => ['list', action, { optimistic: ['x'] }], /optimistic/],
    ['a populate that is not a function', (action) => ['list', action, { populate: 'x' }], /populate/],
    ['a signal that is not an AbortSignal', (action) => ['list', action, { signal: { aborted: false } }], /signal/],
    ['options that are not an object', (action) => ['list', action, 'fast'], /options/],
  ]

  it.each(refusals)(
    '%s is a TypeError naming it; the action never runs and no entry is made',
    async (_, args, name) => {
      const cache = createCache()
      const action = vi.fn(async () => 'saved')
      const mutate = cache.mutate as (...args: unknown[]) => Promise<unknown>
      const error = await attempt(() => mutate(...args(action))).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toMatch(/^oneflight:/)
      expect((error as Error).message).toMatch(name)
      expect(action).not.toHaveBeenCalled()
      expect(cache.inspect()).toEqual([])
    },
  )

  it('an optimistic that throws rejects that mutation, runs no action and leaves the cache as it was', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const before = cache.get('list')
    const listener = vi.fn()
    cache.subscribe('list', listener)
    const error = new Error('bad layer')
    const action = vi.fn(async () => 'saved')
    const promise = attempt(() =>
      cache.mutate('list', action, {
        optimistic: () => {
          throw error
        },
      }),
    )
    await expect(promise).rejects.toBe(error)
    await ticks()
    expect(action).not.toHaveBeenCalled()
    expect(cache.get('list')).toBe(before)
    expect(listener).not.toHaveBeenCalled()
    expect(cache.inspect()[0]?.mutations).toBe(0)
  })

  it('a populate that throws rejects that mutation, drops its layer and leaves the base as it was', async () => {
    const cache = createCache()
    const base = ['x']
    cache.set('list', base)
    const error = new Error('bad populate')
    const promise = cache.mutate<string, string[]>('list', async () => 'saved', {
      optimistic: (list) => [...(list ?? []), 'a'],
      populate: () => {
        throw error
      },
      revalidate: false,
    })
    await expect(promise).rejects.toBe(error)
    await ticks()
    expect(cache.get('list')?.data).toBe(base)
    expect(cache.inspect()[0]?.mutations).toBe(0)
  })
})

describe('cache.mutate: the signal option', () => {
  it('aborting the signal option aborts the action’s signal with its reason', async () => {
    const cache = createCache()
    const controller = new AbortController()
    let seen: AbortSignal | undefined
    const action = deferred<string>()
    const promise = cache.mutate<string, string>(
      'name',
      (signal) => {
        seen = signal
        signal.addEventListener('abort', () => action.reject(signal.reason))
        return action.promise
      },
      { signal: controller.signal, optimistic: () => 'draft' },
    )
    expect(seen?.aborted).toBe(false)
    const reason = new Error('user left')
    controller.abort(reason)
    expect(seen?.aborted).toBe(true)
    expect(seen?.reason).toBe(reason)
    await expect(promise).rejects.toBe(reason)
    await ticks()
    expect(cache.get('name')?.data).toBeUndefined()
  })

  it('an already-aborted signal rejects with its reason and never starts the action', async () => {
    const cache = createCache()
    const reason = new Error('too late')
    const action = vi.fn(async () => 'saved')
    await expect(attempt(() => cache.mutate('name', action, { signal: AbortSignal.abort(reason) }))).rejects.toBe(
      reason,
    )
    expect(action).not.toHaveBeenCalled()
  })
})
