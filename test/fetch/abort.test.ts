import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFetch } from '../../src/fetch'
import { startOrigin, type Echo, type Origin } from './origin'

let origin: Origin
beforeEach(async () => {
  origin = await startOrigin()
})
afterEach(() => origin.close())

describe('createFetch: per-caller signals', () => {
  it('one of three callers aborting rejects it at once; 1 request, 2 bodies', async () => {
    const fetch = createFetch()
    origin.hold()
    const leaving = new AbortController()
    // The leaving caller is the one whose request the flight sends.
    const b = fetch(origin.url('/echo'), { signal: leaving.signal })
    const a = fetch(origin.url('/echo'))
    const c = fetch(origin.url('/echo'), { signal: new AbortController().signal })
    await origin.arrived(1)
    leaving.abort()
    // Rejected while the origin still holds the request.
    await expect(b).rejects.toMatchObject({ name: 'AbortError' })
    expect(origin.hits).toBe(1)
    origin.release()
    const bodies = (await Promise.all([(await a).json(), (await c).json()])) as Echo[]
    expect(bodies.map((e) => e.hit)).toEqual([1, 1])
    expect(origin.hits).toBe(1)
    expect(origin.closedEarly).toBe(0)
  })

  it('an aborted caller rejects with its signal’s reason', async () => {
    const fetch = createFetch()
    origin.hold()
    const controller = new AbortController()
    const reason = new Error('user left the page')
    const call = fetch(origin.url('/echo'), { signal: controller.signal })
    const other = fetch(origin.url('/echo'))
    controller.abort(reason)
    await expect(call).rejects.toBe(reason)
    origin.release()
    await expect((await other).json()).resolves.toMatchObject({ hit: 1 })
  })

  it('a Request’s own signal is its caller’s signal', async () => {
    const fetch = createFetch()
    origin.hold()
    const controller = new AbortController()
    const call = fetch(new Request(origin.url('/echo'), { signal: controller.signal }))
    const other = fetch(origin.url('/echo'))
    await origin.arrived(1)
    controller.abort()
    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    origin.release()
    expect((await other).status).toBe(200)
    expect(origin.hits).toBe(1)
  })

  it('when every caller aborts, the origin sees the request closed early', async () => {
    const fetch = createFetch()
    origin.hold()
    const controllers = [new AbortController(), new AbortController(), new AbortController()]
    const calls = controllers.map((c) => fetch(origin.url('/echo'), { signal: c.signal }))
    await origin.arrived(1)
    for (const c of controllers) c.abort()
    for (const call of calls) await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    await origin.closed(1)
    expect(origin.closedEarly).toBe(1)
    expect(origin.hits).toBe(1)
  })

  it('aborting every caller while the body downloads cancels the request too', async () => {
    const fetch = createFetch()
    const controllers = [new AbortController(), new AbortController()]
    const calls = controllers.map((c) => fetch(origin.url('/slow-body'), { signal: c.signal }))
    await origin.arrived(1)
    for (const c of controllers) c.abort()
    for (const call of calls) await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    await origin.closed(1)
    expect(origin.closedEarly).toBe(1)
  })

  it('a caller without a signal keeps the request alive when all the others abort', async () => {
    const fetch = createFetch()
    origin.hold()
    const controllers = [new AbortController(), new AbortController()]
    const keeper = fetch(origin.url('/echo'))
    const leavers = controllers.map((c) => fetch(origin.url('/echo'), { signal: c.signal }))
    await origin.arrived(1)
    for (const c of controllers) c.abort()
    for (const call of leavers) await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    origin.release()
    await expect((await keeper).json()).resolves.toMatchObject({ hit: 1 })
    expect(origin.closedEarly).toBe(0)
  })

  it('after every caller aborted, a new caller starts a new request instead of joining the doomed one', async () => {
    const fetch = createFetch()
    origin.hold()
    const controller = new AbortController()
    const doomed = fetch(origin.url('/echo'), { signal: controller.signal })
    await origin.arrived(1)
    controller.abort()
    await expect(doomed).rejects.toMatchObject({ name: 'AbortError' })
    const fresh = fetch(origin.url('/echo'))
    await origin.arrived(2)
    origin.release()
    await expect((await fresh).json()).resolves.toMatchObject({ hit: 2 })
  })

  it('an already-aborted signal rejects without any request', async () => {
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    const reason = new Error('too late')
    await expect(fetch(origin.url('/echo'), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(spy).not.toHaveBeenCalled()
  })
})
