import { describe, expect, it } from 'vitest'
import { Group } from '../../src/core'
import { deferred } from '../deferred'
import { watchUnhandled } from '../unhandled'

// DESIGN semantic 10: every promise a caller gets behaves as a native one.
describe('Group: failures nobody handles are reported, as a native promise would be', () => {
  it('a failed flight whose only caller ignores it is reported once as an unhandled rejection', async () => {
    const watch = watchUnhandled()
    const error = new Error('ignored')
    void new Group().do('k', () => Promise.reject(error))
    expect(await watch.stop()).toEqual([error])
  })

  it('fn throwing synchronously to a caller that ignores it is reported once', async () => {
    const watch = watchUnhandled()
    const error = new Error('thrown')
    void new Group().do('k', () => {
      throw error
    })
    expect(await watch.stop()).toEqual([error])
  })

  it('a caller that handles its rejection is never reported', async () => {
    const watch = watchUnhandled()
    const group = new Group()
    const seen: unknown[] = []
    group.do('k', () => Promise.reject(new Error('handled'))).catch((error: unknown) => seen.push(error))
    expect(await watch.stop()).toEqual([])
    expect(seen).toHaveLength(1)
  })

  it('callers joining with a signal or through settle never mark a signal-less caller as handled', async () => {
    const watch = watchUnhandled()
    const group = new Group()
    const work = deferred<never>()
    const error = new Error('joined')
    void group.do('k', () => work.promise)
    const settled = group.settle('k', () => work.promise)
    const withSignal = group.do('k', () => work.promise, { signal: new AbortController().signal }).catch(() => 'caught')
    work.reject(error)
    expect(await settled).toEqual({ status: 'rejected', reason: error, shared: true })
    expect(await withSignal).toBe('caught')
    expect(await watch.stop()).toEqual([error])
  })

  it('joining signal-less callers share one promise: handling it once handles it for all of them', async () => {
    const watch = watchUnhandled()
    const group = new Group()
    const work = deferred<never>()
    const first = group.do('k', () => work.promise)
    const second = group.do('k', () => work.promise)
    const third = group.do('k', () => work.promise)
    expect(third).toBe(second)
    first.catch(() => {})
    second.catch(() => {})
    work.reject(new Error('shared'))
    expect(await watch.stop()).toEqual([])
  })

  it('a caller with a signal that ignores its failure is reported, and so is one whose signal aborts', async () => {
    const watch = watchUnhandled()
    const group = new Group()
    const error = new Error('failed')
    void group.do('a', () => Promise.reject(error), { signal: new AbortController().signal })
    const controller = new AbortController()
    void group.do('b', () => deferred<never>().promise, { signal: controller.signal })
    controller.abort('left')
    expect(await watch.stop()).toEqual(['left', error])
  })
})
