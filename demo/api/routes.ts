import type { IncomingMessage, ServerResponse } from 'node:http'
import { answerLater } from './answer-later.js'
import { checkErrorRate, checkLatency, type Origin } from './origin.js'
import { createRenames } from './rename.js'

// connect's `next`, called for every request that is not under /api/.
type Next = (error?: unknown) => void

/**
 * ApiHandler: a connect middleware plus `close()`, which ends open streams and timers.
 *
 * @example
 * const handler: ApiHandler = createApiHandler(createOrigin())
 * httpServer.once('close', handler.close)
 */
export interface ApiHandler {
  (req: IncomingMessage, res: ServerResponse, next: Next): void
  close(): void
}

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson', 'Frances Allen']
const PRODUCTS = [
  { id: 1, name: 'Keyboard', price: 49 },
  { id: 2, name: 'Mouse', price: 19 },
  { id: 3, name: 'Monitor', price: 219 },
  { id: 4, name: 'Headset', price: 59 },
  { id: 5, name: 'Webcam', price: 39 },
]
const MAX_BODY = 10_000
// Server-sent stats at most this often: a stampede changes them 1,000 times a second.
const STREAM_EVERY_MS = 50

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.statusCode = status
  // no-store: the browser must never answer a demo request from its own cache.
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(body))
}

/** BodyTooLarge: a request body past MAX_BODY bytes; answered with 413 on a connection that is then closed. */
class BodyTooLarge extends Error {
  constructor() {
    super(`the body must be at most ${MAX_BODY} bytes`)
  }
}

// Reads at most MAX_BODY bytes. Past that it stops reading at once (the rest
// of the body is never buffered) and rejects with BodyTooLarge; the handler
// answers 413 and closes the connection, so a client that keeps sending is
// cut off instead of filling this process's memory.
const readJson = (req: IncomingMessage): Promise<unknown> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY) return reject(new BodyTooLarge())
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= MAX_BODY) return void chunks.push(chunk)
      req.off('data', onData)
      req.pause()
      reject(new BodyTooLarge())
    }
    req.on('data', onData)
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve(text === '' ? {} : JSON.parse(text))
      } catch {
        reject(new TypeError('the body must be JSON'))
      }
    })
    req.on('error', reject)
  })

const queryNumber = (
  query: URLSearchParams,
  name: string,
  check: (v: unknown, f: string) => number,
  fallback: number,
): number => {
  const raw = query.get(name)
  return raw === null ? fallback : check(raw === '' ? Number.NaN : Number(raw), `?${name}`)
}

/** The body of a data endpoint, or undefined when the path names none. */
const resource = (path: string): unknown => {
  if (path === '/api/products') return PRODUCTS
  const user = /^\/api\/user\/([1-9]\d{0,5})$/.exec(path)
  if (user) {
    const id = Number(user[1])
    const name = NAMES[(id - 1) % NAMES.length] ?? 'Unknown'
    return { id, name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` }
  }
  return undefined
}

/**
 * createApiHandler serves the demo API from `origin`: the data endpoints
 * `/api/user/:id` and `/api/products` (after `latency` ms, `?latency=` and
 * `?errorRate=` override the settings per request), `GET /api/stats`,
 * `GET /api/stats/stream` (server-sent events), `GET|POST /api/config`,
 * `POST /api/fail-next` and `POST /api/reset`.
 *
 * @example
 * const handler = createApiHandler(createOrigin())
 * server.middlewares.use(handler)
 */
export const createApiHandler = (origin: Origin): ApiHandler => {
  const streams = new Set<ServerResponse>()
  const timers = new Set<NodeJS.Timeout>()
  // The rename route (PUT|POST /api/user/:id/name) and the names it stored.
  const renames = createRenames(origin, send)
  let pending: NodeJS.Timeout | undefined
  const unwatch = origin.watch(() => {
    if (pending !== undefined || streams.size === 0) return
    pending = setTimeout(() => {
      pending = undefined
      const line = `data: ${JSON.stringify(origin.stats())}\n\n`
      for (const stream of streams) stream.write(line)
    }, STREAM_EVERY_MS)
  })

  const serveData = (res: ServerResponse, path: string, query: URLSearchParams): void => {
    const body = renames.apply(path, resource(path))
    if (body === undefined) return send(res, 404, { error: `no such resource: ${path}` })
    let latency: number
    let errorRate: number
    try {
      latency = queryNumber(query, 'latency', checkLatency, origin.config.latency)
      errorRate = queryNumber(query, 'errorRate', checkErrorRate, origin.config.errorRate)
    } catch (error) {
      return send(res, 400, { error: (error as Error).message })
    }
    const ticket = origin.arrive(path, errorRate)
    const { fail } = ticket
    answerLater({
      res,
      origin,
      ticket,
      latency,
      timers,
      answer: () => {
        if (fail)
          send(res, 500, {
            error: fail === 'fail-next' ? 'origin failed: fail-next switch' : 'origin failed: error rate',
          })
        else send(res, 200, body)
      },
    })
  }

  const openStream = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    })
    res.write(`retry: 1000\ndata: ${JSON.stringify(origin.stats())}\n\n`)
    streams.add(res)
    res.once('close', () => streams.delete(res))
  }

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> => {
    const method = req.method ?? 'GET'
    if (method === 'GET' && path === '/api/stats') return send(res, 200, origin.stats())
    if (method === 'GET' && path === '/api/stats/stream') return openStream(req, res)
    if (path === '/api/config' && (method === 'GET' || method === 'POST')) {
      if (method === 'POST') origin.configure(await readJson(req))
      return send(res, 200, origin.config)
    }
    if (method === 'POST' && path === '/api/fail-next') {
      origin.configure({ failNext: origin.config.failNext + 1 })
      return send(res, 200, origin.config)
    }
    if (method === 'POST' && path === '/api/reset') {
      origin.reset()
      return send(res, 200, origin.stats())
    }
    // The demo's one write, with its own latency, error rate and body bound.
    if (renames.matches(path)) return renames.serve(req, res, path, query)
    if (method === 'GET' || method === 'HEAD') return serveData(res, path, query)
    send(res, 405, { error: `${method} is not allowed on ${path}` })
  }

  const handler = ((req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://origin.invalid')
    if (!url.pathname.startsWith('/api/')) return next()
    route(req, res, url.pathname, url.searchParams).catch((error: unknown) => {
      if (res.headersSent) return res.destroy()
      const message = String((error as Error)?.message ?? error)
      if (!(error instanceof BodyTooLarge)) return send(res, error instanceof TypeError ? 400 : 500, { error: message })
      // Node closes the socket once this answer is out; the unread rest of
      // the body is dropped with it.
      res.setHeader('Connection', 'close')
      send(res, 413, { error: message })
    })
  }) as ApiHandler
  handler.close = () => {
    unwatch()
    renames.close()
    clearTimeout(pending)
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
    for (const stream of streams) stream.end()
    streams.clear()
  }
  return handler
}
