import { createCache, type Cache, type CacheEvent } from 'oneflight'
import { createTabGroup } from 'oneflight/tabs'
import { watchTabGroup } from '../lib/tab-flights'
import { timeline } from '../lib/timeline'

let generation = 0

// The cache's events are the timeline of the useSingleflight mode. Flight ids
// restart at 1 in every cache, so refs carry the cache's generation.
const record = (gen: number, event: CacheEvent): void => {
  if (event.type === 'evicted' || event.type === 'mutation' || event.type === 'invalidated') return
  const ref = `c${gen}:${event.flightId}`
  switch (event.type) {
    case 'started':
      timeline.start(String(event.key), ref, event.at)
      break
    case 'joined':
      timeline.join(ref, event.at)
      break
    case 'retried':
      timeline.retry(ref, event.at)
      break
    case 'settled':
      timeline.end(ref, event.ok ? 'ok' : 'error', event.at)
      break
    case 'aborted':
      timeline.end(ref, 'aborted', event.at)
      break
  }
}

// Cross-tab: the bars come from the tab group's watcher (a load served by
// another tab has no cache events here); the cache adds joins and retries to
// the key's open bar.
const recordCrossTab = (event: CacheEvent): void => {
  if (event.type !== 'joined' && event.type !== 'retried') return
  const ref = timeline.openRef(String(event.key))
  if (ref === undefined) return
  if (event.type === 'joined') timeline.join(ref, event.at)
  else timeline.retry(ref, event.at)
}

/**
 * DemoCache: the cache of the useSingleflight mode, and whether its loads
 * are shared across tabs: `crossTab` is undefined when the switch is off,
 * else the tab group's own `crossTab` (false: Web Locks or BroadcastChannel
 * missing, so it works in this tab only).
 *
 * @example
 * const { cache, crossTab }: DemoCache = createDemoCache({ retry: false, tabs: true })
 */
export interface DemoCache {
  cache: Cache
  crossTab: boolean | undefined
}

/**
 * createDemoCache makes the cache of the useSingleflight mode and wires its
 * events to the timeline at once, before any component can start a flight
 * (children's effects run before their parent's, so a subscription made in
 * an effect of the grid would miss the first `started`). With `tabs`, its
 * loads run on `createTabGroup({ name: 'oneflight-demo' })`.
 *
 * @example
 * const { cache } = createDemoCache({ retry: true, tabs: false })
 */
export const createDemoCache = ({ retry, tabs }: { retry: boolean; tabs: boolean }): DemoCache => {
  const gen = ++generation
  const group = tabs ? watchTabGroup(createTabGroup({ name: 'oneflight-demo' })) : undefined
  const cache = createCache({
    retry: retry ? 1 : 0,
    // Short and fixed, so the retry is easy to see on the chart.
    retryDelay: () => 250,
    // The timeline's clock, so cache events and fetches share one time axis.
    now: () => performance.now(),
    ...(group && { group }),
  })
  cache.on(group ? recordCrossTab : (event) => record(gen, event))
  return { cache, crossTab: group?.crossTab }
}
