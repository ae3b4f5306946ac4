// The wire protocol between the tabs of one group. Every message travels on
// the group's BroadcastChannel as { p, g, h, t, ... }: p the protocol tag, g
// the group name, h the key's hashKey, t the type. BroadcastChannel only
// connects pages of one origin, so a message can come from our own code in
// another tab, from other code of the same origin, or from an older version
// of this library; never from another site. Anything that is not exactly one
// of the shapes below is dropped by parseMessage.

/** PROTOCOL: the tag every message carries; a new wire format gets a new tag. */
export const PROTOCOL = 'oneflight/tabs@1'

/** Body: a message without its envelope (protocol, group name, key hash). */
export type Body =
  // A waiting tab holding the wait lock asks the leader to confirm its flight.
  | { t: 'hello'; n: string }
  // The leader runs flight f; `to` is the hello it answers, absent when it
  // announces itself on taking the lock.
  | { t: 'start'; f: string; to?: string }
  | { t: 'value'; f: string; value: unknown }
  // error is the structured clone of fn's rejection; name restores what the
  // clone drops (a subclass's name). rebuilt: the reason could not be cloned
  // and is sent as name and message only.
  | { t: 'error'; f: string; error: unknown; name?: string; message?: string; rebuilt?: boolean }
  // The value is not sent (a structured clone would change it or fails):
  // every waiting tab runs fn on its own.
  | { t: 'uncloneable'; f: string }

/** Message: a validated message of this group. */
export type Message = Body & { h: string }

// Flight ids and hello nonces are made by `newId`; 64 leaves room for other
// id schemes without letting a huge string through.
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string'

/**
 * parseMessage returns `data` as a Message of group `group` when it has
 * exactly a known shape, and undefined for anything else (garbage, another
 * group, another protocol version, a missing or malformed id). It never throws
 * on plain cloned data.
 *
 * @example
 * parseMessage({ p: PROTOCOL, g: 'app', h: '"me"', t: 'start', f: 'x1' }, 'app') // the message
 * parseMessage('hello', 'app') // undefined
 */
export const parseMessage = (data: unknown, group: string): Message | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const m = data as Record<string, unknown>
  if (m.p !== PROTOCOL || m.g !== group || typeof m.h !== 'string' || m.h === '') return undefined
  const h = m.h
  switch (m.t) {
    case 'hello':
      return isId(m.n) ? { t: 'hello', h, n: m.n } : undefined
    case 'start':
      if (!isId(m.f) || !(m.to === undefined || isId(m.to))) return undefined
      return m.to === undefined ? { t: 'start', h, f: m.f } : { t: 'start', h, f: m.f, to: m.to }
    case 'value':
      return isId(m.f) && 'value' in m ? { t: 'value', h, f: m.f, value: m.value } : undefined
    case 'error':
      if (!isId(m.f) || !isOptionalString(m.name) || !isOptionalString(m.message)) return undefined
      if (!(m.rebuilt === undefined || typeof m.rebuilt === 'boolean')) return undefined
      if (m.rebuilt && (typeof m.name !== 'string' || typeof m.message !== 'string')) return undefined
      return {
        t: 'error',
        h,
        f: m.f,
        error: m.error,
        name: m.name as string | undefined,
        message: m.message as string | undefined,
        rebuilt: m.rebuilt === true,
      }
    case 'uncloneable':
      return isId(m.f) ? { t: 'uncloneable', h, f: m.f } : undefined
    default:
      return undefined
  }
}

const nameOf = (reason: unknown): string | undefined => {
  if (typeof reason !== 'object' || reason === null) return undefined
  const name = (reason as { name?: unknown }).name
  return typeof name === 'string' ? name : undefined
}

/**
 * errorBodies returns the ways to send `reason` as an 'error' body, best
 * first: its structured clone (with its name, which the clone of a subclass
 * loses), then name and message only for a reason that cannot be cloned.
 *
 * @example
 * for (const body of errorBodies('f1', new TypeError('bad'))) if (tryPost(body)) break
 */
export const errorBodies = (f: string, reason: unknown): Body[] => {
  const name = nameOf(reason)
  let message = 'unknown error'
  try {
    message = reason instanceof Error ? String(reason.message) : String(reason)
  } catch {
    // A reason whose toString throws still crosses, as 'unknown error'.
  }
  return [
    { t: 'error', f, error: reason, ...(name === undefined ? {} : { name }) },
    { t: 'error', f, error: undefined, name: name ?? 'Error', message, rebuilt: true },
  ]
}

/**
 * decodeError turns a received 'error' message back into a rejection reason:
 * built-in errors keep their class; any other Error arrives as an Error with
 * the sender's name and message; a non-Error reason arrives as its clone.
 *
 * @example
 * decodeError({ t: 'error', h: '"me"', f: 'f1', error: undefined, name: 'HttpError', message: '503', rebuilt: true }) // Error { name: 'HttpError' }
 */
export const decodeError = (m: Extract<Message, { t: 'error' }>): unknown => {
  if (m.rebuilt) {
    const error = new Error(m.message)
    error.name = m.name as string
    return error
  }
  const error = m.error
  if (error instanceof Error && m.name !== undefined && error.name !== m.name) {
    // An own property: the clone's prototype is Error.prototype, shared by all.
    Object.defineProperty(error, 'name', { value: m.name, writable: true, configurable: true, enumerable: false })
  }
  return error
}
