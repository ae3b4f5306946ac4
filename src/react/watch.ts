import type { Cache, Fetcher, Key, Snapshot } from '../core'
import type { SingleflightOptions } from './types'

/**
 * Observer: one mounted hook, with the fetcher and options of its latest render.
 *
 * @example
 * const observer: Observer = { fetcher: getUser, options: { staleTime: 5_000 } }
 */
export interface Observer {
  fetcher: Fetcher<unknown>
  options: SingleflightOptions
}

// One record per (cache, key) that some hook uses. Invariants:
// - `observers` holds the hooks whose effects are mounted on this key,
//   `listeners` React's useSyncExternalStore subscriptions; the record sits
//   in its cache's map while either is non-empty or a load runs, and is
//   dropped (for good) once all three are gone;
// - while `listeners` is non-empty the watch holds ONE cache subscription
//   and `snapshot` is the cache's current snapshot: getSnapshot, called by
//   every component on every render and change, reads it instead of asking
//   the cache (which hashes the key) a thousand times;
// - every load the hooks start carries `controller.signal`, so the Group sees
//   ONE caller for all hooks of the key: aborting it (when the last observer
//   leaves) aborts the fetcher unless a caller outside React joined the flight;
// - `load` is the promise of the load the hooks started, set until it settles:
//   a hook that mounts meanwhile joins it instead of calling the cache again.
/**
 * Watch: the hooks' shared state for one key of one cache.
 *
 * @example
 * const watch: Watch = watchOf(cache, key, idOf(key, hashKey))
 */
export interface Watch {
  readonly cache: Cache
  readonly key: Key
  readonly id: string
  readonly observers: Set<Observer>
  readonly listeners: Set<() => void>
  snapshot: Snapshot<unknown> | undefined
  unsubscribe: (() => void) | undefined
  controller: AbortController | undefined
  load: Promise<unknown> | undefined
  // What a suspended render throws: the load, never rejecting.
  settled: Promise<void> | undefined
  timer: ReturnType<typeof setInterval> | undefined
  every: number
}

const registry = new WeakMap<Cache, Map<string, Watch>>()

/**
 * idOf: a string equal for equal keys; plain strings skip hashing.
 *
 * @example
 * idOf('user', hashKey) // 'suser'; idOf(['user'], hashKey) // 'h["user"]'
 */
export const idOf = (key: Key, hash: (key: Key) => string): string =>
  typeof key === 'string' ? 's' + key : 'h' + hash(key)

/**
 * watchOf: the Watch for `key` in `cache`, created on first use.
 *
 * @example
 * const watch = watchOf(cache, ['user', 1], idOf(['user', 1], hashKey))
 */
export const watchOf = (cache: Cache, key: Key, id: string): Watch => {
  let map = registry.get(cache)
  if (!map) registry.set(cache, (map = new Map()))
  let watch = map.get(id)
  if (!watch) {
    watch = {
      cache, key, id, observers: new Set(), listeners: new Set(), snapshot: undefined, unsubscribe: undefined,
      controller: undefined, load: undefined, settled: undefined, timer: undefined, every: 0,
    }
    map.set(id, watch)
  }
  return watch
}

const drop = (watch: Watch): void => {
  if (watch.observers.size || watch.listeners.size || watch.load) return
  const map = registry.get(watch.cache)
  if (map?.get(watch.id) === watch) map.delete(watch.id)
}

/**
 * listen adds a useSyncExternalStore listener; the first one subscribes the
 * watch to the cache, the last one to leave unsubscribes it.
 *
 * @example
 * const stop = listen(watch, () => console.log(read(watch, cache, key)))
 */
export const listen = (watch: Watch, onChange: () => void): (() => void) => {
  const { cache, key, listeners } = watch
  if (!listeners.size) {
    watch.unsubscribe = cache.subscribe(key, () => {
      watch.snapshot = cache.get(key)
      for (const listener of listeners) listener()
    })
    watch.snapshot = cache.get(key)
  }
  listeners.add(onChange)
  return () => {
    if (!listeners.delete(onChange) || listeners.size) return
    watch.unsubscribe?.()
    watch.unsubscribe = watch.snapshot = undefined
    drop(watch)
  }
}

/**
 * read: the key's snapshot, from the watch while it is subscribed.
 *
 * @example
 * const snapshot = read(hook.watch, cache, key) ?? PENDING
 */
export const read = (watch: Watch | undefined, cache: Cache, key: Key): Snapshot<unknown> | undefined =>
  watch && watch.listeners.size ? watch.snapshot : cache.get(key)

/**
 * load asks the cache for the key with the hooks' shared signal, unless the
 * hooks already run a load of it, which is joined. `force` skips the cache's
 * freshness check — but the cache's `force` also starts a new flight, so a
 * forced load asks without it while the cache reports one in flight: that
 * request is joined (it is stale by then, or the cache answers fresh data).
 *
 * @example
 * await load(watch, fetcher, false) // joins the hooks' load if one runs
 */
export const load = (watch: Watch, fetcher: Fetcher<unknown>, force: boolean): Promise<unknown> => {
  if (watch.load) return watch.load
  const { cache, key } = watch
  if (force && cache.get(key)?.isFetching) force = false
  const controller = (watch.controller ??= new AbortController())
  const promise = cache.fetch(key, fetcher, { signal: controller.signal, force })
  watch.load = promise
  const done = (): void => {
    if (watch.load !== promise) return
    watch.load = watch.settled = undefined
    drop(watch)
  }
  watch.settled = promise.then(done, done)
  return promise
}

/**
 * leave: an observer's effect unmounted (or its key changed). When the last
 * one leaves, the load is aborted — after a microtask, because StrictMode and
 * key switches unmount and mount again in the same task, and those must not
 * abort (nor start) anything.
 *
 * @example
 * leave(watch, observer) // the effect cleanup of one hook
 */
export const leave = (watch: Watch, observer: Observer): void => {
  watch.observers.delete(observer)
  if (watch.observers.size) return
  queueMicrotask(() => {
    if (watch.observers.size) return
    const controller = watch.controller
    watch.controller = undefined
    if (controller && watch.load) {
      watch.load = watch.settled = undefined
      controller.abort(new DOMException('every component using this key unmounted', 'AbortError'))
    }
    drop(watch)
  })
}
