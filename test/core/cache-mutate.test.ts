import { describe, expect, it, vi } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { deferred, type Deferred } from '../deferred'

// The acceptance tests of cache.mutate's layer model (DESIGN.md, "cache.mutate,
// optimistic layers"): visible data = base + the layer of every running
// mutation, in start order.

/** Lets queued microtasks (promise reactions) run, without timers. */
const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

const visible = (cache: Cache, key = 'list'): unknown => cache.get(key)?.data

/**
 * appendMutation starts a mutation of 'list' whose optimistic layer appends
 * `draft` and whose populate appends the action's result; settle it by hand.
 */
const appendMutation = (cache: Cache, draft: string, options: { rollbackOnError?: boolean } = {}) => {
  const action = deferred<string>()
  const promise = cache.mutate<string, string[]>('list', () => action.promise, {
    optimistic: (list) => [...(list ?? []), draft],
    populate: (list, result) => [...(list ?? []), result],
    revalidate: false,
    ...options,
  })
  // Observed here so a failure is not reported as unhandled; tests still await `promise`.
  promise.catch(() => {})
  return { action, promise }
}

const settle = async (mutation: { action: Deferred<string>; promise: Promise<string> }, ok: boolean, value: string) => {
  if (ok) mutation.action.resolve(value)
  else mutation.action.reject(new Error(`${value} failed`))
  await Promise.allSettled([mutation.promise])
  await ticks()
}

type Outcome = 'ok' | 'fail'
// Base ['x']; A shows 'a' and its server answer is 'A', B shows 'b' and answers 'B'.
// Columns: A's outcome, B's outcome, which settles first, visible after the first, after both.
const ORDERS: [Outcome, Outcome, 'A' | 'B', string[], string[]][] = [
  ['ok', 'ok', 'A', ['x', 'A', 'b'], ['x', 'A', 'B']],
  ['ok', 'ok', 'B', ['x', 'B', 'a'], ['x', 'B', 'A']],
  ['ok', 'fail', 'A', ['x', 'A', 'b'], ['x', 'A']],
  ['ok', 'fail', 'B', ['x', 'a'], ['x', 'A']],
  ['fail', 'ok', 'A', ['x', 'b'], ['x', 'B']],
  ['fail', 'ok', 'B', ['x', 'B', 'a'], ['x', 'B']],
  ['fail', 'fail', 'A', ['x', 'b'], ['x']],
  ['fail', 'fail', 'B', ['x', 'a'], ['x']],
]

