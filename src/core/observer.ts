import { internalsOf, type CacheInternals } from './cache-internals'
import type { Cache, Fetcher, Snapshot } from './cache-types'
import { hashKey, type Key } from './key'
import { hubOf, type Member } from './observer-environment'
import { checkOptions, invalidOption } from './observer-options'
import { computeResult, type Selection } from './observer-result'
import type { Observer, ObserverOptions, ObserverResult, ResourceOptions } from './observer-types'

const SUSPENSE_FRESHNESS = 1000
const identity = <T>(value: T): T => value

/**
 * ObserverCore: the observer's state; `createObserver` returns one, a UI
 * binding of this package uses it directly (`_configure`, and the binding
 * flags `_suspense`: a component that suspended mounts right after the load
 * it waited for, so data younger than a second on the cache's clock counts
 * as fresh for its mount, as TanStack Query's suspense does; `_throwOnError`:
 * the binding throws the key's error instead of mounting, so the result does
 * not predict a load for it). Invariants:
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
  _options!: ResourceOptions<T, S>
  _fetcher!: Fetcher<T>
  _key: Key | undefined
  _hash = ''
  _suspense = false
  _throwOnError = false
  _listeners = new Set<() => void>()
  _snapshot: Snapshot<T> | undefined
  _result: ObserverResult<S> | undefined
  _resultSnapshot: Snapshot<T> | undefined
  _resultOptions: ResourceOptions<T, S> | undefined
  _previousData: T | undefined
  _previousHash = ''
  _selection: Selection = { _input: undefined, _select: undefined, _output: undefined }
  _leave: (() => void) | undefined
  readonly _cache: Cache
  readonly _internals: CacheInternals

  // Configured by `setOptions` or `_configure` before any other use.
  constructor(cache: Cache) {
    this._cache = cache
    this._internals = internalsOf(cache)
  }

  _isActive(): boolean {
    return this._key !== undefined && this._options.enabled !== false
  }

  // Whether a mount would leave the key alone: fresh for this observer's staleTime.
  // (`snapshot`: the key's current one; without data nothing is fresh.)
  _isFreshForMount(snapshot: Snapshot<T> | undefined): boolean {
    if (snapshot?.data === undefined) return false
    const internals = this._internals
    if (internals.isFresh(this._key!, this._options.staleTime)) return true
    return this._suspense && snapshot.status === 'success' && internals.now() - snapshot.updatedAt < SUSPENSE_FRESHNESS
  }

  _revalidate(mode: 'ifStale' | 'join' | 'restart'): Promise<T> {
    return this._internals.revalidate(this._key!, this._fetcher, { mode, staleTime: this._options.staleTime })
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
    let snapshot = this._cache.get<T>(key)
    if (this._isActive()) {
      hub.poll(this, hash, this._options.refreshInterval ?? 0)
      // A load already running (the cache's own) is joined by the cache.
      if (!this._isFreshForMount(snapshot)) {
        void this._revalidate('ifStale')
        snapshot = this._cache.get<T>(key)
      }
    }
    // Mounted, the result no longer predicts a load: recompute it.
    this._resultSnapshot = undefined
    this._update(snapshot)
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
    if (this._compute(snapshot) !== previous) for (const listener of this._listeners) listener()
  }

  _compute(snapshot: Snapshot<T> | undefined): ObserverResult<S> {
    const options = this._options
    if (this._result && snapshot === this._resultSnapshot && options === this._resultOptions) return this._result
    if (snapshot?.data !== undefined) {
      this._previousData = snapshot.data
      this._previousHash = this._hash
    }
    const active = this._isActive()
    const throwsError =
      snapshot?.status === 'error' && (this._throwOnError || (this._suspense && snapshot.data === undefined))
    this._resultSnapshot = snapshot
    this._resultOptions = options
    return (this._result = computeResult(this._result, {
      snapshot,
      options,
      active,
      willFetch:
        active && !this._listeners.size && !snapshot?.isFetching && !throwsError && !this._isFreshForMount(snapshot),
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
    checkOptions(options as ResourceOptions<unknown, unknown>)
    const { key } = options
    this._configure(
      key,
      key === null || key === undefined || key === false ? '' : hashKey(key),
      options.fetcher,
      options,
    )
  }

  // setOptions with the key's hash ('' for none) computed by the caller, and
  // the resource options apart: a binding calls it on every render.
  _configure(
    key: Key | null | undefined | false,
    hash: string,
    fetcher: Fetcher<T>,
    options: ResourceOptions<T, S>,
  ): void {
    if (hash && typeof fetcher !== 'function') invalidOption('fetcher', 'a function', fetcher)
    const previous = this._options
    this._options = options
    this._fetcher = fetcher
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
export const createObserver = <T, S = T>(cache: Cache, options: ObserverOptions<T, S>): Observer<T, S> => {
  const observer = new ObserverCore<T, S>(cache)
  observer.setOptions(options)
  return observer
}
