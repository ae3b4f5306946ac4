import type { Cache, Key } from '../core'
import { leave, load, watchOf, type Observer, type Watch } from './watch'

type Reason = 'mount' | 'focus' | 'online'

const SUSPENSE_FRESH = 1000

// A hook's own staleTime is measured against Date.now(): the cache does not
// expose its clock, so a cache built with a custom `now` should be paired
// with hooks that leave staleTime to the cache.
const isFresh = (watch: Watch, staleTime: number): boolean => {
  const snapshot = watch.cache.get(watch.key)
  return !!snapshot && snapshot.status === 'success' && Date.now() - snapshot.updatedAt < staleTime
}

/**
 * revalidate loads the key when one of `observers` wants it for `reason`.
 * An observer with its own `staleTime` decides freshness itself and forces
 * the load when stale; one without leaves the decision to the cache. Either
 * way the hooks' load in progress, or the cache's flight, is joined.
 *
 * @example
 * revalidate(watch, watch.observers, 'focus')
 */
export const revalidate = (watch: Watch, observers: Iterable<Observer>, reason: Reason): void => {
  let ask: Observer | undefined
  for (const observer of observers) {
    const { staleTime, suspense, revalidateOnFocus, revalidateOnReconnect } = observer.options
    if (reason === 'focus' && revalidateOnFocus === false) continue
    if (reason === 'online' && revalidateOnReconnect === false) continue
    // A suspended component mounts right after the load it waited for: as
    // TanStack does, suspense treats data younger than a second as fresh, or
    // every suspended tree would load twice.
    if (suspense && isFresh(watch, SUSPENSE_FRESH)) continue
    if (staleTime === undefined) ask ??= observer
    else if (!isFresh(watch, staleTime)) {
      load(watch, observer.fetcher, true)
      return
    }
  }
  if (ask) load(watch, ask.fetcher, false)
}

// Watches with at least one mounted hook: the window listeners serve them
// all, so a focus costs one request per key however many hooks use it. The
// listeners exist only while some hook is mounted: nothing runs at import.
const active = new Set<Watch>()

const all = (reason: Reason): void => {
  for (const watch of active) revalidate(watch, watch.observers, reason)
}
const onFocus = (): void => all('focus')
const onVisible = (): void => {
  if (!document.hidden) all('focus')
}
const onOnline = (): void => all('online')

const listenWindow = (on: boolean): void => {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return
  const method = on ? 'addEventListener' : 'removeEventListener'
  window[method]('focus', onFocus)
  window[method]('online', onOnline)
  if (typeof document !== 'undefined') document[method]('visibilitychange', onVisible)
}

const paused = (): boolean =>
  (typeof document !== 'undefined' && document.hidden) ||
  (typeof navigator !== 'undefined' && navigator.onLine === false)

/**
 * schedule keeps one polling timer per key at the shortest `refreshInterval`
 * of its mounted hooks. A tick forces a load unless the page is hidden or
 * offline; one already running is joined.
 *
 * @example
 * schedule(watch, observer) // after an observer joined or changed its refreshInterval
 */
export const schedule = (watch: Watch, observer?: Observer): void => {
  // Only a key that polls, or a hook that asks to, pays for the scan: 1,000
  // hooks mounting on one key must not cost 1,000 × 1,000 steps.
  if (!watch.every && !observer?.options.refreshInterval) return
  let every = Infinity
  for (const { options } of watch.observers) {
    const ms = options.refreshInterval
    if (ms && ms > 0 && ms < every) every = ms
  }
  if (every === Infinity) every = 0
  if (every === watch.every) return
  if (watch.timer !== undefined) clearInterval(watch.timer)
  watch.every = every
  watch.timer = every
    ? setInterval(() => {
        const first = watch.observers.values().next().value
        if (first && !paused()) load(watch, first.fetcher, true)
      }, every)
    : undefined
}

/**
 * observe: the mount effect of one hook. It joins the key's watch, starts
 * the listeners and timer it needs, and revalidates for the mount; the
 * returned cleanup undoes all of it.
 *
 * @example
 * useEffect(() => observe(cache, key, id, observer), [cache, id])
 */
export const observe = (cache: Cache, key: Key, id: string, observer: Observer): (() => void) => {
  const watch = watchOf(cache, key, id)
  watch.observers.add(observer)
  if (active.size === 0) listenWindow(true)
  active.add(watch)
  schedule(watch, observer)
  revalidate(watch, [observer], 'mount')
  return () => {
    leave(watch, observer)
    schedule(watch)
    if (watch.observers.size) return
    active.delete(watch)
    if (active.size === 0) listenWindow(false)
  }
}
