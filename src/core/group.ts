import { hashKey, type Key } from './key'

/** Settled: what `Group#settle` resolves to; `shared` is true when the result went to more than one caller. */
export type Settled<T> =
  | { readonly status: 'fulfilled'; readonly value: T; readonly shared: boolean }
  | { readonly status: 'rejected'; readonly reason: unknown; readonly shared: boolean }

/** FlightFn: the work of a flight; `signal` aborts only when every caller has left. */
export type FlightFn<T> = (signal: AbortSignal) => T | PromiseLike<T>

/** CallOptions: per-caller options of `Group#do` and `Group#settle`. */
export interface CallOptions {
  /** Aborting it rejects this caller at once with `signal.reason`; other callers are untouched. */
  signal?: AbortSignal
}

// The in-flight record. Invariants:
// - a flight is in its map, under its id, from the moment `fn` returns until
//   its promise settles, `forget` removes it, or every caller has aborted;
//   whoever removes it checks that the map still holds this very flight, so
//   an old flight never removes a newer one;
// - the map holds the bare promise while the flight has had one caller and
//   that caller had no signal: the cold path allocates no record (records
//   that live through a burst cost GC time). The second caller, a caller
//   with a signal, or settle() upgrade it to a Flight;
// - `callers` counts callers still waiting. Callers without a signal never
//   leave, so a flight one of them joined never reaches 0 and is never
//   aborted: they need no listener and no promise of their own;
// - `controller` is present only when the first caller had a signal, the
//   one case where every caller may leave and fn must be told.
interface Flight {
  readonly promise: Promise<unknown>
  readonly controller: AbortController | undefined
  callers: number
  // One Settled (readonly by type) shared by every signal-less settle() caller.
  settled?: Promise<Settled<unknown>>
}
// Promise.resolve always yields this realm's Promise, so a map value is a
// bare flight exactly when it is an instance of Promise.
const flight = (promise: Promise<unknown>, controller: AbortController | undefined, callers: number): Flight => ({
  promise,
  controller,
  callers,
})

type Flights = Map<string, Promise<unknown> | Flight>

let never: AbortSignal | undefined
const neuter = (signal: AbortSignal): AbortSignal => {
  signal.addEventListener = signal.removeEventListener = () => {}
  return signal
}

const toSettled = (flight: Flight): Promise<Settled<unknown>> =>
  flight.promise.then(
    (value) => ({ status: 'fulfilled', value, shared: flight.callers > 1 }),
    (reason) => ({ status: 'rejected', reason, shared: flight.callers > 1 }),
  )

/**
 * Group runs one flight per key at a time: while `fn` runs for a key, every
 * other call with an equal key waits for that same result instead of
 * running `fn` again. It keeps nothing once a flight has settled.
 *
 * @example
 * const group = new Group()
 * const load = (id: number) => group.do(['user', id], (signal) => fetch(`/api/user/${id}`, { signal }).then((r) => r.json()))
 * await Promise.all([load(1), load(1), load(1)]) // one request
 */
export class Group {
  // Plain strings are used as they are; every other key goes through
  // hashKey into a second map, so a string can never meet a structured key.
  readonly #strings: Flights = new Map()
  readonly #hashed: Flights = new Map()

  /** size: the number of flights in progress. */
  get size(): number {
    return this.#strings.size + this.#hashed.size
  }

  /**
   * do runs `fn` for `key` unless a flight for an equal key is in progress, in
   * which case it joins that flight. Every caller of a flight gets the same
   * value or the same error. Invalid arguments throw a TypeError at once.
   */
  do<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<T> {
    return this.#call(key, fn, options, false) as Promise<T>
  }

  /**
   * settle is `do` that never rejects for `fn`'s error: it resolves to a
   * Settled with `shared` (Go's DoChan). It still rejects with `signal.reason`
   * when this caller's signal aborts, since that is not an outcome of `fn`.
   */
  settle<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<Settled<T>> {
    return this.#call(key, fn, options, true) as Promise<Settled<T>>
  }

  /**
   * forget frees `key`: the next call starts a new flight. Callers of the old
   * flight still get its result, and it settling never removes the new one.
   */
  forget(key: Key): void {
    if (typeof key === 'string') this.#strings.delete(key)
    else this.#hashed.delete(hashKey(key))
  }

  #call(key: Key, fn: FlightFn<unknown>, options: CallOptions | undefined, settle: boolean): Promise<unknown> {
    if (typeof fn !== 'function') throw new TypeError('oneflight: fn must be a function')
    const signal = options?.signal
    // A brand check, as fetch does: a look-alike would fail later, far from here.
    if (signal != null && !(signal instanceof AbortSignal)) {
      throw new TypeError('oneflight: options.signal must be an AbortSignal')
    }
    const isString = typeof key === 'string'
    const map = isString ? this.#strings : this.#hashed
    const id = isString ? key : hashKey(key)
    if (signal?.aborted) return Promise.reject(signal.reason)
    let held = map.get(id)
    if (held === undefined) {
      held = start(map, id, fn, signal, settle)
      if (held instanceof Promise) return held
    } else if (held instanceof Promise) map.set(id, (held = flight(held, undefined, 2)))
    else held.callers++
    if (signal) return wait(map, id, held, signal, settle)
    return settle ? (held.settled ??= toSettled(held)) : held.promise
  }
}

const start = (
  map: Flights,
  id: string,
  fn: FlightFn<unknown>,
  signal: AbortSignal | undefined,
  record: boolean,
): Promise<unknown> | Flight => {
  // AbortSignals cost microseconds each in Node, so a flight that can never
  // be aborted and whose fn declares no parameter gets one shared signal
  // that never aborts; every other flight gets a signal of its own. The
  // shared one drops listeners (they could never run), so fns that declare
  // no parameter yet add listeners (`(...args) =>`, wrappers) pile up none.
  const controller = signal || fn.length > 0 ? new AbortController() : undefined
  let promise: Promise<unknown>
  try {
    promise = Promise.resolve(fn(controller ? controller.signal : (never ??= neuter(new AbortController().signal))))
  } catch (error) {
    promise = Promise.reject(error)
  }
  const release = (): void => {
    // A bare promise has no `promise` property, so one test covers both forms.
    const now = map.get(id)
    if (now === promise || (now as Flight | undefined)?.promise === promise) map.delete(id)
  }
  // Registered before any caller's reaction: the key is free before anyone
  // hears the outcome. It also marks a rejection as handled (as a hand-rolled
  // `p.then(drop, drop)` does), so a failed flight whose callers all ignore
  // it is not reported as an unhandled rejection; a derived promise would
  // report it but cost a promise and two closures per flight.
  promise.then(release, release)
  const held = signal || record ? flight(promise, signal && controller, 1) : promise
  map.set(id, held)
  return held
}

const wait = (map: Flights, id: string, flight: Flight, signal: AbortSignal, settle: boolean): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason)
      if (--flight.callers > 0) return
      // Nobody is left: free the key now so a new caller starts a new flight
      // instead of joining a doomed one, then abort fn.
      if (map.get(id) === flight) map.delete(id)
      flight.controller?.abort(signal.reason)
    }
    // fn runs before this listener exists and may abort the signal itself.
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    const done = (): void => signal.removeEventListener('abort', onAbort)
    // toSettled never rejects, so the second handler only serves do().
    ;(settle ? toSettled(flight) : flight.promise).then(
      (value) => (done(), resolve(value)),
      (reason) => (done(), reject(reason)),
    )
  })