describe('cache.mutate: optimistic layers', () => {
  it('an optimistic layer is visible at once, over the base', () => {
    const cache = createCache()
    cache.set('list', ['x'])
    appendMutation(cache, 'a')
    expect(visible(cache)).toEqual(['x', 'a'])
  })

  it.each(ORDERS)(
    'two concurrent mutations, A %s and B %s, %s settling first: each outcome touches only its own layer',
    async (outcomeA, outcomeB, first, afterFirst, afterBoth) => {
      const cache = createCache()
      cache.set('list', ['x'])
      const a = appendMutation(cache, 'a')
      const b = appendMutation(cache, 'b')
      expect(visible(cache)).toEqual(['x', 'a', 'b'])
      const [one, two] = first === 'A' ? [a, b] : [b, a]
      const [outcomeOne, outcomeTwo] = first === 'A' ? [outcomeA, outcomeB] : [outcomeB, outcomeA]
      await settle(one, outcomeOne === 'ok', first)
      expect(visible(cache)).toEqual(afterFirst)
      await settle(two, outcomeTwo === 'ok', first === 'A' ? 'B' : 'A')
      expect(visible(cache)).toEqual(afterBoth)
      expect(cache.inspect().find((info) => info.hash === '"list"')?.mutations).toBe(0)
    },
  )

  it('a load that lands while a mutation runs replaces the base and the layer stays on top', async () => {
    const cache = createCache()
    await cache.fetch('list', () => ['x'])
    const mutation = appendMutation(cache, 'a')
    const load = deferred<string[]>()
    const fetched = cache.fetch('list', () => load.promise, { force: true })
    load.resolve(['x', 'y'])
    await fetched
    expect(visible(cache)).toEqual(['x', 'y', 'a'])
    await settle(mutation, false, 'A')
    expect(visible(cache)).toEqual(['x', 'y'])
  })

  it('a load started before the mutation and landing during it also replaces the base under the layer', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const load = deferred<string[]>()
    const fetched = cache.fetch('list', () => load.promise, { force: true })
    const mutation = appendMutation(cache, 'a')
    load.resolve(['server'])
    await fetched
    expect(visible(cache)).toEqual(['server', 'a'])
    await settle(mutation, true, 'A')
    expect(visible(cache)).toEqual(['server', 'A'])
  })

  it('a failed mutation rolls back only its own layer: a later and an earlier one stay', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const a = appendMutation(cache, 'a')
    const b = appendMutation(cache, 'b')
    const c = appendMutation(cache, 'c')
    await settle(b, false, 'B')
    expect(visible(cache)).toEqual(['x', 'a', 'c'])
    await settle(a, false, 'A')
    await settle(c, false, 'C')
    expect(visible(cache)).toEqual(['x'])
  })

  it('rollbackOnError false keeps a failed mutation’s layer as the base, under the layers still running', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const a = appendMutation(cache, 'a', { rollbackOnError: false })
    const b = appendMutation(cache, 'b')
    await settle(a, false, 'A')
    expect(visible(cache)).toEqual(['x', 'a', 'b'])
    await settle(b, false, 'B')
    expect(visible(cache)).toEqual(['x', 'a'])
  })

  it('populate folds the result into the base, and receives the base, not the other layers', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const other = appendMutation(cache, 'other')
    const action = deferred<string>()
    const populate = vi.fn((list: string[] | undefined, result: string) => [...(list ?? []), result])
    const promise = cache.mutate<string, string[]>('list', () => action.promise, { populate, revalidate: false })
    action.resolve('saved')
    expect(await promise).toBe('saved')
    expect(populate).toHaveBeenCalledTimes(1)
    expect(populate).toHaveBeenCalledWith(['x'], 'saved')
    expect(visible(cache)).toEqual(['x', 'saved', 'other'])
    await settle(other, false, 'OTHER')
    expect(visible(cache)).toEqual(['x', 'saved'])
  })

  it('populate works on a key that never had data: it receives undefined', async () => {
    const cache = createCache()
    await cache.mutate<string, string[]>('list', async () => 'first', {
      populate: (list, result) => [...(list ?? []), result],
      revalidate: false,
    })
    expect(cache.get('list')).toMatchObject({ data: ['first'], status: 'success' })
  })

  it('a succeeded mutation without populate drops its layer: the base shows until the revalidation lands', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const action = deferred<string>()
    const promise = cache.mutate<string, string[]>('list', () => action.promise, {
      optimistic: (list) => [...(list ?? []), 'a'],
      revalidate: false,
    })
    expect(visible(cache)).toEqual(['x', 'a'])
    action.resolve('A')
    await promise
    expect(visible(cache)).toEqual(['x'])
  })

  it('when the returned promise settles the cache already shows the outcome', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const ok = appendMutation(cache, 'a')
    ok.action.resolve('A')
    await ok.promise
    expect(visible(cache)).toEqual(['x', 'A'])
    const failed = appendMutation(cache, 'b')
    failed.action.reject(new Error('no'))
    await expect(failed.promise).rejects.toThrow('no')
    expect(visible(cache)).toEqual(['x', 'A'])
  })

  it('subscribers are notified once per visible change: start, success, rollback', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const listener = vi.fn()
    cache.subscribe('list', listener)
    const ok = appendMutation(cache, 'a')
    expect(listener).toHaveBeenCalledTimes(1) // the layer appeared
    await settle(ok, true, 'A')
    expect(listener).toHaveBeenCalledTimes(2) // layer dropped and base populated: one change
    const failed = appendMutation(cache, 'b')
    await settle(failed, false, 'B')
    expect(listener).toHaveBeenCalledTimes(4) // appeared, rolled back
    const quiet = cache.mutate('list', async () => 'no layer', { revalidate: false })
    expect(listener).toHaveBeenCalledTimes(4) // no optimistic layer: nothing visible changed
    await quiet
    await ticks()
    expect(listener).toHaveBeenCalledTimes(4)
  })

  it('cache.inspect() counts the running mutations of each entry', async () => {
    const cache = createCache()
    cache.set('list', ['x'])
    const count = (): number | undefined => cache.inspect().find((info) => info.hash === '"list"')?.mutations
    expect(count()).toBe(0)
    const a = appendMutation(cache, 'a')
    const b = appendMutation(cache, 'b')
    expect(count()).toBe(2)
    await settle(a, true, 'A')
    expect(count()).toBe(1)
    await settle(b, false, 'B')
    expect(count()).toBe(0)
  })

  it('mutation events report each mutation’s start and its settling, with its outcome', async () => {
    const cache = createCache()
    const events: unknown[] = []
    cache.on((event) => event.type === 'mutation' && events.push({ ...event, at: 0 }))
    const ok = appendMutation(cache, 'a')
    const failed = appendMutation(cache, 'b')
    await settle(ok, true, 'A')
    await settle(failed, false, 'B')
    expect(events).toMatchObject([
      { type: 'mutation', hash: '"list"', phase: 'started' },
      { type: 'mutation', hash: '"list"', phase: 'started' },
      { type: 'mutation', hash: '"list"', phase: 'settled', ok: true },
      { type: 'mutation', hash: '"list"', phase: 'settled', ok: false, error: new Error('B failed') },
    ])
    const ids = events.map((event) => (event as { mutationId: number }).mutationId)
    expect(ids[0]).not.toBe(ids[1])
    expect(ids.slice(2)).toEqual(ids.slice(0, 2))
  })
})
