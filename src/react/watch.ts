import type { Cache, Fetcher, Key, Snapshot } from '../core'
import type { SingleflightOptions } from './types'

/**
 * Observer: one mounted hook, with the fetcher (`f`) and options (`o`) of its latest render.
 *
 * @example
 * const observer: Observer = { f: getUser, o: { staleTime: 5_000 } }
 */
export interface Observer {
  f: Fetcher<unknown>
  o: SingleflightOptions
}

/**
 * Watch: what the hooks share for one key of one cache.
 *
 * @example
 * const stop = watchOf(cache, key, hashKey(key)).observe(hook, onChange)
 */
export interface Watch {
  /** get: the key's snapshot (the one kept while subscribed: no hashing). */
  readonly get: () => Snapshot<unknown> | undefined
  /** load: the hooks' load of the key, joined while it runs; `force` skips freshness. */
  readonly load: (fetcher: Fetcher<unknown>, force?: boolean) => Promise<unknown>
  /** observe: a hook's useSyncExternalStore subscription and mount; returns its cleanup. */
  readonly observe: (observer: Observer, onChange: () => void) => () => void
}

const registry = new WeakMap<Cache, Map<string, Watch>>()

const hidden = (): boolean => !!globalThis.document?.hidden

/**
 * watchOf: the Watch for key `k` (whose `hashKey` is `i`) in cache `c`,
 * created on first use. The cache and its Group do the work (one flight per key,
 * abort once every caller left); a watch only makes the hooks of a key ONE
 * caller and ONE subscriber of the cache, which 1,000 components on a key
 * would otherwise each be. Its state is local variables, as in the cache:
 * a minifier shortens those, not properties. Invariants:
 * - `observers` maps each mounted hook to its change listener; while it is
 *   non-empty the watch listens to the window, and polls if one asks to;
 * - `unsubscribe` is set while the watch is subscribed to the cache: from the
 *   first hook's mount until a microtask after the last one left. Meanwhile
 *   `snapshot` is the cache's current one, which getSnapshot, run by every
 *   component on every render and change, reads instead of hashing the key;
 * - every load the hooks start carries `controller.signal`, so the Group sees
 *   one caller for all of them: it aborts when the last hook left, which
 *   aborts the fetcher unless a caller outside React joined the flight;
 * - `loading` is the hooks' load until it settles: a hook that asks meanwhile
 *   joins it;
 * - the watch sits in its cache's map while `observers`, `unsubscribe` or
 *   `loading` is set, and is dropped for good once all three are gone.
 *
 * @example
 * await watchOf(cache, ['user', 1], hashKey(['user', 1])).load(getUser)
 */
