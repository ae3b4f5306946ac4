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

/**
 * useOriginStats returns the origin's counters, live. They arrive as
 * server-sent events on a connection opened before any stampede: a poll of
 * /api/stats would wait in the browser's queue behind the stampede's requests
 * (HTTP/1.1 allows six connections per host) and show nothing until it ends.
 *
 * @example
 * const stats = useOriginStats()
 * stats?.hits['/api/products']
 */
export const useOriginStats = (): OriginStats | undefined => {
  const [stats, setStats] = useState<OriginStats>()
  useEffect(() => {
    const source = new EventSource('/api/stats/stream')
    source.onmessage = (event: MessageEvent<string>) => setStats(JSON.parse(event.data) as OriginStats)
    return () => source.close()
  }, [])
  return stats
}
