import type { IncomingMessage, ServerResponse } from 'node:http'
import { answerLater } from './answer-later.js'
import { checkErrorRate, checkLatency, type Origin } from './origin.js'

/**
 * The demo's one write: renaming a user. `PUT` (or `POST`)
 * `/api/user/:id/name` with `{ "name": "…" }` stores a name the server
 * normalizes (trimmed, spaces collapsed, each word capitalized), after
 * `?latency=` ms (default 800), failing with a 500 at `?errorRate=` (default 0).
 * Every write is counted by the origin under its path, failures included.
 */

/** The longest body the rename route reads, in bytes. */
export const MAX_RENAME_BODY = 1024
const MAX_NAME = 60
const DEFAULT_WRITE_LATENCY = 800
const PATH = /^\/api\/user\/([1-9]\d{0,5})\/name$/

type Send = (res: ServerResponse, status: number, body: unknown) => void

/**
 * Renames: the names written so far (per API handler, so two servers never
 * share them), the route that writes them, and `apply`, which puts them into
 * the user resource's body.
 *
 * @example
 * const renames = createRenames(origin, send)
 * if (renames.matches(path)) return renames.serve(req, res, path, query)
 */
export interface Renames {
  /** Whether `path` is a rename route. */
  matches(path: string): boolean
  /** Answers one rename request (405 for methods other than PUT and POST). */
  serve(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void
  /** The body of `GET path` with its stored name, when `path` is a renamed user. */
  apply(path: string, body: unknown): unknown
  /** Stops the writes still waiting for their latency. */
  close(): void
}

/**
 * normalizeName: the name the server stores for `raw`, or undefined when it
 * is not a non-empty string of at most 60 characters.
 *
 * @example
 * normalizeName('  ada   king ') // 'Ada King'
 */
export const normalizeName = (raw: unknown): string | undefined => {
  if (typeof raw !== 'string') return undefined
  const name = raw.trim().replace(/\s+/g, ' ')
  if (name === '' || name.length > MAX_NAME) return undefined
  return name.replace(/(^|\s)(\S)/g, (_, space: string, letter: string) => space + letter.toUpperCase())
}

// Reads at most MAX_RENAME_BODY bytes: a longer body is refused at once
// (413) and the rest of it is drained without being kept.
const readBody = (req: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_RENAME_BODY) resolve(undefined)
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const number = (query: URLSearchParams, name: string, check: (value: unknown) => number, fallback: number) => {
  const raw = query.get(name)
  return raw === null ? fallback : check(raw === '' ? Number.NaN : Number(raw))
}

/**
 * createRenames makes the rename route of one API handler.
 *
 * @example
 * const renames = createRenames(createOrigin(), (res, status, body) => res.writeHead(status).end(JSON.stringify(body)))
 */
export const createRenames = (origin: Origin, send: Send): Renames => {
  const names = new Map<number, string>()
  const timers = new Set<NodeJS.Timeout>()

  const write = async (req: IncomingMessage, res: ServerResponse, id: number, query: URLSearchParams) => {
    let latency: number
    let errorRate: number
    try {
      latency = number(query, 'latency', (value) => checkLatency(value, '?latency'), DEFAULT_WRITE_LATENCY)
      errorRate = number(query, 'errorRate', (value) => checkErrorRate(value, '?errorRate'), 0)
    } catch (error) {
      return send(res, 400, { error: (error as Error).message })
    }
    const text = await readBody(req)
    if (text === undefined) {
      res.setHeader('Connection', 'close')
      return send(res, 413, { error: `the body must be at most ${MAX_RENAME_BODY} bytes` })
    }
    let name: string | undefined
    try {
      name = normalizeName((JSON.parse(text) as { name?: unknown } | null)?.name)
    } catch {
      return send(res, 400, { error: 'the body must be JSON' })
    }
    if (name === undefined)
      return send(res, 400, { error: `name must be a non-empty string of at most ${MAX_NAME} characters` })
    const stored = name
    const path = `/api/user/${id}/name`
    const ticket = origin.arrive(path, errorRate)
    // A client that leaves before the answer cancels the write: nothing is stored.
    answerLater({
      res,
      origin,
      ticket,
      latency,
      timers,
      answer: () => {
        if (ticket.fail) return send(res, 500, { error: `rename failed: ${ticket.fail}` })
        names.set(id, stored)
        send(res, 200, { id, name: stored, email: `${stored.split(' ')[0]?.toLowerCase()}@example.com` })
      },
    })
  }

  return {
    matches: (path) => PATH.test(path),
    serve(req, res, path, query) {
      const method = req.method ?? 'GET'
      if (method !== 'PUT' && method !== 'POST') return send(res, 405, { error: `${method} is not allowed on ${path}` })
      write(req, res, Number(PATH.exec(path)?.[1]), query).catch((error: unknown) => {
        if (res.headersSent) return res.destroy()
        send(res, 500, { error: String((error as Error)?.message ?? error) })
      })
    },
    apply(path, body) {
      const id = Number(/^\/api\/user\/([1-9]\d{0,5})$/.exec(path)?.[1])
      const name = names.get(id)
      if (name === undefined || typeof body !== 'object' || body === null) return body
      return { ...body, name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` }
    },
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
