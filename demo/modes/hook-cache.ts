import { createCache, type Cache, type CacheEvent } from '../../src/core'
import { timeline } from '../lib/timeline'

let generation = 0

// The cache's events are the timeline of the useSingleflight mode. Flight ids
// restart at 1 in every cache, so refs carry the cache's generation.
const record = (gen: number, event: CacheEvent): void => {
  if (event.type === 'evicted') return
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

/**
 * createDemoCache makes the cache of the useSingleflight mode and wires its
 * events to the timeline at once, before any component can start a flight
 * (children's effects run before their parent's, so a subscription made in
 * an effect of the grid would miss the first `started`).
 *
 * @example
 * const cache = createDemoCache({ retry: true })
 */
export const createDemoCache = ({ retry }: { retry: boolean }): Cache => {
  const gen = ++generation
  const cache = createCache({
    retry: retry ? 1 : 0,
    // Short and fixed, so the retry is easy to see on the chart.
    retryDelay: () => 250,
    // The timeline's clock, so cache events and fetches share one time axis.
    now: () => performance.now(),
  })
  cache.on((event) => record(gen, event))
  return cache
}
