import { useRef, useSyncExternalStore } from 'react'
import { hashKey, type Cache, type Fetcher, type Key, type Snapshot } from '../core'
import { useCache } from './provider'
import { type Actions, ERROR, FETCHING, IDLE, PENDING, Result, STATUS, select, type Tracker } from './tracked'
import type { SingleflightOptions, SingleflightResult, SingleflightSuspenseResult } from './types'
import { watchOf, type Observer, type Watch } from './watch'

// Everything one hook instance keeps for one cache and key (`i`: its
// `hashKey`, '' for none): what it read (Tracker), its latest fetcher and
// options (Observer), the watch it subscribed through (`w`), whether React
// last asked for the server snapshot (`x`), the last data shown (`l`, for
// keepPreviousData), and its functions. A new one is made only when the
// cache, the key's value or the refreshInterval changes, so an inline array
// key (a new object each render) neither resubscribes nor refetches.
interface Hook extends Tracker, Observer, Actions<unknown> {
  readonly c: Cache
  readonly i: string
  w: Watch | undefined
  x: boolean
  l: unknown
  readonly subscribe: (onChange: () => void) => () => void
  readonly get: () => Snapshot<unknown>
  readonly server: () => Snapshot<unknown>
}

const EMPTY: SingleflightOptions = {}
const noKey = (): never => {
  throw new TypeError('oneflight: this useSingleflight has no key (null, undefined or false)')
}
const unsubscribed = (): (() => void) => () => {}

const check = (options: SingleflightOptions): void => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('oneflight: useSingleflight options must be an object')
  }
  for (const name of ['staleTime', 'refreshInterval'] as const) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
      throw new TypeError(`oneflight: options.${name} must be a number >= 0, got ${String(value)}`)
    }
  }
}

// A hook bound to `c` and `key` (undefined: none). It inherits from the
// one it replaces the fields read so far and the last data shown.
const bind = (
  c: Cache,
  key: Key | undefined,
  i: string,
  f: Fetcher<unknown>,
  o: SingleflightOptions,
  last?: Hook,
): Hook => {
  const h: Hook = {
    r: last ? last.r : 0,
    s: undefined,
    v: IDLE,
    f,
    o,
    c,
    i,
    w: undefined,
    x: false,
    l: last?.l,
    // An enabled key with nothing loaded yet reads 'pending' (isLoading) from
    // the first render on, and the cache's 'idle' entry made by subscribing
    // compares equal to it, so subscribing re-renders nothing.
    get: () => {
      if (key === undefined) return select(h, IDLE)
      const snapshot = h.w ? h.w.get() : c.get(key)
      return select(h, !snapshot || snapshot.status === 'idle' ? PENDING : snapshot)
    },
    // React calls this one on the server and while hydrating: no fetching there.
    server: () => ((h.x = true), h.get()),
    subscribe: key === undefined ? unsubscribed : (onChange) => (h.w = watchOf(c, key, i)).observe(h, onChange),
    refetch: () => (key === undefined ? new Promise(noKey) : watchOf(c, key, i).load(h.f, true)),
    mutate: (data) => (key === undefined ? noKey() : c.set(key, data)),
  }
  return h
}

/**
 * useSingleflight reads `key` from the cache and loads it with `fetcher`:
 * every mounted component asking for an equal key shares one request and
 * one snapshot. A null, undefined or false key disables it (`status:
 * 'idle'`). The fetcher's signal aborts when the last component using the
 * key unmounts while its request runs.
 *
 * @example
 * function Profile({ id }: { id: number }) {
 *   const { data, error } = useSingleflight(['user', id], (_, { signal }) =>
 *     fetch(`/api/user/${id}`, { signal }).then((r) => r.json() as Promise<User>))
 *   if (error) return <p>failed</p>
 *   return <p>{data ? data.name : '…'}</p>
 * }
 */
export function useSingleflight<T, const K extends Key = Key>(
  key: K | null | undefined | false,
  fetcher: Fetcher<T, K>,
  options: SingleflightOptions & { suspense: true },
): SingleflightSuspenseResult<T>
export function useSingleflight<T, const K extends Key = Key>(
  key: K | null | undefined | false,
  fetcher: Fetcher<T, K>,
  options?: SingleflightOptions,
): SingleflightResult<T>
export function useSingleflight<T>(
  key: Key | null | undefined | false,
  fetcher: Fetcher<T>,
  options: SingleflightOptions = EMPTY,
): SingleflightResult<T> {
  const cache = useCache()
  const enabled = key !== null && key !== undefined && key !== false
  if (enabled && typeof fetcher !== 'function') {
    throw new TypeError('oneflight: useSingleflight needs a fetcher function')
  }
  if (options !== EMPTY) check(options)
  const ref = useRef<Hook>(undefined)
  let hook = ref.current
  // Hashed every render (a short string's hash is one JSON.stringify), so a
  // key mutated in place is still seen.
  const id = enabled ? hashKey(key) : ''
  // A new refreshInterval resubscribes too: that re-joins (nothing aborts, as
  // the leave is deferred), reschedules and revalidates if stale.
  if (!hook || hook.c !== cache || hook.i !== id || hook.o.refreshInterval !== options.refreshInterval) {
    ref.current = hook = bind(cache, enabled ? key : undefined, id, fetcher as Fetcher<unknown>, options, hook)
  }
  // The latest fetcher and options serve the revalidations this hook triggers.
  hook.f = fetcher as Fetcher<unknown>
  hook.o = options
  // The hook itself reads these to decide whether to throw.
  if (options.suspense || options.throwOnError) hook.r |= STATUS | FETCHING | ERROR
  hook.x = false
  useSyncExternalStore(hook.subscribe, hook.get, hook.server)
  const snapshot = hook.s as Snapshot<T>

  let data = snapshot.data
  if (data !== undefined) hook.l = data
  else if (options.keepPreviousData) data = hook.l as T | undefined
  // The key's error, unless a request runs that may replace it: throwOnError
  // throws it even next to stale data, suspense only with no data to show.
  if (
    snapshot.status === 'error' &&
    !snapshot.isFetching &&
    (options.throwOnError || (options.suspense && data === undefined))
  ) {
    throw snapshot.error
  }
  if (enabled && options.suspense && data === undefined && snapshot.status !== 'success') {
    if (hook.x) throw new Error('oneflight: suspense on the server needs the data in SingleflightProvider initialData')
    // One load for every suspended component (the Group joins them); React
    // retries when it settles. A caller of its own, without a signal: a hook
    // unmounting elsewhere must not abort what a suspended tree waits for. It
    // starts after render, so no other component is updated during this one.
    throw Promise.resolve().then(() => cache.fetch(key, fetcher as Fetcher<unknown>))
  }
  return new Result(hook as Hook & Actions<T>, snapshot, data) as SingleflightResult<T>
}
