import { commit, type Entry } from './cache-entry'
import { bad } from './cache-options'
import { sleep } from './cache-retry'
import type { CacheEvent, CacheOptions, Fetcher } from './cache-types'
import type { Key } from './key'

/** Detail: a CacheEvent without the fields `emit` fills in (key, hash, at). */
export type Detail<E = CacheEvent> = E extends unknown ? Omit<E, 'key' | 'hash' | 'at'> : never

/**
 * createLoad makes the `load` of one cache from the parts of it that loads
 * use (plain parameters, not an object: they become local variables, which
 * minify to one letter). `load(entry, key, fetcher, signal, force,
 * background)` asks the group for the key's data: the caller starts a flight
 * or joins the one in progress (`force` first makes the group forget it).
 * `signal` is this caller's: it rejects this caller only.
 *
 * @example
 * const load = createLoad(group, now, retry, retryDelay, emit, rest, land, () => ++seq)
 * const user = await load(entry, key, fetcher, undefined, false, false)
 */
export const createLoad = (
  group: Required<CacheOptions>['group'],
  now: () => number,
  retry: Required<CacheOptions>['retry'],
  retryDelay: (failures: number) => number,
  emit: (e: Entry, detail: Detail) => void,
  rest: (e: Entry) => void,
  land: (e: Entry, ok: boolean, value: unknown, id: number, delta: number) => void,
  next: () => number,
) => {
  // The work of one flight: it runs once per flight, wherever the group runs
  // it, so retries and the write happen once whatever the number of callers.
  const run = async (e: Entry, key: Key, fetcher: Fetcher<unknown>, signal: AbortSignal): Promise<unknown> => {
    const id = next()
    const startedAt = now()
    // `open` until the flight settles or is abandoned: exactly one of the two
    // takes it off the entry's counts.
    let open = true
    const close = (): void => {
      open = false
      e.r--
      e.n--
      signal.removeEventListener('abort', onAbort)
    }
    const onAbort = (): void => {
      if (!open) return
      close()
      emit(e, { type: 'aborted', flightId: id, duration: now() - startedAt, reason: signal.reason })
      commit(e)
      rest(e)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    e.r++
    e.n++
    e.i = id
    let ok = true
    let out: unknown
    // Retries run here, inside the flight: once per flight whatever the number
    // of callers. A wait between attempts ends at once when the flight's signal
    // aborts (every caller left), and no attempt starts after that.
    const attempts = async (): Promise<unknown> => {
      for (let failures = 1; ; failures++) {
        try {
          return await fetcher(key, { signal })
        } catch (error) {
          if (signal.aborted || !(typeof retry === 'function' ? retry(failures, error) : failures <= retry)) throw error
          const delay = retryDelay(failures)
          if (typeof delay !== 'number' || !(delay >= 0)) bad('retryDelay result')
          emit(e, { type: 'retried', flightId: id, failures, error, delay })
          await sleep(delay, signal)
        }
      }
    }
    try {
      out = await attempts()
    } catch (error) {
      ok = false
      out = error
    }
    if (open) {
      close()
      const duration = now() - startedAt
      land(e, ok, out, id, duration)
      const settled = { type: 'settled', flightId: id, duration, ok, remote: false } as const
      emit(e, ok ? settled : { ...settled, error: out })
      rest(e)
    }
    if (ok) return out
    throw out
  }

  return <T>(
    e: Entry,
    key: Key,
    fetcher: Fetcher<T>,
    signal: AbortSignal | undefined,
    force: boolean,
    background: boolean,
  ): Promise<T> => {
    if (force) group.forget(key)
    const written = e.w
    const startedAt = now()
    // Announced (event, snapshot) only once the group has recorded the flight,
    // so a listener that fetches the same key joins it instead of racing it.
    const announce = (): void => {
      emit(e, { type: 'started', flightId: e.i, background, remote: false })
      commit(e)
    }
    // 1: the flight started inside `group.do`; 2: `group.do` has returned, so a
    // flight that starts later (a tab group, once it holds the lock) announces itself.
    let phase = 0
    const start = (flightSignal: AbortSignal): Promise<T> => {
      const work = run(e, key, fetcher as Fetcher<unknown>, flightSignal) as Promise<T>
      if (phase) announce()
      else phase = 1
      return work
    }
    const promise = group.do(key, start, signal && { signal })
    if (phase) return (announce(), promise)
    phase = 2
    if (e.r > 0) return (emit(e, { type: 'joined', flightId: e.i }), promise)
    // The flight runs elsewhere (another tab with createTabGroup, or another
    // cache sharing the group): nothing here writes its outcome, so this caller
    // does, unless anything landed on the entry since it began.
    e.n++
    commit(e)
    const after = (ok: boolean, value: unknown): void => {
      e.n--
      // A caller that left has no say about the entry.
      if (e.w === written && (ok || !signal?.aborted)) land(e, ok, value, next(), ok ? now() - startedAt : 0)
      else commit(e)
      rest(e)
    }
    return promise.then(
      (value) => (after(true, value), value),
      (error: unknown) => {
        throw (after(false, error), error)
      },
    )
  }
}
