import { Group } from '../core'
import { flightInit, plan } from './key'
import { copy, snapshot, type Snapshot } from './response'

/**
 * FetchFunction: `fetch`'s own signature, which `createFetch` returns and `options.fetch` takes.
 *
 * @example
 * const get: FetchFunction = createFetch()
 */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/**
 * CreateFetchOptions: options of `createFetch`.
 *
 * @example
 * const options: CreateFetchOptions = { fetch: (input, init) => fetch(input, { ...init, keepalive: true }) }
 */
export interface CreateFetchOptions {
  /**
   * The fetch that makes the network requests. Default: `globalThis.fetch`,
   * looked up at each call, so a fetch installed or mocked later is used.
   */
  fetch?: FetchFunction
}

const check = (options: CreateFetchOptions | undefined): FetchFunction | undefined => {
  if (options === undefined) return undefined
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('oneflight/fetch: options must be an object')
  }
  const { fetch } = options
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new TypeError('oneflight/fetch: options.fetch must be a function')
  }
  return fetch
}

/**
 * createFetch returns a `fetch` that shares identical requests while they are
 * in flight. A GET or HEAD that equals one in flight (method, absolute URL,
 * every header, credentials, cache, mode, redirect, referrer, referrer policy,
 * integrity) waits for that one instead of going to the network; every caller
 * gets its own `Response` with its own readable body. Requests with a body,
 * other methods, and requests whose init has a field that is not standard
 * `RequestInit` (undici's `dispatcher`, Next.js's `next`) go straight through. A caller's `signal` rejects that caller
 * at once; the network request is aborted only when every caller has aborted.
 *
 * The shared body is read to its end before callers get their responses, so
 * do not use it for endless streams (server-sent events, long polls that
 * stream): use plain `fetch` for those.
 *
 * @example
 * const fetch = createFetch()
 * // 3 callers, 1 request:
 * const [a, b, c] = await Promise.all([fetch('/api/me'), fetch('/api/me'), fetch('/api/me')])
 * await a.json(); await b.json(); await c.json()
 */
export const createFetch = (options?: CreateFetchOptions): FetchFunction => {
  const injected = check(options)
  const group = new Group()
  // Held in a local, never called as `options.fetch(...)`: a browser's fetch
  // called as a method of another object throws "Illegal invocation".
  const network = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const impl = injected ?? globalThis.fetch
    if (typeof impl !== 'function') {
      return Promise.reject(new TypeError('oneflight/fetch: there is no global fetch here; pass options.fetch'))
    }
    return impl(input, init)
  }
  return (input, init) => {
    // fetch reports bad input as a rejected promise, never a throw: so does
    // everything here, a custom fetch that throws included.
    try {
      const { key, signal } = plan(input, init)
      if (key === undefined) return network(input, init)
      // The flight runs the first caller's request with the flight's signal in
      // place of the caller's own, so that caller leaving does not abort it.
      const flight = (flightSignal: AbortSignal): Promise<Snapshot> =>
        network(input, flightInit(input, init, flightSignal)).then(snapshot)
      return group.do(key, flight, { signal }).then(copy)
    } catch (error) {
      return Promise.reject(error)
    }
  }
}
