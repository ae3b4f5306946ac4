// Which requests may share a flight, and under which key.
//
// Rule: normalising less than `fetch` does may only cost a missed share
// (two equal requests get different keys), never a wrong one (two different
// requests get the same key). So every field that can change the response is
// in the key, and values are taken as the caller wrote them where `fetch`
// would normalise them in ways we cannot cheaply reproduce.

import { isAbortSignal } from '../core/signal'

/** The fields of a request that decide its key, read without building a `Request`. */
interface RequestLike {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly body: unknown
  readonly bodyUsed: boolean
  readonly credentials: string
  readonly cache: string
  readonly mode: string
  readonly redirect: string
  readonly referrer: string
  readonly referrerPolicy: string
  readonly integrity: string
  readonly signal?: AbortSignal | null
}

// Duck-typed rather than `instanceof Request`, so a Request from another
// realm (an iframe) or another fetch implementation is still recognised.
// A URL has `href`, never `url` and `method`.
const isRequest = (input: unknown): input is RequestLike =>
  typeof input === 'object' &&
  input !== null &&
  typeof (input as RequestLike).url === 'string' &&
  typeof (input as RequestLike).method === 'string' &&
  typeof (input as RequestLike).headers === 'object'

interface Location {
  readonly href: string
}

// Where `fetch` resolves relative URLs: the document's base URL (which
// honours <base href>), else the global `location` (workers); Node has neither.
const baseUrl = (): string | undefined => {
  const scope = globalThis as { document?: { baseURI?: string }; location?: Location }
  return scope.document?.baseURI ?? scope.location?.href
}

/**
 * absoluteUrl resolves `url` as `fetch` would, throwing a TypeError that says
 * why when it is relative and there is nothing to resolve it against.
 *
 * @example
 * absoluteUrl('/api/me') // 'https://app.example/api/me' on that page; a TypeError in Node
 */
export const absoluteUrl = (url: string): string => {
  const base = baseUrl()
  try {
    return new URL(url, base).href
  } catch {
    throw new TypeError(
      base === undefined
        ? `oneflight/fetch: cannot resolve the relative URL "${url}": there is no \`location\` here (Node?), pass an absolute URL`
        : `oneflight/fetch: invalid URL "${url}"`,
    )
  }
}

/** Plan: what a caller's request means for sharing: its key, or none, and the caller's own signal. */
export interface Plan {
  /** The flight key, or undefined when the request must go straight through. */
  readonly key: string | undefined
  /** The caller's own signal: `init.signal` when given (even null), else the Request's. */
  readonly signal: AbortSignal | undefined
}

// Every member of the standard RequestInit. A field outside this list (undici's
// `dispatcher`, Next.js's `next`, anything a fetch wrapper reads) can change
// where or how the request goes in ways the key cannot see, so such a request
// never shares. Of the listed fields, those that cannot change the response
// stay out of the key:
// - keepalive only lets the request outlive the page; the response is the same;
// - priority is a scheduling hint; a caller that joins a flight of another
//   priority gets the same response, at the flight's pace;
// - window may only be null and duplex only 'half' (a request that can share
//   has no body, where duplex means nothing).
// A value fetch would reject there goes straight through, so fetch itself
// reports it to that caller alone rather than to every caller of a flight.
// - signal is per caller (see Plan), body and method decide whether to share.
const STANDARD_INIT = new Set([
  'method',
  'headers',
  'body',
  'referrer',
  'referrerPolicy',
  'mode',
  'credentials',
  'cache',
  'redirect',
  'integrity',
  'keepalive',
  'signal',
  'window',
  'duplex',
  'priority',
])

