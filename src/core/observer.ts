import { reportLater } from './cache-entry'
import { internalsOf, type CacheInternals, type EntryObserver } from './cache-internals'
import type { Cache, Fetcher, Snapshot } from './cache-types'
import { hashKey, type Key } from './key'
import { hubOf, type Hub, type Member } from './observer-environment'
import { checkOptions, invalidOption } from './observer-options'
import { computeResult, type Selection } from './observer-result'
import type { Observer, ObserverOptions, ObserverResult, ResourceOptions } from './observer-types'

const SUSPENSE_FRESHNESS = 1000
const identity = <T>(value: T): T => value

/**
 * ObserverCore: the observer's state; `createObserver` returns one, a UI
 * binding of this package extends it (`_configure`, `_notify`, and the
 * binding flags `_suspense`: a component that suspended mounts right after
 * the load it waited for, so data younger than a second on the cache's clock
 * counts as fresh for its mount, as TanStack Query's suspense does;
 * `_throwOnError`: the binding throws the key's error instead of mounting, so
 * the result does not predict a load for it). Invariants:
 * - `_key` is undefined for a null, undefined or false key, and `_hash` is
 *   its `hashKey` ('' for none), recomputed on every `setOptions`;
 * - `_mounted` is true while `_listeners` is not empty and there is a key;
 *   meanwhile the observer is attached to its key in the cache (a
 *   subscriber, told of resets) and a member of the cache's environment
 *   hub, and `_snapshot` is the key's current snapshot;
 * - `_result` is the last result handed out; it is replaced only by one that
 *   differs in a field, and listeners are called exactly then;
 * - `_previousData` is the last data the cache gave for any key this
 *   observer had, `_previousHash` that key's hash: keepPreviousData and
 *   placeholderData use it only under another key (after a `clear` the
 *   key's own old data is gone, not previous).
 * Mounting allocates little (the stop function and the listener array): a page may
 * mount a thousand observers of one key at once.
 */
export class ObserverCore<T, S = T> implements Observer<T, S>, Member, EntryObserver {
  _options!: ResourceOptions<T, S>
  _fetcher!: Fetcher<T>
  _key: Key | undefined
  _hash = ''
  _suspense = false
  _throwOnError = false
  // Set by a binding while nothing may be notified (React's render): no
  // listener is called, and initialData waits for the mount if the key is
  // observed (`_seedData`, written at `_seedAt` on the cache's clock).
  _quiet = false
  _seedData: T | undefined
  _seedAt = 0
  _mounted = false
  // Replaced on every subscribe and unsubscribe, never changed in place, so
  // a listener that unsubscribes while called ends no loop early.
  _listeners: ReadonlyArray<() => void> = []
  _snapshot: Snapshot<T> | undefined
  _result: ObserverResult<S> | undefined
  _resultSnapshot: Snapshot<T> | undefined
  _resultOptions: ResourceOptions<T, S> | undefined
  _previousData: T | undefined
  _previousHash = ''
  // Made on the first `select`.
  _selection: Selection | undefined
  readonly _cache: Cache
  readonly _internals: CacheInternals
  readonly _hub: Hub

  // Configured by `setOptions` or `_configure` before any other use.
  constructor(cache: Cache) {
    this._cache = cache
    const internals = (this._internals = internalsOf(cache))
    this._hub = hubOf(cache, internals.environment)
  }

  // The cache's listener while mounted; it reads the snapshot by hash. When
  // the result cannot be made (a `select` threw), the error is reported and
  // the listeners are told all the same: a UI reading the result meets the
  // error (React: its error boundary) instead of showing the old data.
  readonly _onCacheChange = (): void => {
    try {
      this._update(this._internals.snapshot(this._hash) as Snapshot<T> | undefined)
    } catch (error) {
      reportLater(error)
      this._tell()
    }
  }

  _isActive(): boolean {
    return this._key !== undefined && this._options.enabled !== false
  }

  // Whether a mount would leave the key alone: fresh for this observer's staleTime.
  // (`snapshot`: the key's current one; without data nothing is fresh.)
  _isFreshForMount(snapshot: Snapshot<T> | undefined): boolean {
    if (snapshot?.data === undefined) return false
    const internals = this._internals
    if (internals.isFresh(this._key!, this._options.staleTime, this._hash)) return true
    return this._suspense && snapshot.status === 'success' && internals.now() - snapshot.updatedAt < SUSPENSE_FRESHNESS
  }

  _revalidate(mode: 'ifStale' | 'join' | 'restart'): Promise<T> {
    const { staleTime } = this._options
    return this._internals.revalidate(this._key!, this._fetcher, { mode, staleTime, hash: this._hash })
  }

  // The key's snapshot in the cache (undefined without a key); initialData
  // waiting for the mount shows as if written, as it will be.
  _read(): Snapshot<T> | undefined {
    if (this._key === undefined) return undefined
    const snapshot = this._internals.snapshot(this._hash) as Snapshot<T> | undefined
    const data = this._seedData
    if (data === undefined || snapshot?.data !== undefined) return snapshot
    return { data, error: undefined, status: 'success', isFetching: !!snapshot?.isFetching, updatedAt: this._seedAt }
  }

