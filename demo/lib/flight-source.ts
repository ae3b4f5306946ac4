import { hashKey, type CacheEvent } from 'oneflight'
import type { DevtoolsTarget } from 'oneflight/devtools'

/**
 * FlightSource: what the demo's modes without a cache (naive, createFetch)
 * tell the devtools panel, in the cache's own event language, so one
 * timeline draws every mode. It has no entries: those modes keep no data.
 *
 * @example
 * const flights = createFlightSource()
 * const id = flights.start('/api/user/1')
 * flights.end(id, 'ok')
 */
export interface FlightSource extends DevtoolsTarget {
  /** A request went to the network for `path`; returns its flight id. */
  start(path: string): number
  /** A caller is served by the newest open flight of `path`, if one runs. */
  joinNewest(path: string): void
  end(flightId: number, outcome: 'ok' | 'error' | 'aborted'): void
}

/**
 * createFlightSource makes an empty FlightSource.
 *
 * @example
 * mountDevtools(createFlightSource(), { container, initialIsOpen: true })
 */
export const createFlightSource = (): FlightSource => {
  const listeners = new Set<(event: CacheEvent) => void>()
  const open = new Map<number, { path: string; start: number }>()
  let nextId = 1
  const emit = (event: CacheEvent): void => {
    for (const listener of listeners) listener(event)
  }
  const base = (path: string) => ({ key: path, hash: hashKey(path), at: Date.now() })
  return {
    inspect: () => [],
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    // Nothing is cached, so there is nothing to invalidate or remove.
    invalidate() {},
    remove() {},
    start(path) {
      const flightId = nextId++
      const event = { ...base(path), type: 'started', flightId, background: false, remote: false } as const
      open.set(flightId, { path, start: event.at })
      emit(event)
      return flightId
    },
    joinNewest(path) {
      let newest: number | undefined
      for (const [flightId, flight] of open) if (flight.path === path) newest = flightId
      if (newest !== undefined) emit({ ...base(path), type: 'joined', flightId: newest })
    },
    end(flightId, outcome) {
      const flight = open.get(flightId)
      if (!flight) return
      open.delete(flightId)
      const at = base(flight.path)
      const duration = at.at - flight.start
      emit(
        outcome === 'aborted'
          ? { ...at, type: 'aborted', flightId, duration, reason: new DOMException('aborted', 'AbortError') }
          : { ...at, type: 'settled', flightId, duration, ok: outcome === 'ok', remote: false },
      )
    },
  }
}

/**
 * naiveFlights: the requests of the naive mode, one flight each.
 *
 * @example
 * const id = naiveFlights.start('/api/products')
 */
export const naiveFlights = createFlightSource()

/**
 * fetchFlights: the network calls under `createFetch` in the fetch mode; its callers join them.
 *
 * @example
 * fetchFlights.joinNewest('/api/products')
 */
export const fetchFlights = createFlightSource()
