import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFetch } from '../../src/fetch'
import { startOrigin, type Echo, type Origin } from './origin'

let origin: Origin
beforeEach(async () => {
  origin = await startOrigin()
})
afterEach(async () => {
  vi.unstubAllGlobals()
  await origin.close()
})

describe('createFetch: which requests share one network request', () => {
  it('50 concurrent identical GETs make 1 request and give 50 readable bodies', async () => {
    const fetch = createFetch()
    origin.hold()
    const calls = Array.from({ length: 50 }, () => fetch(origin.url('/echo')))
    await origin.arrived(1)
    origin.release()
    const responses = await Promise.all(calls)
    expect(origin.hits).toBe(1)
    expect(new Set(responses).size).toBe(50)
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Echo[]
    expect(bodies).toHaveLength(50)
    for (const body of bodies) expect(body).toMatchObject({ method: 'GET', path: '/echo', hit: 1 })
  })

  it('sequential GETs each make their own request: nothing is kept after a flight', async () => {
    const fetch = createFetch()
    const first = (await (await fetch(origin.url('/echo'))).json()) as Echo
    const second = (await (await fetch(origin.url('/echo'))).json()) as Echo
    const third = (await (await fetch(origin.url('/echo'))).json()) as Echo
    expect([first.hit, second.hit, third.hit]).toEqual([1, 2, 3])
    expect(origin.hits).toBe(3)
  })

  it('5 concurrent POSTs make 5 requests', async () => {
    const fetch = createFetch()
    const calls = Array.from({ length: 5 }, () => fetch(origin.url('/echo'), { method: 'POST', body: 'x' }))
    const responses = await Promise.all(calls)
    expect(origin.hits).toBe(5)
    const hits = await Promise.all(responses.map(async (r) => ((await r.json()) as Echo).hit))
    expect(hits.sort()).toEqual([1, 2, 3, 4, 5])
  })

  it('other methods and requests with a body go straight through with the caller’s own arguments', async () => {
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    const used = new Request(origin.url('/echo'), { method: 'POST', body: 'x' })
    await used.text()
    const put = { method: 'put', body: 'y' }
    await Promise.all([fetch(used), fetch(used), fetch(origin.url('/a'), put), fetch(origin.url('/a'), put)])
    await Promise.all([fetch(origin.url('/a'), { method: 'DELETE' }), fetch(origin.url('/a'), { method: 'DELETE' })])
    expect(spy).toHaveBeenCalledTimes(6)
    expect(spy.mock.calls[0]).toEqual([used, undefined])
    expect(spy.mock.calls[2]).toEqual([origin.url('/a'), put])
  })

  it('requests that accept an event stream go straight through, since a shared body is read to its end first', async () => {
    const spy = vi.fn(async () => new Response('data: 1\n\n'))
    const fetch = createFetch({ fetch: spy })
    const sse = { headers: { Accept: 'text/event-stream' } }
    await Promise.all([fetch(origin.url('/events'), sse), fetch(origin.url('/events'), sse)])
    expect(spy).toHaveBeenCalledTimes(2)
  })

  it('GETs with different Authorization make 2 requests and each caller sees its own', async () => {
    const fetch = createFetch()
    const as = (token: string) => fetch(origin.url('/echo'), { headers: { Authorization: token } })
    const [a1, b, a2] = await Promise.all([as('Bearer a'), as('Bearer b'), as('Bearer a')])
    expect(origin.hits).toBe(2)
    const seen = (await Promise.all([a1, b, a2].map((r) => r.json()))) as Echo[]
    expect(seen.map((e) => e.headers.authorization)).toEqual(['Bearer a', 'Bearer b', 'Bearer a'])
    expect(seen[0]!.hit).toBe(seen[2]!.hit)
  })

  it('header names are case-insensitive and header values exact', async () => {
    const fetch = createFetch()
    const url = origin.url('/echo')
    await Promise.all([
      fetch(url, { headers: { 'X-Token': 'abc' } }),
      fetch(url, { headers: { 'x-token': 'abc' } }),
      fetch(url, { headers: [['X-TOKEN', 'abc']] }),
    ])
    expect(origin.hits).toBe(1)
    await Promise.all([fetch(url, { headers: { 'X-Token': 'abc' } }), fetch(url, { headers: { 'X-Token': 'ABC' } })])
    expect(origin.hits).toBe(3)
  })

  it('a header one request has and the other lacks keeps them apart', async () => {
    const fetch = createFetch()
    const url = origin.url('/echo')
    await Promise.all([
      fetch(url),
      fetch(url, { headers: { Accept: 'text/html' } }),
      fetch(url, { headers: { Cookie: 'x=1' } }),
    ])
    expect(origin.hits).toBe(3)
  })

  it('different credentials modes make separate requests', async () => {
    const fetch = createFetch()
    const url = origin.url('/echo')
    await Promise.all([
      fetch(url, { credentials: 'omit' }),
      fetch(url, { credentials: 'include' }),
      fetch(url, { credentials: 'same-origin' }),
      fetch(url),
    ])
    // The last one uses the default, same-origin, so it shares with the third.
    expect(origin.hits).toBe(3)
  })

  it('different cache or redirect modes make separate requests', async () => {
    const fetch = createFetch()
    const url = origin.url('/echo')
    await Promise.all([
      fetch(url),
      fetch(url, { cache: 'no-store' }),
      fetch(url, { redirect: 'manual' }),
      fetch(url, { cache: 'default', redirect: 'follow' }),
    ])
    // The last one spells out the defaults, so it shares with the first.
    expect(origin.hits).toBe(3)
  })

  it('the flight sends the first caller’s request with its referrer policy, under the flight’s own signal', async () => {
    const spy = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    const caller = new AbortController()
    const request = new Request(origin.url('/echo'), { referrerPolicy: 'no-referrer', signal: caller.signal })
    await fetch(request)
    const [input, init] = spy.mock.calls[0]!
    expect(input).toBe(request)
    const sent = new Request(input, init)
    expect(sent.referrerPolicy).toBe('no-referrer')
    expect(init?.signal).toBeInstanceOf(AbortSignal)
    expect(init?.signal).not.toBe(caller.signal)
  })

  it('identical HEAD requests share one request', async () => {
    const fetch = createFetch()
    const responses = await Promise.all([1, 2, 3].map(() => fetch(origin.url('/echo'), { method: 'head' })))
    expect(origin.hits).toBe(1)
    for (const r of responses) {
      expect(r.status).toBe(200)
      expect(r.body).toBeNull()
      expect(r.headers.get('x-hit')).toBe('1')
    }
  })

  it('a GET and a HEAD of one URL never share', async () => {
    const fetch = createFetch()
    const [get, head] = await Promise.all([fetch(origin.url('/echo')), fetch(origin.url('/echo'), { method: 'HEAD' })])
    expect(origin.hits).toBe(2)
    expect(((await get.json()) as Echo).method).toBe('GET')
    expect(head.body).toBeNull()
  })

  it('Request, URL and string inputs for one request share one network request', async () => {
    const fetch = createFetch()
    const href = origin.url('/echo?q=1')
    const responses = await Promise.all([
      fetch(href),
      fetch(new URL(href)),
      fetch(new Request(href)),
      fetch(new Request(href), { method: 'GET', headers: {} }),
    ])
    expect(origin.hits).toBe(1)
    for (const r of responses) expect(((await r.json()) as Echo).path).toBe('/echo?q=1')
  })

  it('init.headers replaces a Request’s headers, as fetch does', async () => {
    const fetch = createFetch()
    const request = new Request(origin.url('/echo'), { headers: { Authorization: 'Bearer a' } })
    const [own, replaced] = await Promise.all([
      fetch(request),
      fetch(request, { headers: { Authorization: 'Bearer b' } }),
    ])
    expect(origin.hits).toBe(2)
    expect(((await own.json()) as Echo).headers.authorization).toBe('Bearer a')
    expect(((await replaced.json()) as Echo).headers.authorization).toBe('Bearer b')
  })

  it('a relative URL in Node rejects with a TypeError that says why, and sends nothing', async () => {
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    const call = fetch('/api/me')
    expect(call).toBeInstanceOf(Promise)
    await expect(call).rejects.toThrow(TypeError)
    await expect(fetch('/api/me')).rejects.toThrow(/relative URL "\/api\/me".*no `location`/)
    expect(spy).not.toHaveBeenCalled()
  })

  it('a relative URL resolves against location when there is one', async () => {
    vi.stubGlobal('location', { href: origin.url('/app/page') })
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    await Promise.all([fetch('../echo'), fetch(origin.url('/echo'))])
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('uses options.fetch, else the global fetch as it is at call time', async () => {
    const fetch = createFetch()
    const spy = vi.fn(async () => new Response('from the stub'))
    vi.stubGlobal('fetch', spy)
    await expect((await fetch(origin.url('/echo'))).text()).resolves.toBe('from the stub')
    expect(spy).toHaveBeenCalledTimes(1)
    expect(origin.hits).toBe(0)
    const injected = vi.fn(async () => new Response('injected'))
    await expect((await createFetch({ fetch: injected })(origin.url('/echo'))).text()).resolves.toBe('injected')
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('bad options are a TypeError that names the problem', () => {
    expect(() => createFetch({ fetch: 1 as never })).toThrow(/options.fetch must be a function/)
    expect(() => createFetch(null as never)).toThrow(/options must be an object/)
  })
})
