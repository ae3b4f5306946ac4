import { expect, test } from 'vitest'
import { createTabGroup } from '../../src/tabs'
import { deferred } from '../deferred'
import { watchUnhandled } from '../unhandled'

/** fallbackTests: createTabGroup where Web Locks are missing behaves as an in-tab Group. */
export const fallbackTests = (): void => {
  test('without Web Locks it falls back to an in-tab group', () => {
    expect(createTabGroup({ name: 'app' }).crossTab).toBe(false)
  })

  test('the fallback joins concurrent callers of a key into one call, as Group does', async () => {
    const group = createTabGroup()
    const data = deferred<string>()
    let calls = 0
    const fn = () => (calls++, data.promise)
    const all = [group.settle(['user', 1], fn), group.settle(['user', 1], fn)]
    expect(group.size).toBe(1)
    data.resolve('ada')
    expect(await Promise.all(all)).toEqual([
      { status: 'fulfilled', value: 'ada', shared: true },
      { status: 'fulfilled', value: 'ada', shared: true },
    ])
    expect(calls).toBe(1)
    expect(group.size).toBe(0)
  })

  test('the fallback keeps nothing after settling, forgets and rejects as Group does', async () => {
    const group = createTabGroup()
    await expect(group.do('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await group.do('k', () => 2)).toBe(2)
    const old = group.do('k', () => new Promise<number>((resolve) => setTimeout(resolve, 0, 3)))
    group.forget('k')
    expect(await group.do('k', () => 4)).toBe(4)
    expect(await old).toBe(3)
  })

  test('a failure in the fallback that its caller ignores is reported once as an unhandled rejection', async () => {
    const watch = watchUnhandled()
    const error = new Error('ignored')
    void createTabGroup().do('k', () => Promise.reject(error))
    expect(await watch.stop()).toEqual([error])
  })

  test('bad options and arguments throw TypeErrors that name the problem', () => {
    expect(() => createTabGroup({ name: '' })).toThrow(/options.name must be a non-empty string/)
    expect(() => createTabGroup({ name: 5 as unknown as string })).toThrow(TypeError)
    expect(() => createTabGroup('app' as never)).toThrow(/options must be an object/)
    const group = createTabGroup()
    expect(() => group.do(undefined as never, () => 1)).toThrow(TypeError)
    expect(() => group.do('k', 'fn' as never)).toThrow(/oneflight: invalid fn: not a function/)
  })
}
