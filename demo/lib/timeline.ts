/**
 * The flight timeline's data: every request the page sent, as a bar from start
 * to end, with a tick for each caller it served (the one that started it and
 * every one that joined it). All three modes write here (the cache's events
 * and the components' asks, the naive fetches, the deduplicating fetch's
 * network calls and its callers), so the chart draws each mode the same way.
 */

// How a flight ended; undefined while it is still in flight.
type Outcome = 'ok' | 'error' | 'aborted'

/**
 * Flight: one load from the origin (with its retries), as the chart draws it.
 *
 * @example
 * const open: Flight[] = timeline.flights().filter((f) => f.end === undefined)
 */
export interface Flight {
  readonly id: number
  /** The resource (its path), which is also the chart's lane. */
  readonly key: string
  /** performance.now() when it started. */
  readonly start: number
  end: number | undefined
  outcome: Outcome | undefined
  /** performance.now() of each caller it served. */
  readonly callers: number[]
  /** performance.now() of each retry. */
  readonly retries: number[]
  /**
   * Cross-tab mode only: true while this tab has not run its own fetcher for
   * the load (it waits for, or was served by, another tab's flight).
   */
  remote?: boolean
  /** Cross-tab mode: performance.now() when this tab's own fetcher began (after waiting, if it took over). */
  ownFrom?: number
}

// Enough for a naive stampede of 1,000 components asking for two resources.
const MAX_FLIGHTS = 4000
// Flights that ended longer ago than this are dropped: the chart never shows them.
const KEEP_MS = 30_000

let flights: Flight[] = []
let nextId = 1
let version = 0
const open = new Map<string | number, Flight>()
const listeners = new Set<() => void>()

const changed = (): void => {
  version += 1
  for (const listener of listeners) listener()
}

const prune = (now: number): void => {
  if (flights.length < MAX_FLIGHTS && (flights[0]?.end ?? now) > now - KEEP_MS) return
  flights = flights.filter((f) => f.end === undefined || f.end > now - KEEP_MS).slice(-MAX_FLIGHTS)
}

/**
 * timeline is the page's one flight recorder. `ref` names a flight for the
 * later calls (the cache's `flightId`, or any unique value); `start` returns
 * it, so callers without their own id can use the returned one.
 *
 * @example
 * const ref = timeline.start('/api/products')
 * timeline.caller('/api/products') // a caller of the newest open flight of that key
 * timeline.end(ref, 'ok')
 */
export const timeline = {
  start(key: string, ref: string | number = `t${nextId}`, at = performance.now()): string | number {
    prune(at)
    const flight: Flight = {
      id: nextId++,
      key,
      start: at,
      end: undefined,
      outcome: undefined,
      callers: [],
      retries: [],
    }
    flights.push(flight)
    open.set(ref, flight)
    changed()
    return ref
  },
  /** A caller of the flight `ref` (the cache's 'joined' event). */
  join(ref: string | number, at = performance.now()): void {
    open.get(ref)?.callers.push(at)
    changed()
  },
  /** A caller that asked for `key` and is served by its newest open flight, if one runs. */
  caller(key: string, at = performance.now()): void {
    const ref = timeline.openRef(key)
    if (ref !== undefined) timeline.join(ref, at)
  },
  /** Cross-tab mode: whether the flight `ref` is (so far) served by another tab. */
  mark(ref: string | number, remote: boolean, at = performance.now()): void {
    const flight = open.get(ref)
    if (!flight || flight.remote === remote) return
    flight.remote = remote
    if (!remote) flight.ownFrom = at
    changed()
  },
  retry(ref: string | number, at = performance.now()): void {
    open.get(ref)?.retries.push(at)
    changed()
  },
  end(ref: string | number, outcome: Outcome, at = performance.now()): void {
    const flight = open.get(ref)
    if (!flight) return
    open.delete(ref)
    flight.end = at
    flight.outcome = outcome
    changed()
  },
  /** The ref of the newest open flight for `key`, if any. */
  openRef(key: string): string | number | undefined {
    let found: string | number | undefined
    for (const [ref, flight] of open) if (flight.key === key) found = ref
    return found
  },
  /** Drops every flight (a cold restart starts a fresh picture). */
  clear(): void {
    flights = []
    open.clear()
    changed()
  },
  flights: (): readonly Flight[] => flights,
  version: (): number => version,
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}
