// One network response, many callers: the flight reads the body once into a
// Blob, and every caller gets a new Response over that same Blob.
//
// Why not one tee (Response#clone) per caller: the flight would end when the
// headers arrive, so aborting while the body downloads would need its own
// reference counting, and a caller that never reads its branch makes the tee
// buffer the whole body for it while the others read. A Blob is immutable
// and shared: one copy of the body however many callers, and a caller that
// never reads costs nothing. The price: callers get the response only once
// the whole body is in, so never share an endless stream (see createFetch).

/** Snapshot: what every caller's Response is built from; nothing in it is consumed by reading. */
export interface Snapshot {
  readonly body: Blob | null
  readonly status: number
  readonly statusText: string
  readonly headers: Headers
  readonly url: string
  readonly redirected: boolean
  readonly type: ResponseType
  /**
   * Set when the response cannot be rebuilt (status 0: opaque, or a network
   * error): every caller gets a clone of it, and it is never handed out itself.
   */
  readonly opaque: Response | undefined
}

/**
 * snapshot reads `response`'s body to the end and keeps what a copy needs.
 *
 * @example
 * const shot = await snapshot(await fetch(url))
 */
export const snapshot = async (response: Response): Promise<Snapshot> => {
  const { status, statusText, headers, url, redirected, type } = response
  // Opaque responses (no-cors, manual redirects) have status 0, which the
  // Response constructor refuses, and a body script cannot read: each caller
  // gets a clone (the browser tees the hidden body, so each can still be
  // given to cache.put), and the original stays unused so it can be cloned.
  const opaque = status < 200 || status > 599 ? response : undefined
  // A null body (HEAD, 204, 205, 304) stays null, as it is for fetch's own
  // response, and the constructor refuses any body with those statuses.
  const nullBody = response.body === null || status === 204 || status === 205 || status === 304
  const body = opaque || nullBody ? null : await response.blob()
  return { body, status, statusText, headers, url, redirected, type, opaque }
}

// `url`, `redirected` and `type` are read-only getters that the Response
// constructor cannot set; own properties on the instance shadow them.
const dress = (response: Response, shot: Snapshot): Response => {
  Object.defineProperties(response, {
    url: { value: shot.url, enumerable: true },
    redirected: { value: shot.redirected, enumerable: true },
    type: { value: shot.type, enumerable: true },
    // A clone must keep them too.
    clone: { value: () => dress(Response.prototype.clone.call(response), shot), writable: true, configurable: true },
  })
  return response
}

/**
 * copy builds a caller's own Response: same status, headers, url, and a body it reads on its own.
 *
 * @example
 * const [a, b] = [copy(shot), copy(shot)]
 * await a.text(); await b.json() // each reads its own body
 */
export const copy = (shot: Snapshot): Response =>
  shot.opaque?.clone() ??
  dress(
    // Each caller gets its own Headers (the constructor copies them), so one
    // caller changing its headers never shows up in another's.
    new Response(shot.body, { status: shot.status, statusText: shot.statusText, headers: shot.headers }),
    shot,
  )
