import { afterEach, describe, expect, test, vi } from 'vitest'
import { PROTOCOL } from '../../src/tabs/message'
import { deferred } from '../deferred'
import { watchUnhandled } from '../unhandled'
import { counted, idle, leadLock, openTabs, World, type Tab } from './world'

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
    this.name = 'HttpError'
  }
}

class User {
  constructor(readonly name: string) {}
  greet(): string {
    return `hi ${this.name}`
  }
}

/** Starts a flight of 'k' in tab a, joins it from tab b, then resolves a's fn with `value`; b's own fn call gets `local`. */
const leadAndFollow = async <T>(a: Tab, b: Tab, value: T, local: T) => {
  const pending = deferred<T>()
  const fn = counted([pending.promise, local])
  const leader = a.group.do('k', fn)
  await idle()
  const follower = b.group.do('k', fn)
  await idle()
  pending.resolve(value)
  return { leader, follower, fn }
}

/** Runs a flight led by tab a and joined by tab b that rejects with `reason`; returns what b got. */
const rejectAcross = async (reason: unknown) => {
  const world = new World()
  const [a, b] = openTabs(world, 2)
  const failure = deferred<never>()
  const fn = counted([failure.promise])
  const leader = a!.group.settle('k', fn)
  await idle()
  const follower = b!.group.settle('k', fn)
  await idle()
  failure.reject(reason)
  expect(await leader).toEqual({ status: 'rejected', reason, shared: false })
  const got = await follower
  expect(got.status).toBe('rejected')
  expect(got.shared).toBe(true)
  expect(fn.calls).toBe(1)
  return (got as { reason: unknown }).reason
}

