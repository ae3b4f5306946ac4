import { describe, expect, it } from 'vitest'
import { createCache, type FlightFn, type Key } from '../../src/core'
import { deferred } from '../deferred'
import { watchUnhandled } from '../unhandled'

// A group whose flights run "in another tab" and fail there.
const failingElsewhere = (error: Error) => ({
  do: <T>(_key: Key, _fn: FlightFn<T>): Promise<T> => Promise.reject(error),
  settle: () => Promise.reject(new Error('unused')),
  forget: () => {},
})

describe('createCache: failures are reported as a native promise would', () => {
  it('a failed load whose only caller ignores it is reported once', async () => {
    const watch = watchUnhandled()
    const error = new Error('down')
    const cache = createCache()
    void cache.fetch('k', () => Promise.reject(error))
    expect(await watch.stop()).toEqual([error])
  })

  it('a caller that handles the failure stops the report, also while the cache reloads for its subscribers', async () => {
    const watch = watchUnhandled()
    const cache = createCache()
    const stop = cache.subscribe('k', () => {})
    const failing = deferred<string>()
    const handled = cache.fetch('k', () => failing.promise).catch((error: unknown) => error)
    // A background reload of the same flight, the cache's own caller.
    cache.invalidate('k')
    failing.reject(new Error('down'))
    await handled
    stop()
    expect(await watch.stop()).toEqual([])
  })

  it('a failed load from another tab that its caller ignores is reported', async () => {
    const watch = watchUnhandled()
    const error = new Error('remote down')
    const cache = createCache({ group: failingElsewhere(error) })
    void cache.fetch('k', () => 'never here')
    expect(await watch.stop()).toEqual([error])
  })
})
