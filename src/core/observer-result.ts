import type { Snapshot } from './cache-types'
import type { ObserverResult, ResourceOptions } from './observer-types'

/**
 * Selection: the last `select` call of an observer, so it runs again only
 * when the data or the function changes.
 *
 * @example
 * const selection: Selection = { _input: undefined, _select: undefined, _output: undefined }
 */
export interface Selection {
  _input: unknown
  _select: ((data: never) => unknown) | undefined
  _output: unknown
}

const select = <T, S>(selection: Selection | undefined, data: T, options: ResourceOptions<T, S>): S => {
  const fn = options.select
  if (!fn || !selection) return data as unknown as S
  if (selection._input !== data || selection._select !== fn) {
    selection._output = fn(data)
    selection._input = data
    selection._select = fn
  }
  return selection._output as S
}

/**
 * ResultInput: what an observer's result is made of.
 *
 * @example
 * const input: ResultInput<User, User> = { snapshot, options, active: true, willFetch: false, previousData: undefined, selection }
 */
export interface ResultInput<T, S> {
  /** The key's snapshot (undefined: no key, or a key the cache has never seen). */
  readonly snapshot: Snapshot<T> | undefined
  readonly options: ResourceOptions<T, S>
  /** The observer has a key and is enabled: it loads an idle key by itself. */
  readonly active: boolean
  /** A load will start as soon as the observer is subscribed (it is not yet, and the data is stale). */
  readonly willFetch: boolean
  /** The last data the observer had from the cache, for keepPreviousData and placeholderData. */
  readonly previousData: T | undefined
  /** Where the last `select` call is kept; needed only with a `select` option. */
  readonly selection: Selection | undefined
}

const IDLE_RESULT: ObserverResult<never> = /* @__PURE__ */ Object.freeze({
  data: undefined,
  error: undefined,
  status: 'idle',
  isLoading: false,
  isFetching: false,
  isPreviousData: false,
  isPlaceholderData: false,
  updatedAt: 0,
})

/**
 * computeResult makes an observer's result from its input, and returns
 * `previous` itself when no field differs, so a listener can compare results
 * with `Object.is`. An active observer shows an idle key as 'pending' and
 * fetching: it loads it on mount, or after a `clear`/`remove` as soon as it
 * is told, so its first result already says what its next one will.
 *
 * @example
 * result = computeResult(result, { snapshot: cache.get(key), options, active, willFetch, previousData, selection })
 */
export const computeResult = <T, S>(
  previous: ObserverResult<S> | undefined,
  input: ResultInput<T, S>,
): ObserverResult<S> => {
  const { snapshot, options, active, previousData, selection } = input
  let status = snapshot?.status ?? 'idle'
  const isFetching = (snapshot?.isFetching ?? false) || (active && (input.willFetch || status === 'idle'))
  if (active && status === 'idle') status = 'pending'
  let raw = snapshot?.data
  let isPreviousData = false
  let isPlaceholderData = false
  if (raw === undefined && status !== 'error') {
    if (options.keepPreviousData && previousData !== undefined) {
      raw = previousData
      isPreviousData = true
    } else if (options.placeholderData !== undefined) {
      const placeholder = options.placeholderData
      raw =
        typeof placeholder === 'function'
          ? (placeholder as (previous: T | undefined) => T | undefined)(previousData)
          : placeholder
      // As in TanStack Query: a placeholder is shown as data, the load still runs.
      if (raw !== undefined) {
        isPlaceholderData = true
        status = 'success'
      }
    }
  }
  const data = raw === undefined ? undefined : select(selection, raw, options)
  const error = snapshot?.error
  const updatedAt = snapshot?.updatedAt ?? 0
  const isLoading = status === 'pending' && data === undefined
  const fields = { data, error, status, isLoading, isFetching, isPreviousData, isPlaceholderData, updatedAt }
  const base = previous ?? (IDLE_RESULT as ObserverResult<S>)
  if (equalResults(base, fields)) return base
  // The observers of one key, told of one snapshot one after another, reach
  // equal results: they share the first one made instead of allocating one
  // each (a revalidation seen by 1,000 mounted hooks makes one object, not
  // 1,000).
  if (equalResults(lastMade, fields)) return lastMade as ObserverResult<S>
  return (lastMade = fields)
}

let lastMade: ObserverResult<unknown> = IDLE_RESULT

// Field by field: most updates of most observers change nothing they show.
const equalResults = (one: ObserverResult<unknown>, other: ObserverResult<unknown>): boolean =>
  Object.is(one.data, other.data) &&
  Object.is(one.error, other.error) &&
  one.status === other.status &&
  one.isFetching === other.isFetching &&
  one.isLoading === other.isLoading &&
  one.isPreviousData === other.isPreviousData &&
  one.isPlaceholderData === other.isPlaceholderData &&
  one.updatedAt === other.updatedAt
