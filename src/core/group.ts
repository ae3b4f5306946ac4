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
// - it is in its map, under its id, from the moment `fn` returns until `promise`
//   settles, `forget` removes it, or every caller has aborted; whoever removes
//   it checks that the map still holds this very record, so an old flight
//   never removes a newer one;
// - `callers` counts callers still waiting for `promise`. Callers without a
//   signal never leave, so a flight one of them joined never reaches 0 and
//   `controller` is never aborted: no listener is needed for them;
// - `controller` is absent when nothing could ever read or abort the signal.
interface Flight {
  readonly promise: Promise<unknown>
  readonly controller: AbortController | undefined
  callers: number
  // One frozen Settled shared by every signal-less settle() caller.
  settled?: Promise<Settled<unknown>>
}

type Flights = Map<string, Flight>

let never: AbortSignal | undefined

const checkSignal = (options: CallOptions | undefined): AbortSignal | undefined => {
  const signal = options?.signal
  if (signal != null && typeof (signal as AbortSignal).addEventListener !== 'function') {
    throw new TypeError('singleflight: options.signal must be an AbortSignal')
  }
  return signal ?? undefined
}

const toSettled = (flight: Flight): Promise<Settled<unknown>> =>
  flight.promise.then(
    (value) => Object.freeze({ status: 'fulfilled' as const, value, shared: flight.callers > 1 }),
    (reason) => Object.freeze({ status: 'rejected' as const, reason, shared: flight.callers > 1 }),
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
    if (typeof fn !== 'function') throw new TypeError('singleflight: fn must be a function')
    const signal = checkSignal(options)
    const isString = typeof key === 'string'
    const map = isString ? this.#strings : this.#hashed
    const id = isString ? key : hashKey(key)
    if (signal?.aborted) return Promise.reject(signal.reason)
    let flight = map.get(id)
    if (flight) flight.callers++
    else flight = start(map, id, fn, signal)
    if (!signal) return settle ? (flight.settled ??= toSettled(flight)) : flight.promise
    return wait(map, id, flight, signal, settle)
  }
}

const start = (map: Flights, id: string, fn: FlightFn<unknown>, signal: AbortSignal | undefined): Flight => {
  // AbortSignals are costly in Node (microseconds each), so a flight whose
  // first caller cannot abort and whose fn declares no parameter shares one
  // signal that never aborts; every other flight gets its own controller.
  const controller = signal || fn.length > 0 ? new AbortController() : undefined
  let promise: Promise<unknown>
  try {
    promise = Promise.resolve(fn(controller ? controller.signal : (never ??= new AbortController().signal)))
  } catch (error) {
    promise = Promise.reject(error)
  }
  const flight: Flight = { promise, controller, callers: 1 }
  map.set(id, flight)
  const release = (): void => {
    if (map.get(id) === flight) map.delete(id)
  }
  // Also marks a rejection as handled once every caller has aborted.
  promise.then(release, release)
  return flight
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
    signal.addEventListener('abort', onAbort, { once: true })
    const done = (): void => signal.removeEventListener('abort', onAbort)
    if (settle) {
      toSettled(flight).then((result) => (done(), resolve(result)))
    } else {
      flight.promise.then(
        (value) => (done(), resolve(value)),
        (reason) => (done(), reject(reason)),
      )
    }
  })
