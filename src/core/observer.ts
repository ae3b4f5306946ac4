import { internalsOf, type CacheInternals } from './cache-internals'
import type { Cache, Fetcher, Snapshot } from './cache-types'
import { hashKey, type Key } from './key'
import { hubOf, type Member } from './observer-environment'
import { checkOptions } from './observer-options'
import { computeResult, type Selection } from './observer-result'
import type { Observer, ObserverOptions, ObserverResult } from './observer-types'

/**
 * BindingOptions: options only this package's bindings pass to an observer.
 * `_suspense`: a component that suspended mounts right after the load it
 * waited for, so data younger than a second (on the cache's clock) counts as
 * fresh for its mount, as TanStack Query's suspense does. `_throwOnError`
 * (or `_suspense` without data): the binding throws the key's error instead
 * of mounting, so no load on mount is predicted for it.
 *
 * @example
 * createObserver(cache, { key, fetcher, _suspense: true } as ObserverOptions<User> & BindingOptions)
 */
export interface BindingOptions {
  _suspense?: boolean
  _throwOnError?: boolean
}

type Options<T, S> = ObserverOptions<T, S> & BindingOptions

const SUSPENSE_FRESHNESS = 1000
const identity = <T>(value: T): T => value

/**
 * ObserverCore: the observer's state. Invariants:
 * - `_key` is undefined for a null, undefined or false key, and `_hash` is
 *   its `hashKey` ('' for none), recomputed on every `setOptions`;
 * - the observer is mounted while `_listeners` is not empty; meanwhile it
 *   is one subscriber of its key in the cache (`_leave` undoes that, the
 *   onReset listener and its membership in the cache's environment hub),
 *   and `_snapshot` is the key's current snapshot;
 * - `_result` is the last result handed out; it is replaced only by one that
 *   differs in a field, and listeners are called exactly then;
 * - `_previousData` is the last data the cache gave for any key this
 *   observer had, `_previousHash` that key's hash: keepPreviousData and
 *   placeholderData use it only under another key (after a `clear` the
 *   key's own old data is gone, not previous).
 */
export class ObserverCore<T, S = T> implements Observer<T, S>, Member {
  _options!: Options<T, S>
  _key: Key | undefined
  _hash = ''
  _listeners = new Set<() => void>()
  _snapshot: Snapshot<T> | undefined
  _result: ObserverResult<S> | undefined
  _resultSnapshot: Snapshot<T> | undefined
  _resultOptions: Options<T, S> | undefined
  _previousData: T | undefined
  _previousHash = ''
  _selection: Selection = { _input: undefined, _select: undefined, _output: undefined }
  _leave: (() => void) | undefined
  readonly _cache: Cache
  readonly _internals: CacheInternals

  constructor(cache: Cache, options: Options<T, S>) {
    this._cache = cache
    this._internals = internalsOf(cache)
    this.setOptions(options)
  }

  _isActive(): boolean {
    return this._key !== undefined && this._options.enabled !== false
  }

  // Whether a mount would leave the key alone: fresh for this observer's staleTime.
  _isFreshForMount(): boolean {
    const { _internals: internals, _key: key } = this
    if (internals.isFresh(key!, this._options.staleTime)) return true
    const snapshot = this._cache.get(key!)
    return (
      !!this._options._suspense &&
      snapshot?.status === 'success' &&
      internals.now() - snapshot.updatedAt < SUSPENSE_FRESHNESS
    )
  }

  _revalidate(mode: 'ifStale' | 'join' | 'restart'): Promise<T> {
    return this._internals.revalidate(this._key!, this._options.fetcher, { mode, staleTime: this._options.staleTime })
  }

  // initialData goes into the cache when the key has no data there.
  _seed(): void {
    const { initialData } = this._options
    if (this._key === undefined || initialData === undefined || this._cache.get(this._key)?.data !== undefined) return
    const data = typeof initialData === 'function' ? (initialData as () => T | undefined)() : initialData
    // An updater, so data that is itself a function is written as it is.
    if (data !== undefined) this._cache.set<T>(this._key, () => data)
  }

  _mount(): void {
    const key = this._key
    if (key === undefined) return
    const hash = this._hash
    const stopCache = this._cache.subscribe(key, () => this._update(this._cache.get(key)))
    const stopReset = this._internals.onReset(key, () => this._onReset())
    const hub = hubOf(this._cache, this._internals.environment)
    const leaveHub = hub.join(this)
    this._leave = () => (stopCache(), stopReset(), leaveHub())
    if (this._isActive()) {
      hub.poll(this, hash, this._options.refreshInterval ?? 0)
      if (!this._isFreshForMount()) void this._revalidate('ifStale')
    }
    // Mounted, the result no longer predicts a load: recompute it.
    this._resultSnapshot = undefined
    this._update(this._cache.get(key))
  }

