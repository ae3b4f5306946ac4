import { describe, expect, it } from 'vitest'
import { createCache, type CacheEvent, type FlightFn, type Key } from '../../src/core'
import { deferred } from '../deferred'

// A group whose flights run "in another tab": `do` waits for `answer` and
// never calls fn, unless `takeOver()` makes this tab run it.
const remoteGroup = () => {
  const answer = deferred<unknown>()
  let pending: FlightFn<unknown> | undefined
  const group = {
    do: <T>(_key: Key, fn: FlightFn<T>): Promise<T> => {
      pending = fn as FlightFn<unknown>
      return answer.promise as Promise<T>
    },
    settle: () => Promise.reject(new Error('unused')),
    forget: () => {},
  }
  const takeOver = (): void => {
    const run = pending!
    answer.resolve(Promise.resolve(run(new AbortController().signal)))
  }
  return { group, answer, takeOver }
}

describe('createCache: loads served by another tab', () => {
  it('a result from another tab is reported as a remote flight and written to the entry', async () => {
    const { group, answer } = remoteGroup()
    let time = 0
    const cache = createCache({ group, now: () => time })
    const events: CacheEvent[] = []
    cache.on((event) => events.push(event))
    const loading = cache.fetch('k', () => 'never here')
    expect(cache.get('k')).toMatchObject({ status: 'pending', isFetching: true })
    time = 40
    answer.resolve('from another tab')
    expect(await loading).toBe('from another tab')
    expect(cache.get('k')).toMatchObject({ status: 'success', data: 'from another tab', isFetching: false })
    expect(events.map(({ type, ...rest }) => [type, 'remote' in rest && rest.remote])).toEqual([
      ['started', true],
      ['settled', true],
    ])
    expect(events[1]).toMatchObject({ duration: 40, ok: true })
  })

  it('when this tab takes over the load, the remote flight ends as aborted and the local one is reported', async () => {
    const { group, takeOver } = remoteGroup()
    const cache = createCache({ group })
    const types: string[] = []
    cache.on((event) => types.push(`${event.type}${'remote' in event && event.remote ? ' remote' : ''}`))
    const loading = cache.fetch('k', () => 'ran here')
    takeOver()
    expect(await loading).toBe('ran here')
    expect(types).toEqual(['started remote', 'started', 'settled', 'aborted'])
  })
})
