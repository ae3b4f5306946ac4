import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFetch } from '../../src/fetch'
import { startOrigin, type Echo, type Origin } from './origin'

let origin: Origin
beforeEach(async () => {
  origin = await startOrigin()
})
afterEach(() => origin.close())

const readStream = async (response: Response): Promise<string> => {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true })
  }
  return text + decoder.decode()
}

describe('createFetch: every caller gets its own Response', () => {
  it('each caller’s Response has the status, statusText, headers, url, redirected and type of the network one', async () => {
    const plain = await globalThis.fetch(origin.url('/redirect'))
    const fetch = createFetch()
    const shared = await Promise.all([fetch(origin.url('/redirect')), fetch(origin.url('/redirect'))])
    expect(origin.hits).toBe(4) // 2 for plain fetch (302 + target), 2 for the shared flight
    for (const r of shared) {
      expect(r).toBeInstanceOf(Response)
      expect(r.url).toBe(plain.url)
      expect(r.url).toBe(origin.url('/echo?from=redirect'))
      expect(r.redirected).toBe(true)
      expect(r.status).toBe(plain.status)
      expect(r.statusText).toBe(plain.statusText)
      expect(r.type).toBe(plain.type)
      expect(r.headers.get('content-type')).toBe('application/json')
      expect(r.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
      expect(r.headers.get('x-hit')).toBe('4')
    }
  })

  it('a clone keeps url and redirected, and reads on its own', async () => {
    const fetch = createFetch()
    const response = await fetch(origin.url('/redirect'))
    const clone = response.clone()
    expect(clone.url).toBe(origin.url('/echo?from=redirect'))
    expect(clone.redirected).toBe(true)
    expect(((await clone.json()) as Echo).path).toBe('/echo?from=redirect')
    expect(((await response.json()) as Echo).path).toBe('/echo?from=redirect')
  })

  it('callers read their bodies independently, as json, text, bytes or a stream', async () => {
    const fetch = createFetch()
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => fetch(origin.url('/echo'))))
    expect(origin.hits).toBe(1)
    const asStream = await readStream(d!)
    const asText = await b!.text()
    const asJson = (await a!.json()) as Echo
    const asBytes = new TextDecoder().decode(await c!.arrayBuffer())
    expect(asJson.path).toBe('/echo')
    expect(asText).toBe(asStream)
    expect(asBytes).toBe(asStream)
    expect(JSON.parse(asStream)).toEqual(asJson)
  })

  it('one caller changing its headers leaves the other callers’ headers alone', async () => {
    const fetch = createFetch()
    const [a, b] = await Promise.all([fetch(origin.url('/echo')), fetch(origin.url('/echo'))])
    try {
      a!.headers.set('x-hit', 'changed')
    } catch {
      // Immutable headers would be fine too: nothing can leak then.
    }
    expect(b!.headers.get('x-hit')).toBe('1')
  })

  it('HTTP error statuses are shared responses, not errors', async () => {
    const fetch = createFetch()
    const responses = await Promise.all([fetch(origin.url('/status/404')), fetch(origin.url('/status/404'))])
    expect(origin.hits).toBe(1)
    for (const r of responses) {
      expect(r.status).toBe(404)
      expect(r.ok).toBe(false)
      expect(r.statusText).toBe('Custom 404')
      expect(((await r.json()) as Echo).path).toBe('/status/404')
    }
  })

  it('a network error reaches every caller of the flight, and the next call starts fresh', async () => {
    const fetch = createFetch()
    const results = await Promise.allSettled([
      fetch(origin.url('/drop')),
      fetch(origin.url('/drop')),
      fetch(origin.url('/drop')),
    ])
    expect(origin.hits).toBe(1)
    const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : r))
    expect(reasons[0]).toBeInstanceOf(TypeError)
    expect(reasons[1]).toBe(reasons[0])
    expect(reasons[2]).toBe(reasons[0])
    await expect(fetch(origin.url('/drop'))).rejects.toThrow(TypeError)
    expect(origin.hits).toBe(2)
  })
})
