/**
 * Status: where a key's load stands, as the hook reports it.
 *
 * @example
 * const label = (s: Status) => (s === 'pending' ? 'loading…' : s)
 */
export type Status = 'idle' | 'pending' | 'success' | 'error'

/**
 * SingleflightOptions: the third argument of `useSingleflight`; every field is optional.
 *
 * @example
 * useSingleflight(key, fetcher, { staleTime: 30_000, refreshInterval: 60_000 })
 */
export interface SingleflightOptions {
  /**
   * Suspend to the nearest `<Suspense>` until the key has data (`data` is
   * then typed non-undefined); an error with no data goes to the nearest
   * error boundary. Data younger than one second counts as fresh for this
   * hook, so a tree that suspended does not reload when it mounts. On the
   * server, a key without data throws (put it in `initialData`). Default false.
   */
  suspense?: boolean
  /** Throw the key's error to the nearest error boundary (when no request for it is running). Default false. */
  throwOnError?: boolean
  /** After a key change, keep showing the last data (with `isPreviousData: true`) until the new key has data. Default false. */
  keepPreviousData?: boolean
  /**
   * Milliseconds this hook treats the key's data as fresh (measured from the
   * snapshot's `updatedAt` with `Date.now()`). When set it replaces the
   * cache's own freshness check for this hook's mount, focus and reconnect
   * revalidations: stale by it means a forced load, fresh means none. Unset:
   * the cache's `staleTime` decides. Never changes what other hooks or
   * `cache.fetch` callers see.
   */
  staleTime?: number
  /** Poll every this many milliseconds while mounted (one timer per key, the shortest interval wins); paused while the page is hidden or offline. Default 0 = off. */
  refreshInterval?: number
  /** Revalidate when the window regains focus or the page becomes visible, if stale. Default true. */
  revalidateOnFocus?: boolean
  /** Revalidate when the browser comes back online, if stale. Default true. */
  revalidateOnReconnect?: boolean
}

/**
 * SingleflightResult: what `useSingleflight` returns. A component re-renders only for the fields it has read.
 *
 * @example
 * const { data, error, isLoading, refetch }: SingleflightResult<User> = useSingleflight(['user', id], getUser)
 */
export interface SingleflightResult<T> {
  /** The key's data; with `keepPreviousData`, the previous key's data until the new key has some. */
  readonly data: T | undefined
  /** The last load's error, `undefined` after a success. */
  readonly error: unknown
  /** 'idle' when the key is null/undefined/false, else the key's status ('pending' until the first answer). */
  readonly status: Status
  /** `status === 'pending'` and no data to show. */
  readonly isLoading: boolean
  /** A request for this key is in flight (whoever started it). */
  readonly isFetching: boolean
  /** `data` is the previous key's (only with `keepPreviousData`). */
  readonly isPreviousData: boolean
  /** Loads the key now, ignoring freshness; joins a request already in flight. Rejects with a TypeError when the hook has no key. */
  refetch(): Promise<T>
  /** Writes data (or an updater's result) into the cache: every component on the key updates, no request is made. Throws a TypeError when the hook has no key. */
  mutate(data: T | ((prev: T | undefined) => T)): void
}

/**
 * SingleflightSuspenseResult: the result with `suspense: true`, where rendering means data is there.
 *
 * @example
 * const { data } = useSingleflight(['user', id], getUser, { suspense: true }) // data: User
 */
export interface SingleflightSuspenseResult<T> extends SingleflightResult<T> {
  readonly data: T
}