  _unmount(): void {
    this._leave?.()
    this._leave = this._snapshot = undefined
  }

  _onReset(): void {
    if (this._isActive()) void this._revalidate('ifStale')
    this._update(this._cache.get(this._key!))
  }

  _onEnvironment(reason: 'revalidateOnFocus' | 'revalidateOnReconnect', handled: Set<string>): void {
    if (!this._isActive() || this._options[reason] === false || handled.has(this._hash)) return
    if (this._internals.isFresh(this._key!, this._options.staleTime)) return
    handled.add(this._hash)
    void this._revalidate('ifStale')
  }

  _onPoll(): void {
    if (this._isActive()) void this._revalidate('join')
  }

  // Recomputes the result from `snapshot` (mounted: the cache's latest) and
  // calls the listeners when it changed.
  _update(snapshot: Snapshot<T> | undefined): void {
    this._snapshot = snapshot
    const previous = this._result
    if (this._compute(snapshot) !== previous) for (const listener of [...this._listeners]) listener()
  }

  _compute(snapshot: Snapshot<T> | undefined): ObserverResult<S> {
    const options = this._options
    if (this._result && snapshot === this._resultSnapshot && options === this._resultOptions) return this._result
    if (snapshot?.data !== undefined) ((this._previousData = snapshot.data), (this._previousHash = this._hash))
    const active = this._isActive()
    const throwsError =
      snapshot?.status === 'error' && (options._throwOnError || (options._suspense && snapshot.data === undefined))
    this._resultSnapshot = snapshot
    this._resultOptions = options
    return (this._result = computeResult(this._result, {
      snapshot,
      options,
      active,
      willFetch: active && !this._listeners.size && !snapshot?.isFetching && !throwsError && !this._isFreshForMount(),
      previousData: this._previousHash === this._hash ? undefined : this._previousData,
      selection: this._selection,
    }))
  }

  getResult(): ObserverResult<S> {
    // Unmounted, nothing tells the observer of changes: read the cache.
    return this._compute(
      this._leave ? this._snapshot : this._key === undefined ? undefined : this._cache.get(this._key),
    )
  }

  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('oneflight: observer.subscribe needs a listener function')
    const wrapped = (): void => listener()
    this._listeners.add(wrapped)
    if (this._listeners.size === 1) this._mount()
    return () => {
      if (this._listeners.delete(wrapped) && !this._listeners.size) this._unmount()
    }
  }

  setOptions(options: ObserverOptions<T, S>): void {
    checkOptions(options as ObserverOptions<unknown, unknown>)
    const previous = this._options
    const { key } = options
    const hash = key === null || key === undefined || key === false ? '' : hashKey(key)
    this._options = options
    const mounted = this._listeners.size > 0
    if (!previous || hash !== this._hash) {
      if (mounted) this._unmount()
      this._key = hash ? (key as Key) : undefined
      this._hash = hash
      this._seed()
      if (mounted) return this._mount()
    } else if (mounted && (options.enabled !== false) !== (previous.enabled !== false)) {
      this._unmount()
      return this._mount()
    } else if (mounted && this._isActive()) {
      hubOf(this._cache, this._internals.environment).poll(this, hash, options.refreshInterval ?? 0)
    }
    if (mounted) this._update(this._snapshot)
  }

  refetch(options?: { cancelRefetch?: boolean }): Promise<T> {
    if (this._key === undefined) {
      return Promise.reject(new TypeError('oneflight: this observer has no key (null, undefined or false)'))
    }
    // The cache's own promise stays the cache's: the caller gets one of its
    // own, which reports a rejection nobody handles, as a native one would.
    return this._revalidate(options?.cancelRefetch ? 'restart' : 'join').then(identity)
  }
}

/**
 * createObserver makes an observer of one key of `cache`: the framework-free
 * core of `useSingleflight`, for any UI binding. Its result says what to
 * show; its first subscriber mounts it (load if stale, listen to focus,
 * reconnect and polling through the cache's `environment`), its last
 * subscriber's leaving unmounts it (the cache aborts a load nobody else
 * waits for). A `clear()` or `remove()` of its key makes it load again.
 *
 * @throws TypeError naming the first bad option, or when `cache` was not made by `createCache`.
 * @example
 * const observer = createObserver(cache, { key: ['user', 1], fetcher: ([, id], { signal }) => getUser(id, signal) })
 * const stop = observer.subscribe(() => {
 *   const { data, isLoading } = observer.getResult()
 *   view.textContent = isLoading ? '…' : data.name
 * })
 */
export const createObserver = <T, S = T>(cache: Cache, options: ObserverOptions<T, S>): Observer<T, S> =>
  new ObserverCore(cache, options)