  // initialData goes into the cache when the key has no data there, as
  // server data would (`hydrate`): a load already running still writes its
  // answer over it. While quiet, a key somebody observes gets it at mount:
  // its subscribers would hear of it in the middle of a render.
  _seed(): void {
    const { initialData } = this._options
    this._seedData = undefined
    if (initialData === undefined || this._key === undefined || this._read()?.data !== undefined) return
    const internals = this._internals
    const data = typeof initialData === 'function' ? (initialData as () => T | undefined)() : initialData
    if (data === undefined) return
    if (this._quiet && internals.isObserved(this._hash)) {
      this._seedData = data
      this._seedAt = internals.now()
    } else internals.hydrate(this._key, data, internals.now())
  }

  _mount(): void {
    const key = this._key
    if (key === undefined) return
    const seed = this._seedData
    if (seed !== undefined) {
      this._seedData = undefined
      if (this._read()?.data === undefined) this._internals.hydrate(key, seed, this._seedAt)
    }
    const hash = this._hash
    this._internals.attach(key, hash, this)
    this._hub.join(this)
    this._mounted = true
    let snapshot = this._read()
    if (this._isActive()) {
      this._hub.poll(this, hash, this._options.refreshInterval ?? 0)
      // A load already running (the cache's own) is joined by the cache.
      if (!this._isFreshForMount(snapshot)) {
        void this._revalidate('ifStale')
        snapshot = this._read()
      }
    }
    // Mounted, the result no longer predicts a load: recompute it.
    this._resultSnapshot = undefined
    this._update(snapshot)
  }

  _unmount(): void {
    if (!this._mounted) return
    this._mounted = false
    this._internals.detach(this._hash, this)
    this._hub.leave(this)
    // Unmounted, the result predicts a load again: recompute it.
    this._snapshot = this._resultSnapshot = undefined
  }

  _onReset(): void {
    if (this._isActive()) void this._revalidate('ifStale')
    this._update(this._read())
  }

  _onEnvironment(reason: 'revalidateOnFocus' | 'revalidateOnReconnect', handled: Set<string>): void {
    if (!this._isActive() || this._options[reason] === false || handled.has(this._hash)) return
    if (this._internals.isFresh(this._key!, this._options.staleTime, this._hash)) return
    handled.add(this._hash)
    void this._revalidate('ifStale')
  }

  _onPoll(): void {
    if (this._isActive()) void this._revalidate('join')
  }

  // Recomputes the result from `snapshot` (mounted: the cache's latest) and
  // tells the listeners when it changed.
  _update(snapshot: Snapshot<T> | undefined): void {
    this._snapshot = snapshot
    const previous = this._result
    if (this._compute(snapshot) !== previous) this._notify(previous)
  }

  // Tells the listeners that the result changed from `previous` (a binding
  // may skip what its component does not show).
  _notify(_previous: ObserverResult<S> | undefined): void {
    if (!this._quiet) this._tell()
  }

  // Calls the listeners.
  _tell(): void {
    const listeners = this._listeners
    for (const listener of listeners) {
      // One that an earlier listener unsubscribed is not called any more.
      if (listeners !== this._listeners && !this._listeners.includes(listener)) continue
      // One that throws stops no other: its error is reported, as the cache does.
      try {
        listener()
      } catch (error) {
        reportLater(error)
      }
    }
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
    const result = computeResult(this._result, {
      snapshot,
      options,
      active,
      willFetch: active && !this._mounted && !snapshot?.isFetching && !throwsError && !this._isFreshForMount(snapshot),
      previousData: this._previousHash === this._hash ? undefined : this._previousData,
      selection: options.select
        ? (this._selection ??= { _input: undefined, _select: undefined, _output: undefined })
        : undefined,
    })
    // Only once made: a `select` that threw is called again next time.
    this._resultSnapshot = snapshot
    this._resultOptions = options
    return (this._result = result)
  }

  getResult(): ObserverResult<S> {
    // Unmounted, nothing tells the observer of changes: read the cache.
    return this._compute(this._mounted ? this._snapshot : this._read())
  }

  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('oneflight: observer.subscribe needs a listener function')
    // Called without arguments; one listener subscribed twice is two
    // registrations, each removed by its own stop function, once.
    this._listeners = this._listeners.concat(listener)
    if (this._listeners.length === 1) this._mount()
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      const listeners = this._listeners
      const index = listeners.indexOf(listener)
      this._listeners = listeners.slice(0, index).concat(listeners.slice(index + 1))
      if (!this._listeners.length) this._unmount()
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
    // Subscribed: mounted, or waiting for a key to mount on.
    const mounted = this._listeners.length > 0
    if (!previous || hash !== this._hash) {
      this._unmount()
      this._key = hash ? (key as Key) : undefined
      this._hash = hash
      this._seed()
      // Without a key there is nothing to mount on: the result turns idle below.
      if (mounted && hash) return this._mount()
    } else if (mounted && (options.enabled !== false) !== (previous.enabled !== false)) {
      this._unmount()
      return this._mount()
    } else if (mounted && this._isActive()) {
      this._hub.poll(this, hash, options.refreshInterval ?? 0)
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
export const createObserver = <T, S = T, const K extends Key = Key>(
  cache: Cache,
  // Generic in the key, so the fetcher may destructure it: `([, id]) => …`.
  options: Omit<ObserverOptions<T, S>, 'key' | 'fetcher'> & {
    key: K | null | undefined | false
    fetcher: Fetcher<T, K>
  },
): Observer<T, S> => {
  const observer = new ObserverCore<T, S>(cache)
  observer.setOptions(options as ObserverOptions<T, S>)
  return observer
}
