import type { ObserverResult, ResourceOptions } from '../core'

/**
 * Status: where a key's load stands, as the hook reports it.
 *
 * @example
 * const label = (s: Status) => (s === 'pending' ? 'loading…' : s)
 */
export type Status = ObserverResult<unknown>['status']

/**
 * SingleflightOptions: the third argument of `useSingleflight` (the
 * observer's ResourceOptions, plus suspense and throwOnError); every field is
 * optional, and a `SingleflightProvider`'s `options` fill in the ones left out.
 *
 * @example
 * useSingleflight(key, fetcher, { staleTime: 30_000, refreshInterval: 60_000 })
 */
export interface SingleflightOptions<T = unknown, S = T> extends ResourceOptions<T, S> {
  /**
   * Suspend to the nearest `<Suspense>` until the key has data (`data` is
   * then typed non-undefined); an error with no data goes to the nearest
   * error boundary. All the components of a key wait on one promise. Data
   * younger than one second (on the cache's clock) counts as fresh when a
   * suspended component mounts, so it does not load again. On the server, a
   * key without data throws (put it in the provider's `initialData`). Default false.
   */
  suspense?: boolean
  /** Throw the key's error to the nearest error boundary (when no request for it is running). Default false. */
  throwOnError?: boolean
}

/**
 * SingleflightDefaults: the options a `SingleflightProvider` gives every hook below it.
 *
 * @example
 * const defaults: SingleflightDefaults = { staleTime: 10_000, revalidateOnFocus: false }
 */
export type SingleflightDefaults = Omit<SingleflightOptions, 'initialData' | 'placeholderData' | 'select'>

/**
 * SingleflightResult: what `useSingleflight` returns: the observer's result
 * (own enumerable fields: spread it, log it, `JSON.stringify` it) plus
 * `refetch` and `mutate`. A component re-renders only for the fields it read.
 *
 * @example
 * const { data, error, isLoading, refetch }: SingleflightResult<User> = useSingleflight(['user', id], getUser)
 */
export interface SingleflightResult<T, S = T> extends ObserverResult<S> {
  /** Loads the key now, ignoring freshness; joins a request already in flight unless `cancelRefetch`. Rejects with a TypeError when the hook has no key. */
  refetch(options?: { cancelRefetch?: boolean }): Promise<T>
  /** Writes data (or an updater's result) into the cache: every component on the key updates, no request is made. Throws a TypeError when the hook has no key. */
  mutate(data: T | ((prev: T | undefined) => T)): void
}

/**
 * SingleflightSuspenseResult: the result with `suspense: true`, where rendering means data is there.
 *
 * @example
 * const { data } = useSingleflight(['user', id], getUser, { suspense: true }) // data: User
 */
export interface SingleflightSuspenseResult<T, S = T> extends SingleflightResult<T, S> {
  readonly data: S
}