describe('createTabGroup across tabs: values, errors, forget, garbage', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('built-in error classes keep their class across tabs', async () => {
    const reason = await rejectAcross(new TypeError('bad input'))
    expect(reason).toBeInstanceOf(TypeError)
    expect((reason as Error).message).toBe('bad input')
  })

  test('other errors arrive as Error with the same name and message', async () => {
    const reason = await rejectAcross(new HttpError(503))
    expect(reason).toBeInstanceOf(Error)
    expect(reason).not.toBeInstanceOf(HttpError)
    expect({ name: (reason as Error).name, message: (reason as Error).message }).toEqual({
      name: 'HttpError',
      message: 'HTTP 503',
    })
  })

  test('a rejection structured clone cannot carry arrives as Error with its name and message', async () => {
    const reason = await rejectAcross({ name: 'Weird', message: 'has a method', retry() {} })
    expect(reason).toBeInstanceOf(Error)
    expect({ name: (reason as Error).name, message: (reason as Error).message }).toEqual({
      name: 'Weird',
      message: '[object Object]',
    })
  })

  test('a non-Error rejection arrives as its structured clone', async () => {
    expect(await rejectAcross({ code: 42 })).toEqual({ code: 42 })
  })

  test('a value structured clone cannot carry goes to the leading tab’s callers as it is; waiting tabs run fn', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const value = { get: () => 1 }
    const local = { get: () => 2 }
    const { leader, follower, fn } = await leadAndFollow(a!, b!, value, local)
    expect(await leader).toBe(value)
    expect(await follower).toBe(local)
    expect(fn.calls).toBe(2)
  })

  test('a class instance is never reshaped across tabs: the leader’s callers get it, waiting tabs run fn', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const ada = new User('ada')
    const grace = new User('grace')
    const { leader, follower, fn } = await leadAndFollow(a!, b!, { users: [ada] }, { users: [grace] })
    const [mine, theirs] = [await leader, await follower]
    expect(mine.users[0]).toBe(ada)
    expect(theirs.users[0]).toBe(grace)
    expect(theirs.users[0]!.greet()).toBe('hi grace')
    expect(fn.calls).toBe(2)
  })

  test('Map, Set, Date, typed arrays and plain data cross tabs: fn runs once', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const value = {
      at: new Date(0),
      tags: new Set(['x']),
      byId: new Map([[1, { n: [1, 2] }]]),
      bytes: new Uint8Array([7]),
    }
    const { leader, follower, fn } = await leadAndFollow(a!, b!, value, value)
    expect(await leader).toBe(value)
    expect(await follower).toEqual(value)
    expect(fn.calls).toBe(1)
  })

  test('a failure ignored by a caller in the leading tab and one in a waiting tab is reported once in each', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const failure = deferred<never>()
    const fn = counted([failure.promise])
    const watch = watchUnhandled()
    void a!.group.do('k', fn)
    await idle()
    void b!.group.do('k', fn)
    await idle()
    const error = new TypeError('down')
    failure.reject(error)
    await idle()
    const reasons = await watch.stop()
    expect(reasons).toHaveLength(2)
    expect(reasons[0]).toBe(error)
    expect(reasons[1]).toEqual(error)
  })

  test('forget acts in its own tab only: its next call starts a new flight, other tabs keep the old one', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const one = deferred<string>()
    const fn = counted([one.promise, 'two'])
    const first = a!.group.do('k', fn)
    await idle()
    const joined = b!.group.do('k', fn)
    await idle()
    a!.group.forget('k')
    const afterForget = a!.group.do('k', fn)
    await idle()
    // The new flight waits for the key's lock, held by the old flight.
    expect(fn.calls).toBe(1)
    one.resolve('one')
    expect([await first, await joined]).toEqual(['one', 'one'])
    expect(await afterForget).toBe('two')
    expect(fn.calls).toBe(2)
  })

  test('garbage and messages for another group, key or flight are ignored and break nothing', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const data = deferred<string>()
    const fn = counted([data.promise])
    const leader = a!.group.do('k', fn)
    await idle()
    const follower = b!.group.do('k', fn)
    await idle()
    const stranger = world.bus.open(99, 'oneflight:app')
    const real = { p: PROTOCOL, g: 'app', h: '"k"', t: 'value', f: `t${a!.tab}-1`, value: 'forged' }
    const garbage: unknown[] = [
      null,
      undefined,
      0,
      'value',
      [],
      {},
      new Uint8Array(4),
      { ...real, p: 'oneflight/tabs@0' },
      { ...real, g: 'other' },
      { ...real, h: '"other"' },
      { ...real, f: 'unknown flight' },
      { ...real, f: '' },
      { ...real, f: 'x'.repeat(65) },
      { ...real, t: 'unknown' },
      { ...real, t: 'error', name: 5 },
      { ...real, t: 'error', rebuilt: true },
      { ...real, t: 'start', to: 7 },
      { ...real, t: 'hello' },
    ]
    for (const message of garbage) stranger.postMessage(message)
    stranger.postMessage({ ...real, t: 'hello', n: 'stranger' })
    await idle()
    data.resolve('data')
    expect([await leader, await follower]).toEqual(['data', 'data'])
    expect(fn.calls).toBe(1)
  })

  test('a tab that holds the wait lock and never answers delays the lock by at most drainMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const tick = async () => {
      await vi.advanceTimersByTimeAsync(0)
      await new Promise((resolve) => setImmediate(resolve))
    }
    const world = new World()
    const [a, b] = openTabs(world, 2, 'app', 1000)
    // A frozen tab: it took the wait lock, then stopped running.
    void world.locks.client(99).request('oneflight-wait:app:"k"', { mode: 'shared' }, () => new Promise(() => {}))
    const data = deferred<string>()
    const fn = counted([data.promise, 'from b'])
    const first = a!.group.do('k', fn)
    for (let i = 0; i < 20; i++) await tick()
    data.resolve('data')
    expect(await first).toBe('data')
    for (let i = 0; i < 20; i++) await tick()
    expect(world.locks.holders(leadLock('k'))).toEqual([a!.tab])
    await vi.advanceTimersByTimeAsync(999)
    expect(world.locks.holders(leadLock('k'))).toEqual([a!.tab])
    await vi.advanceTimersByTimeAsync(1)
    expect(world.locks.holders(leadLock('k'))).toEqual([])
    // The next flight goes ahead; the frozen tab holds up nobody any more.
    const next = b!.group.do('k', fn)
    for (let i = 0; i < 20; i++) await tick()
    expect(await next).toBe('from b')
    expect(fn.calls).toBe(2)
  })
})
