import type { Flight } from '../lib/timeline'

// A flight with its row inside its lane.
interface PlacedFlight {
  flight: Flight
  row: number
}

/**
 * Lane: one resource's band of the chart.
 *
 * @example
 * const busiest: Lane | undefined = layoutLanes(flights, RESOURCES, from, now).sort((a, b) => b.rows - a.rows)[0]
 */
export interface Lane {
  key: string
  flights: PlacedFlight[]
  /** Rows used by the flights shown (at least 1). */
  rows: number
}

/**
 * layoutLanes groups flights by resource and packs each lane's flights into
 * rows, a flight in the first row that is free when it starts. Rows are
 * computed from every flight kept, not only the visible ones, so a bar does
 * not jump rows while the window scrolls; `rows` counts only the visible ones.
 *
 * @example
 * const lanes = layoutLanes(timeline.flights(), ['/api/user/1'], now - 5000, now)
 */
export const layoutLanes = (
  flights: readonly Flight[],
  order: readonly string[],
  from: number,
  now: number,
): Lane[] => {
  const byKey = new Map<string, Flight[]>(order.map((key) => [key, []]))
  for (const flight of flights) {
    const list = byKey.get(flight.key)
    if (list) list.push(flight)
    else byKey.set(flight.key, [flight])
  }
  const lanes: Lane[] = []
  for (const [key, list] of byKey) {
    // Flights arrive in start order; each row remembers when it frees up.
    const rowEnds: number[] = []
    const placed: PlacedFlight[] = []
    let rows = 1
    for (const flight of list) {
      const end = flight.end ?? now
      let row = rowEnds.findIndex((rowEnd) => rowEnd < flight.start)
      if (row === -1) row = rowEnds.push(end) - 1
      else rowEnds[row] = end
      if (end >= from) {
        placed.push({ flight, row })
        rows = Math.max(rows, row + 1)
      }
    }
    if (placed.length > 0 || order.includes(key)) lanes.push({ key, flights: placed, rows })
  }
  return lanes
}
