import { createCache, type Cache } from 'oneflight'
import { createTabGroup } from 'oneflight/tabs'

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
 * createDemoCache makes the cache of the useSingleflight mode. With `tabs`,
 * its loads run on `createTabGroup({ name: 'oneflight-demo' })`, and the
 * cache's own events say which loads another tab ran: the devtools panel
 * draws them hatched.
 *
 * @example
 * const { cache } = createDemoCache({ retry: true, tabs: false })
 */
export const createDemoCache = ({ retry, tabs }: { retry: boolean; tabs: boolean }): DemoCache => {
  const group = tabs ? createTabGroup({ name: 'oneflight-demo' }) : undefined
  const cache = createCache({
    retry: retry ? 1 : 0,
    // Short and fixed, so the retry is easy to see on the chart.
    retryDelay: () => 250,
    ...(group && { group }),
  })
  return { cache, crossTab: group?.crossTab }
}
