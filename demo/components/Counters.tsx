import { useEffect, useState } from 'react'
import { counters, type PageCounts } from '../lib/counters'
import { useOriginStats } from '../lib/origin-client'
import { RESOURCES } from '../lib/resources'

const usePageCounts = (): PageCounts => {
  const [counts, setCounts] = useState(counters.read)
  useEffect(() => {
    const id = setInterval(() => setCounts(counters.read()), 100)
    return () => clearInterval(id)
  }, [])
  return counts
}

/**
 * Counters shows, side by side, how often the components asked for data and
 * how many requests reached the origin, by the origin's own count (`shared`:
 * one live stream for all tabs, in cross-tab mode).
 *
 * @example
 * <Counters shared={false} />
 */
export const Counters = ({ shared }: { shared: boolean }) => {
  const page = usePageCounts()
  const stats = useOriginStats(shared)
  const origin = stats?.total ?? 0
  return (
    <section className="counters" aria-label="counters">
      <div className="counter">
        <span className="counter-value" data-testid="count-asked">
          {page.asked}
        </span>
        <span className="counter-label">asks by components</span>
      </div>
      <div className="counter counter-origin">
        <span className="counter-value" data-testid="count-origin">
          {origin}
        </span>
        <span className="counter-label">requests reached the origin</span>
      </div>
      <dl className="counter-details">
        {RESOURCES.map((path) => (
          <div key={path}>
            <dt>{path}</dt>
            <dd data-testid={`hits-${path}`}>{stats?.hits[path] ?? 0}</dd>
          </div>
        ))}
        <div>
          <dt>sent by this page</dt>
          <dd data-testid="count-sent">{page.sent}</dd>
        </div>
        <div>
          <dt>in flight (max)</dt>
          <dd data-testid="count-in-flight">
            {stats?.inFlight ?? 0} ({stats?.maxInFlight ?? 0})
          </dd>
        </div>
        <div>
          <dt>aborted at origin</dt>
          <dd data-testid="count-aborted">{stats?.aborted ?? 0}</dd>
        </div>
        <div>
          <dt>errors from origin</dt>
          <dd data-testid="count-errors">{stats?.errors ?? 0}</dd>
        </div>
      </dl>
    </section>
  )
}
