import { useRef, useSyncExternalStore } from 'react'
import { hashKey, type Cache, type Fetcher, type Key, type ObserverResult } from '../core'
import { ObserverCore } from '../core/observer'
import { checkOptions } from '../core/observer-options'
import { trackResult, Tracker, type Field } from '../core/observer-tracking'
import { useScope } from './provider'
import type { SingleflightOptions, SingleflightResult, SingleflightSuspenseResult } from './types'

type Result = SingleflightResult<unknown>

// One hook instance's observer for one cache, key and `enabled` (a change
// of those makes a new Binding, whose observer React subscribes in the
// commit phase: nothing is loaded or notified during render). It is the
// observer itself, so a mounted component costs one object and its
// functions. `_tracker`: the fields the component read (kept across
// Bindings). `_shown`: what getSnapshot returns, replaced only when a read
// field changes, the one thing useSyncExternalStore compares. `_tracked`: the
// object the hook returns, made for the result `_trackedResult`.
// The observer is `_quiet` while configured in render, when its
// notifications are not React's business. `_unsure`: such a render changed
// the result, and may never be committed. `_server`: React asked for the
// server snapshot (server rendering, hydration).
class Binding extends ObserverCore<unknown, unknown> {
  readonly _active: boolean
  readonly _tracker: Tracker
  _shown: ObserverResult<unknown> | undefined
  _trackedResult: ObserverResult<unknown> | undefined
  _tracked: Result | undefined
  _unsure = false
  _server = false
  readonly _functions: Pick<Result, 'refetch' | 'mutate'>

  constructor(cache: Cache, active: boolean, last: Binding | undefined) {
    super(cache)
    this._active = active
    this._tracker = last ? last._tracker : new Tracker()
    // Previous data (keepPreviousData, placeholderData) carries over a key
    // change, never a change of cache: another cache's data is not this one's.
    if (last && last._cache === cache) {
      this._previousData = last._previousData
      this._previousHash = last._previousHash
    }
    this._functions = {
      refetch: (refetchOptions) => this.refetch(refetchOptions),
      mutate: (data) => {
        if (!this._hash) throw new TypeError('oneflight: this useSingleflight has no key (null, undefined or false)')
        cache.set(this._key!, data)
      },
    }
  }

  // React hears of a change only when a field the component read changed
  // in it (SWR filters its subscriptions by the state a hook used in the
  // same way). Safe under concurrent rendering: React was told of every
  // earlier change that mattered and still holds that update, and a render
  // reads the latest result whatever it was told. A change made in render
  // (new options) is not one React was told of: that render may be left
  // uncommitted (a transition that suspends), so the next change is told
  // whatever it is, and React compares with what it committed.
  override _notify(previous: ObserverResult<unknown> | undefined): void {
    if (this._quiet) {
      this._unsure = true
      return
    }
    if (!previous || this._unsure || this._tracker._differs(previous, this._result!)) {
      this._unsure = false
      super._notify(previous)
    }
  }

  readonly _subscribe = (onChange: () => void): (() => void) => this.subscribe(onChange)

  readonly _getSnapshot = (): ObserverResult<unknown> => {
    const next = this.getResult()
    const shown = this._shown
    // Compared with the result the component last rendered: it may have
    // started reading a field since `shown` was handed out, and shows that
    // field as it was then.
    const rendered = this._trackedResult ?? shown
    if (shown && (next === rendered || !this._tracker._differs(rendered!, next))) return shown
    return (this._shown = next)
  }

  // React calls this one on the server and while hydrating.
  readonly _getServerSnapshot = (): ObserverResult<unknown> => ((this._server = true), this._getSnapshot())
}

const EMPTY: SingleflightOptions = {}
// What suspense and throwOnError read to decide whether to throw.
const THROWING_FIELDS: readonly Field[] = ['status', 'error', 'isFetching', 'data']

// The key's hash: the binding's own when the key is the same string, number
// or boolean (a render with an unchanged primitive key hashes nothing; keys
// that are arrays or objects may have changed inside, so they are hashed).
const hashOf = (key: Key | null | undefined | false, binding: Binding | undefined): string => {
  if (key === null || key === undefined || key === false) return ''
  return binding && typeof key !== 'object' && key === binding._key ? binding._hash : hashKey(key)
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
  const { cache, defaults } = useScope()
  const merged = (defaults ? { ...defaults, ...options } : options) as SingleflightOptions
  if (merged !== EMPTY) checkOptions(merged)
  const ref = useRef<Binding>(undefined)
  let binding = ref.current
  const hash = hashOf(key, binding)
  const active = hash !== '' && merged.enabled !== false
  if (!binding || binding._cache !== cache || binding._hash !== hash || binding._active !== active) {
    binding = new Binding(cache, active, binding)
  }
  binding._suspense = !!merged.suspense
  binding._throwOnError = !!merged.throwOnError
  // Same key and enabled as the observer's subscription: configuring it in
  // render loads nothing, it may only change the result.
  binding._quiet = true
  try {
    binding._configure(key, hash, fetcher, merged)
  } finally {
    binding._quiet = false
  }
  // Kept once configured: a new one whose configuring threw (initialData
  // did) is made again by the next render, which React may run at once.
  ref.current = binding
  const tracker = binding._tracker
  if (merged.suspense || merged.throwOnError) for (const field of THROWING_FIELDS) tracker._read(field)
  binding._server = false
  useSyncExternalStore(binding._subscribe, binding._getSnapshot, binding._getServerSnapshot)
  // The fields themselves come from the latest result, never an older one.
  const result = binding.getResult()
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
    throw binding._internals.firstData(key as Key, fetcher)
  }
  if (binding._trackedResult !== result) {
    binding._trackedResult = result
    binding._tracked = trackResult(result, tracker, binding._functions)
  }
  return binding._tracked!
}
