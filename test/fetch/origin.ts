// A real node:http origin on 127.0.0.1 port 0 for the fetch tests: it counts
// the requests it receives, answers with what it saw (method, path, headers),
// and can hold every request open until the test releases it, so tests wait
// on events instead of sleeping.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deferred, type Deferred } from '../deferred'

/** What the origin answers for /echo: the request as it arrived. */
export interface Echo {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  hit: number
}

export interface Origin {
  /** Absolute URL of `path` on this origin. */
  url(path: string): string
  /** Requests received so far. */
  readonly hits: number
  /** Requests whose connection closed before the origin answered. */
  readonly closedEarly: number
  /** Resolves once `n` requests have arrived. */
  arrived(n: number): Promise<void>
  /** Resolves once `n` requests have closed before being answered. */
  closed(n: number): Promise<void>
  /** From now on every request waits (headers unsent) until `release()`. */
  hold(): void
  /** Lets every held request be answered, and stops holding. */
  release(): void
  close(): Promise<void>
}

interface Waiter {
  n: number
  count: () => number
  done: () => void
}

/** startOrigin starts the origin; the test closes it. */
export const startOrigin = async (): Promise<Origin> => {
  let hits = 0
  let closedEarly = 0
  let gate: Deferred<void> | undefined
  let waiters: Waiter[] = []
  const wake = (): void => {
    waiters = waiters.filter((w) => (w.count() >= w.n ? (w.done(), false) : true))
  }
  const until = (n: number, count: () => number): Promise<void> =>
    new Promise((done) => {
      waiters.push({ n, count, done })
      wake()
    })

  const answer = (req: IncomingMessage, res: ServerResponse, hit: number): void => {
    const path = req.url ?? '/'
    if (path === '/drop') return void res.socket?.destroy()
    if (path === '/redirect') {
      res.writeHead(302, { location: '/echo?from=redirect' })
      return void res.end()
    }
    if (path === '/slow-body') {
      // Headers and half the body now; the rest never comes, so only an
      // abort can end this request.
      res.writeHead(200, { 'content-type': 'text/plain' })
      return void res.write('half')
    }
    const status = path.startsWith('/status/') ? Number(path.slice(8)) : 200
    const echo: Echo = { method: req.method ?? '', path, headers: req.headers, hit }
    const body = JSON.stringify(echo)
    res.writeHead(status, 'Custom ' + status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-hit': String(hit),
      'set-cookie': ['a=1', 'b=2'],
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const server = createServer((req, res) => {
    const hit = ++hits
    res.on('close', () => {
      if (!res.writableFinished) {
        closedEarly++
        wake()
      }
    })
    const held = gate?.promise
    wake()
    if (held) void held.then(() => answer(req, res, hit))
    else answer(req, res, hit)
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    get hits() {
      return hits
    },
    get closedEarly() {
      return closedEarly
    },
    arrived: (n) => until(n, () => hits),
    closed: (n) => until(n, () => closedEarly),
    hold: () => {
      gate ??= deferred<void>()
    },
    release: () => {
      gate?.resolve()
      gate = undefined
    },
    close: () =>
      new Promise<void>((done) => {
        gate?.resolve()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
