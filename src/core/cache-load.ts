import type { Entry } from './cache-entry'
import { fetchWithRetries, type RetryPolicy } from './cache-retry'
import type { CacheEvent, CacheOptions, Fetcher } from './cache-types'
import { publish } from './cache-write'

/** Detail: a CacheEvent without the fields `emit` fills in (key, hash, at). */
export type Detail<E = CacheEvent> = E extends unknown ? Omit<E, 'key' | 'hash' | 'at'> : never

/** Outcome: what a load produced, numbered by when it started, for `land`. */
// Internal, so its fields carry the `_` the build shortens.
export interface Outcome {
  readonly _ok: boolean
  readonly _value: unknown
  readonly _number: number
  readonly _duration: number
}

/** LoadOptions: one caller's load: its signal, `force` (a new flight), `background` (for events). */
export interface LoadOptions {
  readonly signal: AbortSignal | undefined
  readonly force: boolean
  readonly background: boolean
}

/**
 * LoadContext: what loads need from their cache.
 *
 * @example
 * const load = createLoad({ _group: group, _now: now, _policy: policy, _emit: emit, _settle: settle, _land: land, _nextNumber: () => ++counter })
 */
// Internal, so its fields carry the `_` the build shortens.
export interface LoadContext {
  readonly _group: Required<CacheOptions>['group']
  readonly _now: () => number
  readonly _policy: RetryPolicy
  readonly _emit: (entry: Entry, detail: Detail) => void
  /** The entry may have become collectable. */
  readonly _settle: (entry: Entry) => void
  /** Writes an outcome unless something newer is there; returns the value to hand to callers. */
  readonly _land: (entry: Entry, outcome: Outcome) => unknown
  /** The cache's one counter, numbering loads at their start and every write. */
  readonly _nextNumber: () => number
}

/**
 * createLoad makes the `load` of one cache: `load(entry, fetcher, options)`
 * asks the group for the key's data, so the caller starts a flight or joins
 * the one in progress (`force` first makes the group forget it). The
 * caller's `signal` rejects that caller only.
 *
 * @example
 * const load = createLoad(context)
 * const user = await load(entry, getUser, { signal: undefined, force: false, background: false })
 */
export const createLoad = (context: LoadContext) => {
  const {
    _group: group,
    _now: now,
    _policy: policy,
    _emit: emit,
    _settle: settle,
    _land: land,
    _nextNumber: nextNumber,
  } = context

  // The work of one flight: it runs once per flight, wherever the group runs
  // it, so retries and the write happen once whatever the number of callers.
  const run = async (entry: Entry, fetcher: Fetcher<unknown>, signal: AbortSignal): Promise<unknown> => {
    const number = nextNumber()
    const startedAt = now()
    // `open` until the flight settles or is abandoned: exactly one of the
    // two takes it off the entry's counters.
    let open = true
    const close = (): void => {
      open = false
      entry._running--
      entry._busy--
      signal.removeEventListener('abort', onAbort)
    }
    const onAbort = (): void => {
      if (!open) return
      close()
      emit(entry, { type: 'aborted', flightId: number, duration: now() - startedAt, reason: signal.reason })
      publish(entry)
      settle(entry)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    entry._running++
    entry._busy++
    entry._flightId = number
    let ok = true
    let value: unknown
    try {
      value = await fetchWithRetries({
        key: entry._key,
        fetcher,
        signal,
        policy,
        onRetry: (failures, error, delay) => emit(entry, { type: 'retried', flightId: number, failures, error, delay }),
      })
    } catch (error) {
      ok = false
      value = error
    }
    if (open) {
      close()
      const duration = now() - startedAt
      value = land(entry, { _ok: ok, _value: value, _number: number, _duration: duration })
      const settled = { type: 'settled', flightId: number, duration, ok, remote: false } as const
      emit(entry, ok ? settled : { ...settled, error: value })
      settle(entry)
    }
    if (ok) return value
    throw value
  }

  // A caller whose flight runs elsewhere (another tab with createTabGroup, or
  // another cache sharing the group): nothing here writes its outcome, so
  // this caller does, unless anything landed on the entry since it began.
  const waitElsewhere = <T>(entry: Entry, promise: Promise<T>, options: LoadOptions, ranHere: () => boolean) => {
    const written = entry._written
    const number = nextNumber()
    const startedAt = now()
    // The first caller waiting on the remote flight reports it; later ones join it.
    const reports = entry._busy === entry._running
    if (reports) {
      entry._flightId = number
      emit(entry, { type: 'started', flightId: number, background: options.background, remote: true })
    } else emit(entry, { type: 'joined', flightId: entry._flightId })
    entry._busy++
    publish(entry)
    const after = (ok: boolean, value: unknown): unknown => {
      entry._busy--
      const duration = now() - startedAt
      // A caller that left has no say about the entry.
      let handed = value
      if (entry._written === written && (ok || !options.signal?.aborted)) {
        handed = land(entry, { _ok: ok, _value: value, _number: number, _duration: ok ? duration : 0 })
      } else publish(entry)
      if (reports && ranHere()) {
        // This tab took the lead (the leading tab left) and ran the load itself.
        emit(entry, { type: 'aborted', flightId: number, duration, reason: 'this tab took over the load' })
      } else if (reports) {
        const settled = { type: 'settled', flightId: number, duration, ok, remote: true } as const
        emit(entry, ok ? settled : { ...settled, error: value })
      }
      settle(entry)
      return handed
    }
    return promise.then(
      (value) => after(true, value) as T,
      (error: unknown) => {
        throw after(false, error)
      },
    )
  }

  return <T>(entry: Entry, fetcher: Fetcher<T>, options: LoadOptions): Promise<T> => {
    const { signal, force, background } = options
    if (force) group.forget(entry._key)
    // Announced (event, snapshot) only once the group has recorded the
    // flight, so a listener that fetches the same key joins it.
    const announce = (): void => {
      emit(entry, { type: 'started', flightId: entry._flightId, background, remote: false })
      publish(entry)
    }
    // 'calling': inside `group.do`; 'started': the flight started there;
    // 'returned': `group.do` has returned, so a flight that starts later (a
    // tab group, once it holds the lock) announces itself.
    let phase = 'calling' as 'calling' | 'started' | 'returned'
    let ranHere = false
    const start = (flightSignal: AbortSignal): Promise<T> => {
      ranHere = true
      const work = run(entry, fetcher as Fetcher<unknown>, flightSignal) as Promise<T>
      if (phase === 'returned') announce()
      else phase = 'started'
      return work
    }
    const promise = group.do(entry._key, start, signal && { signal })
    if (phase === 'started') {
      announce()
      return promise
    }
    phase = 'returned'
    if (entry._running > 0) {
      emit(entry, { type: 'joined', flightId: entry._flightId })
      return promise
    }
    return waitElsewhere(entry, promise, options, () => ranHere)
  }
}
