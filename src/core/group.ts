import { fail } from './invalid'
import { hashKey, type Key } from './key'
import { isAbortSignal } from './signal'

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
//   its `_source` settles, `forget` removes it, or every caller has aborted;
//   whoever removes it checks that the map still holds this very flight, so
//   an old flight never removes a newer one;
// - `_source` is fn's outcome as a promise. The flight's first reaction to it
//   frees the key, so the key is free before anyone hears the outcome. That
//   reaction marks it as handled, so no caller is ever handed `_source`:
//   every promise a caller gets derives from it and, like a native promise,
//   is reported when it rejects and nobody handles it;
// - the map holds the bare `_source` while the flight's only caller is a
//   signal-less `do` (see startBareFlight). A second caller, a caller with a
//   signal, or settle() turn it into a Flight;
// - `_joined` is the one promise shared by the signal-less `do` callers that
//   joined (the first caller of a bare flight holds another one: each is
//   reported on its own when ignored, as two fetch() promises would be);
//   `_settled` the one Settled shared by the signal-less settle() callers;
//   each is made by the first caller that needs it;
// - `_callers` counts callers still waiting. Callers without a signal never
//   leave, so a flight one of them joined never reaches 0 and is never
//   aborted: they need no listener and no promise of their own;
// - `_controller` is present only when the first caller had a signal, the
//   one case where every caller may leave and fn must be told.
// Its fields are internal, so they carry the `_` the build shortens.
interface Flight {
  readonly _source: Promise<unknown>
  readonly _controller?: AbortController
  _callers: number
  _joined?: Promise<unknown>
  _settled?: Promise<Settled<unknown>>
}

// Promise.resolve always yields this realm's Promise, so a map value is a
// bare flight exactly when it is an instance of Promise.
type Flights = Map<string, Promise<unknown> | Flight>

// Fast path: one signal for every flight that can never be aborted and whose
// fn declares no parameter, because AbortControllers are costly in Node: with
// a new one per flight, bench/core's distinct keys cost 4.8× the bare Map
// (joining 1.33×) against 1.01× (1.14×) with this (CPU time, same rounds,
// Node 20). The shared signal drops listeners (they could never run), so fns
// that declare no parameter yet add listeners (`(...args) =>`, wrappers) pile
// up none.
const ignore = (): void => {}
let sharedNeverAborting: AbortSignal | undefined
const neverAbortingSignal = (): AbortSignal => {
  if (!sharedNeverAborting) {
    sharedNeverAborting = new AbortController().signal
    sharedNeverAborting.addEventListener = sharedNeverAborting.removeEventListener = ignore
  }
  return sharedNeverAborting
}

// Frees `id` unless it now belongs to a newer flight. A bare map value has
// no `_source` property, so it stands for itself.
const release = (map: Flights, id: string, source: Promise<unknown>): void => {
  const current = map.get(id)
  if (((current as Flight | undefined)?._source ?? current) === source) map.delete(id)
}

// Fast path: the cold call of a key by a signal-less `do` allocates no record
// and no second promise: the map holds fn's promise and the caller gets the
// promise that frees the key. Starting every flight with a record measured
// 1.28× the bare Map on bench/core's distinct keys against 1.01× with this
// (CPU time, same rounds, Node 20). Every other cold call starts here too and
// then puts a record in the map (see Group#call).
const startBareFlight = (
  map: Flights,
  id: string,
  fn: FlightFn<unknown>,
  controller?: AbortController,
): Promise<unknown> => {
  // fn's outcome as a promise. fn gets the signal of `controller`, present
  // when a caller may abort; else a signal of its own when it declares a
  // parameter and so may keep or compare the signal it is given.
  let source: Promise<unknown>
  try {
    source = Promise.resolve(
      fn(controller ? controller.signal : fn.length ? new AbortController().signal : neverAbortingSignal()),
    )
  } catch (error) {
    source = Promise.reject(error)
  }
  map.set(id, source)
  return source.then(
    (value) => (release(map, id, source), value),
    (reason: unknown) => {
      release(map, id, source)
      throw reason
    },
  )
}

// Fast path: a signal-less `do` joining a flight gets the one promise every
// such joiner shares, made by the first of them: no listener and no promise
// of its own, so joining costs about a Map lookup (bench/core, 1,000 callers
// of one key: 1.14× the bare Map, CPU time, same rounds, Node 20).
const joinWithoutSignal = (flight: Flight): Promise<unknown> => (flight._joined ??= flight._source.then())

const toSettled = (flight: Flight): Promise<Settled<unknown>> =>
  flight._source.then(
    (value) => ({ status: 'fulfilled', value, shared: flight._callers > 1 }),
    (reason) => ({ status: 'rejected', reason, shared: flight._callers > 1 }),
  )

// A caller with a signal gets a promise of its own, which its signal rejects;
// else it settles as `outcome` (the flight's source, or its Settled).
const waitWithSignal = (
  map: Flights,
  id: string,
  flight: Flight,
  signal: AbortSignal,
  outcome: Promise<unknown>,
): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const done = (): void => signal.removeEventListener('abort', onAbort)
    const onAbort = (): void => {
      // Heard once, as with `{ once: true }`, which costs more bytes.
      done()
      reject(signal.reason)
      // Each caller leaves once, so the count never goes below 0.
      if (--flight._callers) return
      // Nobody is left: free the key now so a new caller starts a new flight
      // instead of joining a doomed one, then abort fn.
      if (map.get(id) === flight) map.delete(id)
      flight._controller?.abort(signal.reason)
    }
    // fn runs before this listener exists and may abort the signal itself.
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort)
    // Both reactions run back to back when `outcome` settles, so the signal
    // cannot abort between them. Neither reaction's promise ever rejects.
    outcome.then(resolve, reject)
    outcome.then(done, done)
  })

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
    return this.#call(key, fn, options) as Promise<T>
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

  #call(key: Key, fn: FlightFn<unknown>, options: CallOptions | undefined, settle?: boolean): Promise<unknown> {
    if (typeof fn !== 'function') fail('fn: not a function')
    const signal = options?.signal
    // Checked here, as fetch does: a look-alike would fail later, far from here.
    // null counts as no signal, as it does for fetch.
    if (signal != null && !isAbortSignal(signal)) fail('signal: not an AbortSignal')
    const isString = typeof key === 'string'
    const map = isString ? this.#strings : this.#hashed
    const id = isString ? key : hashKey(key)
    if (signal?.aborted) return Promise.reject(signal.reason)
    let flight = map.get(id)
    if (!flight) {
      if (!signal && !settle) return startBareFlight(map, id, fn)
      // A cold call with a signal, or by settle(): a record at once, over a
      // bare start. The promise that frees the key goes to nobody (the callers
      // hear the outcome through the record), so it is marked handled.
      const controller = signal && new AbortController()
      startBareFlight(map, id, fn, controller).catch(ignore)
      map.set(id, (flight = { _source: map.get(id) as Promise<unknown>, _controller: controller, _callers: 1 }))
    } else if (flight instanceof Promise) {
      map.set(id, (flight = { _source: flight, _callers: 2 }))
    } else flight._callers++
    if (signal) return waitWithSignal(map, id, flight, signal, settle ? toSettled(flight) : flight._source)
    if (settle) return (flight._settled ??= toSettled(flight))
    return joinWithoutSignal(flight)
  }
}
