import { useEffect, useState } from 'react'
import type { OriginConfig, OriginStats } from '../api/origin'

const post = async (path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(path, {
    method: 'POST',
    cache: 'no-store',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(String((json as { error?: unknown }).error ?? response.status))
  return json
}

/**
 * configureOrigin changes the origin's settings (POST /api/config).
 *
 * @example
 * await configureOrigin({ latency: 50 })
 */
export const configureOrigin = (patch: Partial<OriginConfig>): Promise<unknown> => post('/api/config', patch)

/**
 * resetOrigin zeroes the origin's counters (POST /api/reset).
 *
 * @example
 * await resetOrigin()
 */
export const resetOrigin = (): Promise<unknown> => post('/api/reset')

type Listener = (stats: OriginStats) => void
const STREAM = '/api/stats/stream'
const parse = (text: string): OriginStats => JSON.parse(text) as OriginStats

const ownStream = (on: Listener): (() => void) => {
  const source = new EventSource(STREAM)
  source.onmessage = (event: MessageEvent<string>) => on(parse(event.data))
  return () => source.close()
}

// Cross-tab: one stream for all the tabs of the demo. Chromium lets a browser
// profile hold six connections to one host over HTTP/1.1, so five tabs with a
// stream each would leave one for everything else. The tab holding the Web
// Lock 'oneflight-demo-stats' opens the stream and relays it on a
// BroadcastChannel; when it closes, the lock (and the stream) pass on.
const sharedStream = (on: Listener): (() => void) => {
  const channel = new BroadcastChannel('oneflight-demo-stats')
  channel.onmessage = (event: MessageEvent<unknown>) => typeof event.data === 'string' && on(parse(event.data))
  const stop = new AbortController()
  // The stream only speaks on changes: a tab joining the relay reads once.
  fetch('/api/stats', { cache: 'no-store', signal: stop.signal })
    .then((response) => response.json() as Promise<OriginStats>)
    .then(on, () => {})
  navigator.locks
    .request('oneflight-demo-stats', { signal: stop.signal }, () => {
      const source = new EventSource(STREAM)
      source.onmessage = (event: MessageEvent<string>) => (on(parse(event.data)), channel.postMessage(event.data))
      return new Promise<void>((release) => stop.signal.addEventListener('abort', () => (source.close(), release())))
    })
    .catch(() => {}) // stopped while still queued for the lock
  return () => {
    stop.abort()
    channel.close()
  }
}

/**
 * useOriginStats returns the origin's counters, live. They arrive as
 * server-sent events on a connection opened before any stampede: a poll of
 * /api/stats would wait in the browser's queue behind the stampede's requests
 * (HTTP/1.1 allows six connections per host) and show nothing until it ends.
 * With `shared` (cross-tab mode), one tab holds the stream for all tabs.
 *
 * @example
 * const stats = useOriginStats(false)
 * stats?.hits['/api/products']
 */
export const useOriginStats = (shared: boolean): OriginStats | undefined => {
  const [stats, setStats] = useState<OriginStats>()
  useEffect(
    () => (shared && typeof navigator.locks?.request === 'function' ? sharedStream : ownStream)(setStats),
    [shared],
  )
  return stats
}
