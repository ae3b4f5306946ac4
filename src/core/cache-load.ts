import { commit, freshFor, type Entry } from './cache-entry'
import { withRetry } from './cache-retry'
import { emit, rest, type Store } from './cache-store'
import type { Fetcher } from './cache-types'
import type { Key } from './key'

/**
 * writeValue stores a load's value as fresh data, unless the entry is gone or
 * holds something newer (a later load or `set`, by `id`). `delta` is the
 * load's duration, kept for XFetch.
 *
 * @example
 * writeValue(store, entry, ++store.seq, user, 120)
 */
export const writeValue = (store: Store, entry: Entry, id: number, value: unknown, delta: number): void => {
  if (entry.dead) return
  if (id <= entry.written) return commit(entry)
  const { o } = store
  const at = o.now()
  entry.written = id
  entry.version++
  entry.delta = delta
  entry.expiresAt = at + freshFor(o.staleTime, o.jitter, o.random)
  commit(entry, { data: value, error: undefined, status: 'success', updatedAt: at })
}

// Stale-if-error: the last good data stays; the entry turns stale so the next
// fetch tries again. Errors are never stored as data.
const writeError = (entry: Entry, id: number, error: unknown): void => {
  if (entry.dead) return
  if (id <= entry.written) return commit(entry)
  entry.written = id
  entry.version++
  entry.expiresAt = -Infinity
  commit(entry, { error, status: 'error' })
}

// The work of one flight: it runs once per flight, wherever the group runs
// it, so retries and the write happen once whatever the number of callers.
const run = async (
  store: Store,
  entry: Entry,
  key: Key,
  fetcher: Fetcher<unknown>,
  signal: AbortSignal,
): Promise<unknown> => {
  const { o } = store
  const id = ++store.seq
  const startedAt = o.now()
  // `open` until the flight settles or is abandoned: exactly one of the two
  // takes it off the entry's count.
  let open = true
  const close = (): void => {
    open = false
    entry.flights--
    signal.removeEventListener('abort', onAbort)
  }
  const onAbort = (): void => {
    if (!open) return
    close()
    emit(store, entry, { type: 'aborted', flightId: id, duration: o.now() - startedAt, reason: signal.reason })
    commit(entry)
    rest(store, entry)
  }
  signal.addEventListener('abort', onAbort, { once: true })
  entry.flights++
  entry.newest = id
  try {
    const value = await withRetry(() => fetcher(key, { signal }), signal, o, (failures, error, delay) =>
      emit(store, entry, { type: 'retried', flightId: id, failures, error, delay }),
    )
    if (open) {
      close()
      const duration = o.now() - startedAt
      writeValue(store, entry, id, value, duration)
      emit(store, entry, { type: 'settled', flightId: id, duration, ok: true })
      rest(store, entry)
    }
    return value
  } catch (error) {
    if (open) {
      close()
      writeError(entry, id, error)
      emit(store, entry, { type: 'settled', flightId: id, duration: o.now() - startedAt, ok: false, error })
      rest(store, entry)
    }
    throw error
  }
}

/**
 * load asks the cache's group for the key's data: the caller starts a flight
 * or joins the one in progress (`force` first makes the group forget it, so a
 * new one starts). `signal` is this caller's: it rejects this caller only,
 * and the fetcher's signal aborts once every caller has left.
 *
 * @example
 * const user = await load(store, entry, key, fetcher, signal, false, false)
 */
export const load = <T>(
  store: Store,
  entry: Entry,
  key: Key,
  fetcher: Fetcher<T>,
  signal: AbortSignal | undefined,
  force: boolean,
  background: boolean,
): Promise<T> => {
  const { o } = store
  if (force) o.group.forget(key)
  const version = entry.version
  const startedAt = o.now()
  let ran = false
  let inside = true
  // Announced (event, snapshot) only once the group has recorded the flight,
  // so a listener that fetches the same key joins it instead of racing it.
  const announce = (): void => {
    emit(store, entry, { type: 'started', flightId: entry.newest, background })
    commit(entry)
  }
  const promise = o.group.do(
    key,
    (flightSignal) => {
      ran = true
      const work = run(store, entry, key, fetcher as Fetcher<unknown>, flightSignal) as Promise<T>
      // A group may start the flight later (a tab group, once it holds the lock).
      if (!inside) announce()
      return work
    },
    signal && { signal },
  )
  inside = false
  if (ran) {
    announce()
    return promise
  }
  if (entry.flights > 0) {
    emit(store, entry, { type: 'joined', flightId: entry.newest })
    return promise
  }
  // The flight runs elsewhere (another tab with createTabGroup, or another
  // cache sharing the group): nothing here writes its outcome, so this caller
  // does, unless anything landed on the entry since it began.
  entry.waiting++
  commit(entry)
  const after = (): boolean => {
    entry.waiting--
    const untouched = entry.version === version
    if (!untouched) commit(entry)
    return untouched
  }
  return promise.then(
    (value) => {
      if (after()) writeValue(store, entry, ++store.seq, value, o.now() - startedAt)
      rest(store, entry)
      return value
    },
    (error: unknown) => {
      // A caller that left has no say about the entry.
      if (after() && !signal?.aborted) writeError(entry, ++store.seq, error)
      else commit(entry)
      rest(store, entry)
      throw error
    },
  )
}
