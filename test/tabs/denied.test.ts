import { afterEach, describe, expect, test, vi } from 'vitest'
import { createTabGroup } from '../../src/tabs'
import { createTabGroupWith } from '../../src/tabs/tab-group'
import { deferred } from '../deferred'
import { watchUnhandled } from '../unhandled'
import { deniedLocks, World } from './fakes'
import { idle } from './world'

/** What `promise` has come to after everything due has run: its outcome, or 'pending'. */
const state = async (promise: Promise<unknown>): Promise<unknown> => {
  let outcome: unknown = 'pending'
  promise.then(
    (value) => (outcome = { value }),
    (reason: unknown) => (outcome = { reason }),
  )
  await idle()
  return outcome
}

describe('createTabGroup where Web Locks are denied', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  test('a SecurityError from the lock manager falls back to an in-tab group: callers join, fn runs once', async () => {
    const world = new World()
    const locks = deniedLocks()
    const group = createTabGroupWith('app', { ...world.deps(), locks })
    const data = deferred<string>()
    let calls = 0
    const fn = () => (calls++, data.promise)
    const first = group.do('k', fn)
    const second = group.settle('k', fn)
    await idle()
    expect(calls).toBe(1)
    expect(group.crossTab).toBe(false)
    data.resolve('v')
    expect(await state(first)).toEqual({ value: 'v' })
    expect(await second).toEqual({ status: 'fulfilled', value: 'v', shared: true })
    // From now on the group stays in this tab: no lock is asked for again.
    const asked = locks.requests
    expect(await state(group.do('k', () => 'again'))).toEqual({ value: 'again' })
    expect(locks.requests).toBe(asked)
  })

  test('a lock manager that throws, or ends a request without granting it, falls back too: no call waits forever', async () => {
    for (const how of ['throw', 'never-grant'] as const) {
      const world = new World()
      const group = createTabGroupWith('app', { ...world.deps(), locks: deniedLocks(how) })
      expect(await state(group.do('k', () => how))).toEqual({ value: how })
      expect(group.crossTab).toBe(false)
    }
  })

  test('a channel that cannot be opened falls back to an in-tab group', async () => {
    const world = new World()
    const openChannel = () => {
      throw new DOMException('denied', 'SecurityError')
    }
    const group = createTabGroupWith('app', { ...world.deps(), openChannel })
    expect(await state(group.do('k', () => 'local'))).toEqual({ value: 'local' })
    expect(group.crossTab).toBe(false)
  })

  test('createTabGroup on a page whose navigator.locks rejects every request still answers every call', async () => {
    vi.stubGlobal('navigator', { locks: deniedLocks() })
    const group = createTabGroup({ name: 'sandboxed' })
    expect(group.crossTab).toBe(true)
    expect(await state(group.do('k', () => 1))).toEqual({ value: 1 })
    expect(group.crossTab).toBe(false)
    await expect(group.do('k', () => Promise.reject(new Error('no')))).rejects.toThrow('no')
  })

  test('a failure in the denied fallback that its caller ignores is reported once as an unhandled rejection', async () => {
    const world = new World()
    const group = createTabGroupWith('app', { ...world.deps(), locks: deniedLocks() })
    const error = new Error('ignored')
    const watch = watchUnhandled()
    void group.do('k', () => Promise.reject(error))
    await idle()
    void group.do('k', () => Promise.reject(error))
    expect(await watch.stop()).toEqual([error, error])
  })
})
