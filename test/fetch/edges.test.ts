import { describe, expect, it, vi } from 'vitest'
import { createFetch, type FetchFunction } from '../../src/fetch'
import { deferred } from '../deferred'
import { foreignController, LookAlike } from '../signals'
import { watchUnhandled } from '../unhandled'

const URL_A = 'https://api.example/a'

/** A fetch that counts calls and answers each with what `respond` makes. */
const spyFetch = (respond: () => Response | Promise<Response> = () => new Response('ok')) =>
  vi.fn<FetchFunction>(async () => respond())

describe('createFetch: opaque responses', () => {
  it('callers of a status-0 response get distinct Response objects with its status and type', async () => {
    const fetch = createFetch({ fetch: spyFetch(() => Response.error()) })
    const [a, b] = await Promise.all([fetch(URL_A), fetch(URL_A)])
    expect(a).not.toBe(b)
    for (const response of [a!, b!]) expect([response.status, response.type]).toEqual([0, 'error'])
  })

  it('the second caller of an opaque response can still use its body after the first used its own', async () => {
    // An opaque response has status 0 and a body script cannot read but
    // cache.put can; Node cannot make one, so this stands in for it.
    const opaque = () => Object.defineProperty(new Response('hidden'), 'status', { value: 0 })
    const fetch = createFetch({ fetch: spyFetch(opaque) })
    const [a, b] = await Promise.all([fetch(URL_A), fetch(URL_A)])
    expect(await a!.text()).toBe('hidden')
    expect(b!.bodyUsed).toBe(false)
    expect(await b!.text()).toBe('hidden')
  })
})

describe('createFetch: init fields the key cannot see', () => {
  it('a request whose init has a non-standard field (dispatcher, next, anything) goes straight through', async () => {
    const spy = spyFetch()
    const fetch = createFetch({ fetch: spy })
    const first = { dispatcher: { name: 'a' } } as RequestInit
    const second = { dispatcher: { name: 'b' } } as RequestInit
    const next = { next: { revalidate: 10 } } as RequestInit
    const inherited = Object.create({ custom: true }) as RequestInit
    await Promise.all([fetch(URL_A, first), fetch(URL_A, second), fetch(URL_A, next), fetch(URL_A, next)])
    await Promise.all([fetch(URL_A, inherited), fetch(URL_A, inherited)])
    expect(spy).toHaveBeenCalledTimes(6)
    expect(spy.mock.calls.map(([, init]) => init)).toEqual([first, second, next, next, inherited, inherited])
  })

  it('keepalive and priority do not change the response, so requests differing only in them share', async () => {
    const spy = spyFetch()
    const fetch = createFetch({ fetch: spy })
    await Promise.all([fetch(URL_A), fetch(URL_A, { keepalive: true }), fetch(URL_A, { priority: 'low' })])
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('a window, duplex or priority value fetch would reject goes straight through, to fail alone', async () => {
    const spy = spyFetch()
    const fetch = createFetch({ fetch: spy })
    const odd = [{ window: {} }, { duplex: 'full' }, { priority: 'urgent' }] as unknown as RequestInit[]
    await Promise.all([fetch(URL_A), ...odd.map((init) => fetch(URL_A, init))])
    expect(spy).toHaveBeenCalledTimes(4)
  })
})

describe('createFetch: signals and bad input', () => {
  it('a signal from another realm is accepted: the shared request runs and its abort rejects only its caller', async () => {
    const answer = deferred<Response>()
    const spy = vi.fn<FetchFunction>(() => answer.promise)
    const fetch = createFetch({ fetch: spy })
    const controller = foreignController()
    const leaving = fetch(URL_A, { signal: controller.signal })
    const staying = fetch(URL_A)
    controller.abort('left')
    await expect(leaving).rejects.toBe('left')
    answer.resolve(new Response('ok'))
    expect(await (await staying).text()).toBe('ok')
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('bad input never throws: a look-alike signal, a non-object init and a throwing fetch are rejected promises', async () => {
    const fetch = createFetch({
      fetch: () => {
        throw new TypeError('sync failure')
      },
    })
    const calls: Array<() => Promise<Response>> = [
      () => fetch(URL_A, { signal: new LookAlike() as unknown as AbortSignal }),
      () => fetch(URL_A, { method: 'POST', body: 'x', signal: {} as AbortSignal }),
      () => fetch(URL_A, 5 as unknown as RequestInit),
      () => fetch(URL_A, { method: 'POST', body: 'x' }),
      () => fetch(URL_A),
    ]
    for (const call of calls) {
      let promise: Promise<Response> | undefined
      expect(() => (promise = call())).not.toThrow()
      await expect(promise).rejects.toBeInstanceOf(TypeError)
    }
    await expect(calls[0]!()).rejects.toThrow(/oneflight\/fetch: the signal must be an AbortSignal/)
  })

  it('a failed request whose callers ignore it is reported once per caller, as native fetch would be', async () => {
    const watch = watchUnhandled()
    const error = new TypeError('network down')
    const fetch = createFetch({ fetch: () => Promise.reject(error) })
    void fetch(URL_A)
    void fetch(URL_A)
    fetch(URL_A).catch(() => {})
    void fetch(URL_A, { method: 'POST', body: 'x' })
    expect(await watch.stop()).toEqual([error, error, error])
  })
})
