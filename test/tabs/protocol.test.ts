import { describe, expect, test } from 'vitest'
import { deferred } from '../deferred'
import { counted, idle, leadLock, openTabs, World } from './world'

describe('createTabGroup across tabs (fake Web Locks and BroadcastChannel)', () => {
  test('tabs asking while a flight runs receive its result and fn runs once', async () => {
    const world = new World()
    const [a, b, c] = openTabs(world, 3)
    const data = deferred<string>()
    const fn = counted([data.promise])
    const first = a!.group.settle('me', fn)
    await idle()
    const others = [b!.group.settle('me', fn), c!.group.settle('me', fn)]
    await idle()
    data.resolve('data')
    expect(await first).toEqual({ status: 'fulfilled', value: 'data', shared: false })
    expect(await Promise.all(others)).toEqual([
      { status: 'fulfilled', value: 'data', shared: true },
      { status: 'fulfilled', value: 'data', shared: true },
    ])
    expect(fn.calls).toBe(1)
  })

  test('five tabs asking at the same moment elect one leader and make one call', async () => {
    const world = new World()
    const tabs = openTabs(world, 5)
    const data = deferred<number>()
    const fn = counted([data.promise])
    const all = Promise.all(tabs.map((t) => t.group.do('me', fn)))
    await idle()
    data.resolve(42)
    expect(await all).toEqual([42, 42, 42, 42, 42])
    expect(fn.calls).toBe(1)
  })

  test('a tab that said hello before anyone led joins the tab that leads afterwards', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    // Another tab holds the lead lock, so both hellos go out with no leader to answer them.
    void world.locks.client(99).request(leadLock('me'), { mode: 'exclusive' }, () => new Promise(() => {}))
    const data = deferred<string>()
    const fn = counted([data.promise])
    const both = Promise.all([a!.group.do('me', fn), b!.group.do('me', fn)])
    await idle()
    world.crash(99)
    await idle()
    data.resolve('data')
    expect(await both).toEqual(['data', 'data'])
    expect(fn.calls).toBe(1)
  })

  test('the leading tab reports shared only when more than one of its callers received the result', async () => {
    const world = new World()
    const [a] = openTabs(world, 1)
    const fn = counted([0, 1])
    expect(await a!.group.settle('k', fn)).toEqual({ status: 'fulfilled', value: 0, shared: false })
    await idle()
    const two = [a!.group.settle('k', fn), a!.group.settle('k', fn)]
    expect(await Promise.all(two)).toEqual([
      { status: 'fulfilled', value: 1, shared: true },
      { status: 'fulfilled', value: 1, shared: true },
    ])
  })

  test('a waiting tab is never granted the lead lock before it has read the result (post-then-release race)', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const data = deferred<string>()
    const fn = counted([data.promise, 'second request'])
    const leader = a!.group.do('me', fn)
    await idle()
    const follower = b!.group.do('me', fn)
    await idle()
    // The result is posted but held in transit, as a slow channel would.
    world.bus.hold()
    data.resolve('data')
    expect(await leader).toBe('data')
    await idle()
    expect(world.locks.holders(leadLock('me'))).toEqual([a!.tab])
    expect(fn.calls).toBe(1)
    world.bus.release()
    expect(await follower).toBe('data')
    await idle()
    expect(fn.calls).toBe(1)
    expect(world.locks.heldNames()).toEqual([])
  })

  test('every lock is given back and the channel closed once the flight is over', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const data = deferred<number>()
    const fn = counted([data.promise])
    const both = Promise.all([a!.group.do('k', fn), b!.group.do('k', fn)])
    await idle()
    data.resolve(1)
    expect(await both).toEqual([1, 1])
    await idle()
    expect(world.locks.heldNames()).toEqual([])
    expect(world.bus.channels.size).toBe(0)
    expect(a!.group.size + b!.group.size).toBe(0)
  })

  test('the leading tab closing mid-flight passes the flight to a waiting tab and the rest get its result', async () => {
    const world = new World()
    const [a, b, c] = openTabs(world, 3)
    const second = deferred<string>()
    const fn = counted([new Promise<string>(() => {}), second.promise])
    void a!.group.do('me', fn)
    await idle()
    const rest = Promise.all([b!.group.settle('me', fn), c!.group.settle('me', fn)])
    await idle()
    world.crash(a!.tab)
    await idle()
    expect(fn.calls).toBe(2)
    second.resolve('from b or c')
    const results = await rest
    expect(results.map((r) => r.status === 'fulfilled' && r.value)).toEqual(['from b or c', 'from b or c'])
    // One of them led (one caller there: not shared), the other received it.
    expect(results.map((r) => r.shared).sort()).toEqual([false, true])
    expect(fn.calls).toBe(2)
  })

  test("after a crash, a waiting tab that missed the next leader's answer does not hold up its drain", async () => {
    const world = new World()
    const [a, b, c] = openTabs(world, 3)
    // b's flight settles at once: it posts its result before c's second hello reaches it.
    const fn = counted([new Promise<string>(() => {}), 'from b', 'from c'])
    void a!.group.do('me', fn)
    await idle()
    const fromB = b!.group.do('me', fn)
    await idle()
    const fromC = c!.group.do('me', fn)
    await idle()
    world.crash(a!.tab)
    expect(await fromB).toBe('from b')
    // Without handing the wait lock back, c would wait for b's drain timeout (3 s).
    expect(await Promise.race([fromC, idle().then(() => 'stalled')])).toBe('from c')
    expect(fn.calls).toBe(3)
  })

  test('when every caller in the leading tab aborts, fn is aborted and a waiting tab runs fn itself', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const controller = new AbortController()
    const fn = counted([new Promise<string>(() => {}), 'from b'])
    const aborted = a!.group.do('me', fn, { signal: controller.signal })
    await idle()
    const waiting = b!.group.do('me', fn)
    await idle()
    controller.abort(new Error('left'))
    await expect(aborted).rejects.toThrow('left')
    expect(fn.signals[0]!.aborted).toBe(true)
    expect(await waiting).toBe('from b')
    expect(fn.calls).toBe(2)
  })

  test('a waiting tab whose callers all abort stops waiting and holds up nobody', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const data = deferred<string>()
    const fn = counted([data.promise])
    const leader = a!.group.do('me', fn)
    await idle()
    const controller = new AbortController()
    const waiting = b!.group.do('me', fn, { signal: controller.signal })
    await idle()
    controller.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    data.resolve('data')
    expect(await leader).toBe('data')
    // The leader's drain did not wait for b (it would hold the lock for drainMs).
    await idle()
    expect(world.locks.heldNames()).toEqual([])
  })

  test('one caller aborting in a waiting tab leaves its other callers and the flight untouched', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const data = deferred<string>()
    const fn = counted([data.promise])
    const leader = a!.group.do('me', fn)
    await idle()
    const controller = new AbortController()
    const leaving = b!.group.do('me', fn, { signal: controller.signal })
    const staying = b!.group.do('me', fn, { signal: new AbortController().signal })
    await idle()
    controller.abort(new Error('one left'))
    await expect(leaving).rejects.toThrow('one left')
    data.resolve('data')
    expect([await leader, await staying]).toEqual(['data', 'data'])
    expect(fn.calls).toBe(1)
  })

  test('a call whose hello reached the leader after it posted its result starts a new flight, never gets the old result', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const old = deferred<string>()
    const fn = counted([old.promise, 'new'])
    const leader = a!.group.do('me', fn)
    await idle()
    world.bus.hold()
    const late = b!.group.do('me', fn)
    await idle()
    // b's hello is in transit when the leader posts: it reaches a after the result.
    old.resolve('old')
    expect(await leader).toBe('old')
    world.bus.release()
    expect(await late).toBe('new')
    expect(fn.calls).toBe(2)
  })

  test('a call made after the flight settled in every tab starts a new flight', async () => {
    const world = new World()
    const [a, b] = openTabs(world, 2)
    const fn = counted(['first', 'second'])
    expect(await a!.group.do('me', fn)).toBe('first')
    await idle()
    expect(await b!.group.do('me', fn)).toBe('second')
    expect(fn.calls).toBe(2)
  })

  test('groups with different names never share a flight', async () => {
    const world = new World()
    const [a] = openTabs(world, 1, 'one')
    const [b] = openTabs(world, 1, 'two')
    const data = deferred<string>()
    const fn = counted([data.promise, 'two'])
    const results = Promise.all([a!.group.do('me', fn), b!.group.do('me', fn)])
    await idle()
    data.resolve('one')
    expect(await results).toEqual(['one', 'two'])
    expect(fn.calls).toBe(2)
  })
})
