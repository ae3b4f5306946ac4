import { useContext, useRef, useSyncExternalStore } from 'react'
import { hashKey, type Cache, type Fetcher, type Key, type ObserverResult } from '../core'
import { internalsOf } from '../core/cache-internals'
import { ObserverCore } from '../core/observer'
import { checkOptions } from '../core/observer-options'
import { differsIn, trackingHandler, trackResult, type Field } from '../core/observer-tracking'
import { DefaultsContext } from './defaults'
import { useCache } from './provider'
import type { SingleflightOptions, SingleflightResult, SingleflightSuspenseResult } from './types'

type Result = SingleflightResult<unknown>

// One hook instance's observer for one cache, key and `enabled` (a change
// of those makes a new Binding, whose observer React subscribes in the
// commit phase: nothing is loaded or notified during render). `_read`: the
// fields the component read (kept across Bindings), recorded by `_handler`.
// `_shown`: what getSnapshot returns, replaced only when a read field
// changes, the one thing useSyncExternalStore compares. `_tracked`: the
// object the hook returns, made for the result `_result`. `_rendering`: set
// while the observer is configured in render, when its notifications are
// not React's business. `_server`: React asked for the server snapshot
// (server rendering, hydration).
interface Binding {
  readonly _cache: Cache
  readonly _hash: string
  readonly _active: boolean
  readonly _observer: ObserverCore<unknown, unknown>
  readonly _read: Set<Field>
  readonly _handler: ProxyHandler<object>
  _shown: ObserverResult<unknown> | undefined
  _result: ObserverResult<unknown> | undefined
  _tracked: Result | undefined
  _rendering: boolean
  _server: boolean
  readonly _functions: Pick<Result, 'refetch' | 'mutate'>
  readonly _subscribe: (onChange: () => void) => () => void
  readonly _getSnapshot: () => ObserverResult<unknown>
  readonly _getServerSnapshot: () => ObserverResult<unknown>
}

const EMPTY: SingleflightOptions = {}

const bind = (cache: Cache, hash: string, active: boolean, last: Binding | undefined): Binding => {
  const observer = new ObserverCore<unknown, unknown>(cache)
  if (last) {
    observer._previousData = last._observer._previousData
    observer._previousHash = last._observer._previousHash
  }
  const read: Set<Field> = last ? last._read : new Set()
  const binding: Binding = {
    _cache: cache,
    _hash: hash,
    _active: active,
    _observer: observer,
    _read: read,
    _handler: last ? last._handler : trackingHandler(read),
    _shown: undefined,
    _result: undefined,
    _tracked: undefined,
    _rendering: false,
    _server: false,
    _subscribe: (onChange) => observer.subscribe(() => binding._rendering || onChange()),
    _getSnapshot: () => {
      const next = observer.getResult()
      if (!binding._shown || differsIn(binding._read, binding._shown, next)) binding._shown = next
      return binding._shown
    },
    // React calls this one on the server and while hydrating.
    _getServerSnapshot: () => ((binding._server = true), binding._getSnapshot()),
    _functions: {
      refetch: (refetchOptions) => observer.refetch(refetchOptions),
      mutate: (data) => {
        if (!hash) throw new TypeError('oneflight: this useSingleflight has no key (null, undefined or false)')
        cache.set(observer._key!, data)
      },
    },
  }
  return binding
}

/**
 * useSingleflight reads `key` from the cache and loads it with `fetcher`:
 * every mounted component asking for an equal key shares one request. It is
 * `useSyncExternalStore` over an observer (`createObserver`), plus suspense
 * and throwOnError; a null, undefined or false key disables it (`status:
 * 'idle'`). The fetcher's signal aborts when the last component using the
 * key unmounts while its request runs. The options of the nearest
 * `SingleflightProvider` fill in the ones left out.
 *
 * @example
 * function Profile({ id }: { id: number }) {
 *   const { data, error } = useSingleflight(['user', id], (_, { signal }) =>
 *     fetch(`/api/user/${id}`, { signal }).then((r) => r.json() as Promise<User>))
 *   if (error) return <p>failed</p>
 *   return <p>{data ? data.name : '…'}</p>
 * }
 */
export function useSingleflight<T, S = T, const K extends Key = Key>(
  key: K | null | undefined | false,
  fetcher: Fetcher<T, K>,
  options: SingleflightOptions<T, S> & { suspense: true },
): SingleflightSuspenseResult<T, S>
export function useSingleflight<T, S = T, const K extends Key = Key>(
  key: K | null | undefined | false,
  fetcher: Fetcher<T, K>,
  options?: SingleflightOptions<T, S>,
): SingleflightResult<T, S>
export function useSingleflight(
  key: Key | null | undefined | false,
  fetcher: Fetcher<unknown>,
  options: SingleflightOptions = EMPTY,
): Result {
  const cache = useCache()
  const defaults = useContext(DefaultsContext)
  const merged = (defaults ? { ...defaults, ...options } : options) as SingleflightOptions
  if (merged !== EMPTY) checkOptions(merged)
  const hash = key === null || key === undefined || key === false ? '' : hashKey(key)
  const active = hash !== '' && merged.enabled !== false
  const ref = useRef<Binding>(undefined)
  let binding = ref.current
  if (!binding || binding._cache !== cache || binding._hash !== hash || binding._active !== active) {
    ref.current = binding = bind(cache, hash, active, binding)
  }
  const observer = binding._observer
  observer._suspense = !!merged.suspense
  observer._throwOnError = !!merged.throwOnError
  // Same key and enabled as the observer's subscription: configuring it in
  // render loads nothing, it may only change the result.
  binding._rendering = true
  try {
    observer._configure(key, hash, fetcher, merged)
  } finally {
    binding._rendering = false
  }
  if (merged.suspense || merged.throwOnError)
    for (const field of ['status', 'error', 'isFetching', 'data'] as const) binding._read.add(field)
  binding._server = false
  useSyncExternalStore(binding._subscribe, binding._getSnapshot, binding._getServerSnapshot)
  // The fields themselves come from the latest result, never an older one.
  const result = observer.getResult()
  // The key's error, unless a request runs that may replace it: throwOnError
  // throws it even next to stale data, suspense only with no data to show.
  if (
    result.status === 'error' &&
    !result.isFetching &&
    (merged.throwOnError || (merged.suspense && result.data === undefined))
  ) {
    throw result.error
  }
  if (merged.suspense && active && result.data === undefined) {
    if (binding._server)
      throw new Error(
        'oneflight: suspense on the server needs the data: seed it through SingleflightProvider state or initialData',
      )
    // One promise per key, the same on every render (fit for React's use()):
    // it settles when the key has data, or fails without any.
    throw internalsOf(cache).firstData(key as Key, fetcher)
  }
  if (binding._result !== result) {
    binding._result = result
    binding._tracked = trackResult(result, binding._handler, binding._functions)
  }
  return binding._tracked!
}
