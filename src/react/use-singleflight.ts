import { useEffect, useRef, useSyncExternalStore } from 'react'
import { hashKey, type Cache, type Fetcher, type Key, type Snapshot } from '../core'
import { useCache } from './provider'
import { observe } from './revalidate'
import { type Actions, ERROR, FETCHING, IDLE, PENDING, Result, STATUS, select, type Tracker } from './tracked'
import type { SingleflightOptions, SingleflightResult, SingleflightSuspenseResult } from './types'
import { idOf, listen, load, read, watchOf, type Observer, type Watch } from './watch'

// Everything one hook instance keeps between renders. The closures are
// rebuilt only when the cache or the key's value changes, so an inline
// array key (new identity each render) neither resubscribes nor refetches.
interface Hook extends Tracker {
  cache: Cache | undefined
  id: string | undefined
  key: Key | false | undefined
  observer: Observer
  // The watch this hook subscribed through, for getSnapshot's fast path.
  watch: Watch | undefined
  server: boolean
  laggy: unknown
  subscribe: (onChange: () => void) => () => void
  getSnapshot: () => Snapshot<unknown>
  getServerSnapshot: () => Snapshot<unknown>
  refetch: () => Promise<unknown>
  mutate: (data: unknown) => void
}

const EMPTY: SingleflightOptions = {}
const unsubscribed = (): (() => void) => () => {}
const noKey = 'singleflight: this useSingleflight has no key (null, undefined or false)'

const check = (options: SingleflightOptions): void => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('singleflight: useSingleflight options must be an object')
  }
  for (const name of ['staleTime', 'refreshInterval'] as const) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
      throw new TypeError(`singleflight: options.${name} must be a number >= 0, got ${String(value)}`)
    }
  }
}

// All fields up front: one object shape for every hook.
const create = (fetcher: Fetcher<unknown>, options: SingleflightOptions): Hook => ({
  read: 0, source: undefined, view: IDLE, cache: undefined, id: undefined, key: null,
  observer: { fetcher, options }, watch: undefined, server: false, laggy: undefined,
  subscribe: unsubscribed, getSnapshot: () => IDLE, getServerSnapshot: () => IDLE,
  refetch: () => Promise.reject(new TypeError(noKey)), mutate: () => {},
})

const bind = (hook: Hook, cache: Cache, key: Key | undefined, id: string): void => {
  hook.cache = cache
  hook.id = id
  hook.watch = undefined
  hook.source = undefined
  // An enabled key with nothing loaded yet reads 'pending' (isLoading) from
  // the first render on, and the cache's 'idle' entry made by subscribing
  // compares equal to it, so subscribing re-renders nothing.
  const get =
    key === undefined
      ? () => select(hook, IDLE)
      : () => {
          const snapshot = read(hook.watch, cache, key)
          return select(hook, snapshot === undefined || snapshot.status === 'idle' ? PENDING : snapshot)
        }
  hook.getSnapshot = get
  // React calls this one on the server and while hydrating: no fetching there.
  hook.getServerSnapshot = () => ((hook.server = true), get())
  if (key === undefined) {
    hook.subscribe = unsubscribed
    hook.refetch = () => Promise.reject(new TypeError(noKey))
    hook.mutate = () => {
      throw new TypeError(noKey)
    }
  } else {
    hook.subscribe = (onChange) => listen((hook.watch = watchOf(cache, key, id)), onChange)
    hook.refetch = () => load(watchOf(cache, key, id), hook.observer.fetcher, true)
    hook.mutate = (data) => cache.set(key, data)
  }
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
    throw new TypeError('singleflight: useSingleflight needs a fetcher function')
  }
  if (options !== EMPTY) check(options)
  const ref = useRef<Hook>(undefined)
  const hook = (ref.current ??= create(fetcher as Fetcher<unknown>, options))
  // A key equal (===) to the last render's primitive key has the same id:
  // no hashing or string building on the common path. Objects are hashed
  // every render, so a key mutated in place is still seen.
  const id =
    key === hook.key && typeof key !== 'object' ? (hook.id as string) : enabled ? idOf(key, hashKey) : ''
  hook.key = key
  // The latest fetcher and options serve the revalidations this hook triggers.
  hook.observer.fetcher = fetcher as Fetcher<unknown>
  hook.observer.options = options
  if (hook.cache !== cache || hook.id !== id) bind(hook, cache, enabled ? key : undefined, id)
  // The hook itself reads these to decide whether to throw.
  if (options.suspense || options.throwOnError) hook.read |= STATUS | FETCHING | ERROR
  hook.server = false
  useSyncExternalStore(hook.subscribe, hook.getSnapshot, hook.getServerSnapshot)
  const snapshot = hook.source as Snapshot<T>

  // One effect per hook (it is paid 1,000 times on a big page). A new
  // refreshInterval re-runs it: that re-joins (nothing aborts, as the leave
  // is deferred) and revalidates if stale.
  useEffect(
    () => (enabled ? observe(cache, key, id, hook.observer) : undefined),
    [cache, id, options.refreshInterval],
  )

  let data = snapshot.data
  let previous = false
  if (data !== undefined) hook.laggy = data
  else if (options.keepPreviousData && hook.laggy !== undefined) {
    data = hook.laggy as T
    previous = true
  }
  if (enabled && data === undefined && options.suspense && snapshot.status !== 'success') {
    if (snapshot.status === 'error' && !snapshot.isFetching) throw snapshot.error
    if (hook.server) {
      throw new Error('singleflight: suspense on the server needs the data in SingleflightProvider initialData')
    }
    const watch = watchOf(cache, key, id)
    if (!watch.settled) load(watch, fetcher as Fetcher<unknown>, false)
    throw watch.settled
  }
  if (enabled && options.throwOnError && snapshot.status === 'error' && !snapshot.isFetching) {
    throw snapshot.error
  }
  return new Result(hook, snapshot, data, previous, hook as unknown as Actions<T>) as SingleflightResult<T>
}