// for-in sees inherited enumerable fields too, as fetch's own reading of
// the init dictionary does (it reads each member with [[Get]]).
const onlyStandardFields = (init: RequestInit): boolean => {
  for (const name in init) if (!STANDARD_INIT.has(name)) return false
  const { window, duplex, priority } = init as { window?: unknown; duplex?: unknown; priority?: unknown }
  return (
    window == null &&
    (duplex === undefined || duplex === 'half') &&
    (priority === undefined || priority === 'auto' || priority === 'high' || priority === 'low')
  )
}

const pick = <V>(fromInit: V | undefined, fromRequest: V | undefined, fallback: V): V =>
  fromInit !== undefined ? fromInit : fromRequest !== undefined ? fromRequest : fallback

/**
 * plan decides whether a request can share a flight and computes its key:
 * method + absolute URL + every header (names lower-cased, values exact) +
 * credentials, cache, mode, redirect, referrer, referrerPolicy and integrity,
 * each with `fetch`'s default when absent. Only GET and HEAD without a body
 * share, and not those that accept `text/event-stream` or whose init has a
 * field that is not standard RequestInit; everything else gets
 * `key: undefined`. It throws a TypeError for an init that is not an object
 * or a signal that is not an AbortSignal.
 *
 * @example
 * plan('https://a.example/x', { headers: { Accept: 'text/html' } }).key === plan(new Request('https://a.example/x', { headers: { accept: 'text/html' } }), undefined).key // true
 */
export const plan = (input: RequestInfo | URL, init: RequestInit | undefined): Plan => {
  if (init != null && typeof init !== 'object') throw new TypeError('oneflight/fetch: init must be an object')
  const request = isRequest(input) ? input : undefined
  const signal = init?.signal !== undefined ? (init.signal ?? undefined) : (request?.signal ?? undefined)
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError('oneflight/fetch: the signal must be an AbortSignal')
  }
  if (init != null && !onlyStandardFields(init)) return { key: undefined, signal }
  // fetch upper-cases the standard methods only, and GET and HEAD are among them.
  const method = String(pick(init?.method, request?.method, 'GET')).toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') return { key: undefined, signal }
  if (init?.body != null) return { key: undefined, signal }
  // A GET Request can't have a body, but a used or present one means the
  // request is not what it seems: let fetch itself report it.
  if (request && (request.bodyUsed || request.body != null)) return { key: undefined, signal }
  const url = request ? request.url : absoluteUrl(String(input))
  // init.headers, when present, replaces the Request's headers entirely.
  // Headers lower-cases names, joins repeated ones and iterates sorted.
  const headers = init?.headers !== undefined ? new Headers(init.headers) : (request?.headers ?? new Headers())
  // A shared body is read to its end before anyone gets it, which an event
  // stream never reaches: those who ask for one get their own request.
  if (headers.get('accept')?.includes('text/event-stream')) return { key: undefined, signal }
  const parts: string[] = [
    method,
    url,
    pick(init?.credentials, request?.credentials, 'same-origin'),
    pick(init?.cache, request?.cache, 'default'),
    pick(init?.mode, request?.mode, 'cors'),
    pick(init?.redirect, request?.redirect, 'follow'),
    pick(init?.referrer, request?.referrer, 'about:client'),
    pick(init?.referrerPolicy, request?.referrerPolicy, ''),
    pick(init?.integrity, request?.integrity, ''),
  ]
  for (const [name, value] of headers) parts.push(name, value)
  // JSON of a string array is injective, whatever the strings contain.
  return { key: JSON.stringify(parts), signal }
}

/**
 * flightInit is the init the flight sends: the first caller's, with the
 * flight's signal in place of the caller's own. A Request given any init
 * loses its referrer and referrer policy (the spec resets them), so a
 * Request's own are carried over unless init sets them.
 *
 * @example
 * fetch(input, flightInit(input, init, controller.signal))
 */
export const flightInit = (
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  signal: AbortSignal,
): RequestInit =>
  isRequest(input)
    ? { referrer: input.referrer, referrerPolicy: input.referrerPolicy as ReferrerPolicy, ...init, signal }
    : { ...init, signal }
