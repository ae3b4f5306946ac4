import type { Fetcher } from './cache-types'
import type { Key } from './key'

/**
 * ResourceOptions: how an observer (and so `useSingleflight`) reads and
 * revalidates its key; every field is optional.
 *
 * @example
 * const options: ResourceOptions<User> = { staleTime: 30_000, refreshInterval: 60_000 }
 */
export interface ResourceOptions<T, S = T> {
  /** Default true; false: the observer reads the cache and never fetches by itself (`refetch()` still does). */
  enabled?: boolean
  /** ms this observer counts the key's data as fresh (from its `updatedAt`, on the cache's clock); default: the cache's own window. */
  staleTime?: number
  /** Poll every this many ms while mounted (one timer per key, the shortest interval wins); paused while hidden or offline. Default 0 = off. */
  refreshInterval?: number
  /** Revalidate a stale key when the app regains focus (never while offline). Default true. */
  revalidateOnFocus?: boolean
  /** Revalidate a stale key when the connection comes back. Default true. */
  revalidateOnReconnect?: boolean
  /** After a key change, show the last data (`isPreviousData: true`) until the new key has data. Default false. */
  keepPreviousData?: boolean
  /** Data written to the cache when the key has none (as server data: a load already running still lands its answer): no loading state, still revalidated when stale. */
  initialData?: T | (() => T | undefined)
  /** Data shown (`isPlaceholderData: true`, status 'success') while the key has none; never written to the cache. The function gets the last data shown. */
  placeholderData?: T | ((previous: T | undefined) => T | undefined)
  /** Derives what `data` shows from the key's data; re-run only when the data or the function changes. */
  select?: (data: T) => S
}

/**
 * ObserverOptions: the options of `createObserver`: a key (null, undefined
 * or false: idle, nothing fetched), the fetcher that loads it, and the
 * ResourceOptions.
 *
 * @example
 * const options: ObserverOptions<User> = { key: ['user', 1], fetcher: ([, id], { signal }) => getUser(id, signal) }
 */
export interface ObserverOptions<T, S = T> extends ResourceOptions<T, S> {
  key: Key | null | undefined | false
  fetcher: Fetcher<T>
}

/**
 * ObserverResult: what an observer shows; a new object only when a field changed.
 *
 * @example
 * const { data, status, isFetching }: ObserverResult<User> = observer.getResult()
 */
export interface ObserverResult<S> {
  /** The key's data (through `select`); or the previous key's (`isPreviousData`), or the placeholder (`isPlaceholderData`). */
  readonly data: S | undefined
  /** The last load's error, `undefined` after a success. */
  readonly error: unknown
  /** 'idle' without a key (or disabled with nothing cached), 'pending' until the first answer, then 'success' or 'error'. */
  readonly status: 'idle' | 'pending' | 'success' | 'error'
  /** `status === 'pending'` and no data to show. */
  readonly isLoading: boolean
  /** A load for the key runs, or will run as soon as the observer is subscribed. */
  readonly isFetching: boolean
  /** `data` is the previous key's (only with `keepPreviousData`). */
  readonly isPreviousData: boolean
  /** `data` is the placeholder (only with `placeholderData`). */
  readonly isPlaceholderData: boolean
  /** When the key's data was written, on the cache's clock; 0 = never. */
  readonly updatedAt: number
}

/**
 * Observer: one reader of one key of a cache, framework-free: the result to
 * show, change notifications, and the loads a mounted reader makes (on mount
 * when stale, on focus, on reconnect, polling).
 *
 * @example
 * const observer = createObserver(cache, { key: ['user', 1], fetcher: getUser })
 * const stop = observer.subscribe(() => render(observer.getResult()))
 */
export interface Observer<T, S = T> {
  /** The result to show now: the same object until one of its fields changes. */
  getResult(): ObserverResult<S>
  /** The first subscriber mounts the observer (load if stale, listen to focus, reconnect and polling); the last one's leaving unmounts it. */
  subscribe(listener: () => void): () => void
  /** Replaces every option; a new key or `enabled` while mounted moves the subscription (and loads if stale). */
  setOptions(options: ObserverOptions<T, S>): void
  /** Loads the key now, whatever its freshness; joins a load in flight unless `cancelRefetch` starts a new one. */
  refetch(options?: { cancelRefetch?: boolean }): Promise<T>
}