export const watchOf = (c: Cache, k: Key, i: string): Watch => {
  let map = registry.get(c)
  if (!map) registry.set(c, (map = new Map()))
  let watch = map.get(i)
  if (watch) return watch
  const observers = new Map<Observer, () => void>()
  let snapshot: Snapshot<unknown> | undefined
  let unsubscribe: (() => void) | undefined
  let controller: AbortController | undefined
  let loading: Promise<unknown> | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  let every = 0

  const drop = (): void => {
    if (!observers.size && !unsubscribe && !loading && map.get(i) === watch) map.delete(i)
  }

  // The cache's `force` also starts a new flight, so a forced load asks
  // without it while the cache reports one in flight: that one is joined
  // (it is stale by then, or the cache answers fresh data).
  const load = (fetcher: Fetcher<unknown>, force?: boolean): Promise<unknown> => {
    if (loading) return loading
    const promise = (loading = c.fetch(k, fetcher, {
      signal: (controller ??= new AbortController()).signal,
      force: force && !c.get(k)?.isFetching,
    }))
    // Also the rejection handler: a load nobody awaits must not be reported.
    const done = (): void => {
      if (loading === promise) ((loading = undefined), drop())
    }
    promise.then(done, done)
    return promise
  }

  // A hook's own staleTime is measured against Date.now(): the cache does
  // not expose its clock, so a cache built with a custom `now` should be
  // paired with hooks that leave staleTime to the cache.
  const isFresh = (staleTime: number): boolean => {
    const entry = c.get(k)
    return entry?.status === 'success' && Date.now() - entry.updatedAt < staleTime
  }

  // Loads the key when one of `list` wants it, unless its option `reason`
  // (mount: none) is false. An observer with its own staleTime decides
  // freshness itself and forces the load when stale; one without leaves the
  // decision to the cache. When hooks disagree, the most eager one wins.
  const revalidate = (list: Iterable<Observer>, reason?: 'revalidateOnFocus' | 'revalidateOnReconnect'): void => {
    let ask: Observer | undefined
    for (const observer of list) {
      const { staleTime, suspense } = observer.o
      // A suspended component mounts right after the load it waited for: as
      // TanStack does, suspense treats data younger than a second as fresh,
      // or every suspended tree would load twice.
      if ((reason && observer.o[reason] === false) || (suspense && isFresh(1000))) continue
      if (staleTime === undefined) ask ??= observer
      else if (!isFresh(staleTime)) return void load(observer.f, true)
    }
    if (ask) load(ask.f)
  }

  // One listener per key: a focus costs one request per key, however many
  // hooks use it. It listens only while a hook of the key is mounted.
  const onEvent = ({ type }: Event): void => {
    if (type === 'online') revalidate(observers.keys(), 'revalidateOnReconnect')
    else if (type === 'focus' || !hidden()) revalidate(observers.keys(), 'revalidateOnFocus')
  }
  const listen = (method: 'addEventListener' | 'removeEventListener'): void => {
    const win = globalThis.window
    win?.[method]?.('focus', onEvent)
    win?.[method]?.('online', onEvent)
    globalThis.document?.[method]?.('visibilitychange', onEvent)
  }

  // One polling timer per key, at the shortest refreshInterval of its mounted
  // hooks; a tick forces a load (joining one that runs) unless the page is
  // hidden or offline. Only a key that polls, or a hook that asks to, pays
  // for the scan: 1,000 hooks mounting on a key must not cost 1,000² steps.
  const schedule = (observer?: Observer): void => {
    if (!every && !observer?.o.refreshInterval) return
    let next = 0
    for (const { o } of observers.keys()) {
      const ms = o.refreshInterval!
      if (ms > 0 && !(next && next <= ms)) next = ms
    }
    if (next === every) return
    clearInterval(timer)
    every = next
    timer = every
      ? setInterval(() => {
          const first = observers.keys().next().value
          if (first && !hidden() && globalThis.navigator?.onLine !== false) load(first.f, true)
        }, every)
      : undefined
  }

  watch = {
    get: () => (unsubscribe ? snapshot : c.get(k)),
    load,
    // React subscribes when an effect would mount, and again exactly when
    // the cache, the key or (as the hook arranges it) the refreshInterval
    // changes. The last hook's leave takes effect a microtask later unless a
    // hook came back meanwhile: StrictMode and key switches unmount and mount
    // again in the same task, and those must not abort, start or resubscribe
    // anything.
    observe: (observer, onChange) => {
      if (!unsubscribe) {
        unsubscribe = c.subscribe(k, () => {
          const next = c.get(k)
          // cache.clear() gave the key a new, idle entry: the load from before
          // lands nowhere, so stop joining it and load again for the hooks.
          if (next?.status === 'idle' && !next.isFetching && snapshot && snapshot.status !== 'idle') {
            loading = undefined
            queueMicrotask(() => observers.size && revalidate(observers.keys()))
          }
          snapshot = next
          for (const listener of observers.values()) listener()
        })
        snapshot = c.get(k)
      }
      if (!observers.size) listen('addEventListener')
      observers.set(observer, onChange)
      schedule(observer)
      revalidate([observer])
      return () => {
        observers.delete(observer)
        schedule()
        if (observers.size) return
        listen('removeEventListener')
        queueMicrotask(() => {
          if (observers.size) return
          // Harmless when no load runs: nothing listens to the signal then.
          controller?.abort(new DOMException('every component using this key unmounted', 'AbortError'))
          unsubscribe?.()
          controller = loading = unsubscribe = undefined
          drop()
        })
      }
    },
  }
  map.set(i, watch)
  return watch
}
