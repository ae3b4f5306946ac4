import { request as httpRequest, createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createOrigin } from '../../demo/api/origin'
import { createApiHandler, type ApiHandler } from '../../demo/api/routes'

const CHUNK = Buffer.alloc(64 * 1024, 0x20)
const OFFERED = 50 * 1024 * 1024

interface Api {
  readonly port: number
  /** Bytes the server has read from every connection so far, closed ones included. */
  bytesRead(): number
  close(): Promise<void>
}

const startApi = async (): Promise<Api> => {
  const handler: ApiHandler = createApiHandler(createOrigin())
  const server: Server = createServer((req, res) => handler(req, res, () => res.writeHead(404).end()))
  const sockets: Socket[] = []
  server.on('connection', (socket) => sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    bytesRead: () => sockets.reduce((sum, socket) => sum + socket.bytesRead, 0),
    close: () => {
      handler.close()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Streams up to OFFERED bytes to POST /api/config in 64 KB chunks, as curl
 * does with a big file: it keeps sending whatever the server answers, and
 * stops only when everything is sent or the connection is gone.
 */
const postHuge = (
  port: number,
  headers: Record<string, string> = {},
): Promise<{ status: number | undefined; sent: number }> =>
  new Promise((resolve) => {
    let status: number | undefined
    let sent = 0
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      resolve({ status, sent })
    }
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/config', headers })
    req.on('response', (res) => {
      status = res.statusCode
      res.resume()
    })
    req.on('error', finish)
    req.on('close', finish)
    const pump = (): void => {
      while (!done && sent < OFFERED) {
        sent += CHUNK.length
        if (!req.write(CHUNK)) return void req.once('drain', pump)
      }
      if (!done) req.end()
    }
    pump()
  })

let api: Api | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

describe('demo API: request bodies', () => {
  it('a body past the limit gets 413 and the server stops reading it: far less than the 50 MB sent is read', async () => {
    api = await startApi()
    const { status } = await postHuge(api.port)
    expect(status).toBe(413)
    expect(api.bytesRead()).toBeLessThan(4 * 1024 * 1024)
  })

  it('a body that declares a length past the limit gets 413 without being read', async () => {
    api = await startApi()
    const { status } = await postHuge(api.port, { 'content-length': String(OFFERED) })
    expect(status).toBe(413)
    expect(api.bytesRead()).toBeLessThan(4 * 1024 * 1024)
  })

  it('a small JSON body is still read and applied', async () => {
    api = await startApi()
    const answer = await fetch(`http://127.0.0.1:${api.port}/api/config`, {
      method: 'POST',
      body: JSON.stringify({ latency: 5 }),
    })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ latency: 5 })
  })
})
