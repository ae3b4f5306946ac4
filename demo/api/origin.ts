/**
 * The demo's origin: the state behind the embedded HTTP API (settings and the
 * server's own counters), kept apart from the HTTP plumbing so the numbers the
 * page shows are exactly what this process saw.
 */

/**
 * OriginConfig: how the origin behaves; every field can be changed at run time.
 *
 * @example
 * const slow: OriginConfig = { latency: 2000, errorRate: 0.1, failNext: 0 }
 */
export interface OriginConfig {
  /** Milliseconds each data request takes before it answers. */
  latency: number
  /** Probability, 0 to 1, that a data request fails with a 500. */
  errorRate: number
  /** How many of the next data requests fail with a 500, whatever `errorRate` says. */
  failNext: number
}

/**
 * OriginStats: the origin's counters, as `/api/stats` returns them.
 *
 * @example
 * const stats = (await (await fetch('/api/stats')).json()) as OriginStats
 * stats.hits['/api/products'] // requests for that path since the last reset
 */
export interface OriginStats {
  /** Data requests that reached the origin, per path (query string left out). */
  hits: Record<string, number>
  /** Sum of `hits`. */
  total: number
  /** Data requests being answered right now. */
  inFlight: number
  /** The highest `inFlight` seen since the last reset. */
  maxInFlight: number
  /** Data requests whose client went away before the answer was sent. */
  aborted: number
  /** Data requests answered with an error (fail-next switch or error rate). */
  errors: number
  config: OriginConfig
  /** Milliseconds since the last reset. */
  uptime: number
}

/**
 * Origin: the counters and settings, with the operations the routes need.
 *
 * @example
 * const origin: Origin = createOrigin()
 * origin.stats().total // 0
 */
export interface Origin {
  readonly config: OriginConfig
  stats(): OriginStats
  /** Changes some settings; throws a TypeError that names a bad field. */
  configure(patch: unknown): void
  /**
   * Zeroes the counters. Requests still in flight stay counted as in flight,
   * but their end no longer counts: the counters cover only requests that
   * arrived after the reset.
   */
  reset(): void
  /** Counts a data request's arrival and decides whether it will fail; pass the ticket to `leave`. */
  arrive(path: string, errorRate: number): Ticket
  /** Counts a data request that left the origin, answered or aborted. */
  leave(ticket: Ticket, outcome: 'answered' | 'aborted'): void
  /** Calls `listener` after every change; returns the unsubscribe function. */
  watch(listener: () => void): () => void
}

/**
 * Ticket: one data request's arrival: whether it fails, and the reset it arrived after.
 *
 * @example
 * const ticket = origin.arrive('/api/products', 0)
 * origin.leave(ticket, 'answered')
 */
export interface Ticket {
  readonly fail: 'fail-next' | 'error-rate' | undefined
  readonly epoch: number
}

const DEFAULT_LATENCY = 300
const MAX_LATENCY = 10_000

const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max

/**
 * checkLatency: a latency in ms, or a TypeError naming the field.
 *
 * @example
 * checkLatency(Number('250'), '?latency') // 250
 */
export const checkLatency = (value: unknown, field = 'latency'): number => {
  if (!isNumberIn(value, 0, MAX_LATENCY)) {
    throw new TypeError(`${field} must be a number of milliseconds from 0 to ${MAX_LATENCY}`)
  }
  return value
}

/**
 * checkErrorRate: a probability, or a TypeError naming the field.
 *
 * @example
 * checkErrorRate(0.25) // 0.25; checkErrorRate(2) throws
 */
export const checkErrorRate = (value: unknown, field = 'errorRate'): number => {
  if (!isNumberIn(value, 0, 1)) throw new TypeError(`${field} must be a number from 0 to 1`)
  return value
}

/**
 * createOrigin makes a fresh origin: latency 300 ms, no errors, zero counters.
 *
 * @example
 * const origin = createOrigin()
 * origin.configure({ latency: 50, failNext: 1 })
 * origin.arrive('/api/products', origin.config.errorRate).fail // 'fail-next'
 */
export const createOrigin = (): Origin => {
  const config: OriginConfig = { latency: DEFAULT_LATENCY, errorRate: 0, failNext: 0 }
  let hits = new Map<string, number>()
  let total = 0
  let inFlight = 0
  let maxInFlight = 0
  let aborted = 0
  let errors = 0
  let since = Date.now()
  let epoch = 0
  const listeners = new Set<() => void>()
  const changed = (): void => {
    for (const listener of listeners) listener()
  }

  return {
    config,
    stats: () => ({
      hits: Object.fromEntries(hits),
      total,
      inFlight,
      maxInFlight,
      aborted,
      errors,
      config: { ...config },
      uptime: Date.now() - since,
    }),
    configure(patch) {
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw new TypeError('the config body must be a JSON object')
      }
      const { latency, errorRate, failNext, ...rest } = patch as Record<string, unknown>
      const unknown = Object.keys(rest)
      if (unknown.length > 0) throw new TypeError(`unknown config field: ${unknown.join(', ')}`)
      // Check every field before changing any, so a bad body changes nothing.
      const next = { ...config }
      if (latency !== undefined) next.latency = checkLatency(latency)
      if (errorRate !== undefined) next.errorRate = checkErrorRate(errorRate)
      if (failNext !== undefined) {
        if (!Number.isInteger(failNext) || !isNumberIn(failNext, 0, 1000)) {
          throw new TypeError('failNext must be an integer from 0 to 1000')
        }
        next.failNext = failNext
      }
      Object.assign(config, next)
      changed()
    },
    reset() {
      hits = new Map()
      total = 0
      maxInFlight = inFlight
      aborted = 0
      errors = 0
      since = Date.now()
      epoch += 1
      changed()
    },
    arrive(path, errorRate) {
      hits.set(path, (hits.get(path) ?? 0) + 1)
      total += 1
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      let fail: 'fail-next' | 'error-rate' | undefined
      if (config.failNext > 0) {
        config.failNext -= 1
        fail = 'fail-next'
      } else if (errorRate > 0 && Math.random() < errorRate) {
        fail = 'error-rate'
      }
      if (fail) errors += 1
      changed()
      return { fail, epoch }
    },
    leave(ticket, outcome) {
      inFlight -= 1
      if (outcome === 'aborted' && ticket.epoch === epoch) aborted += 1
      changed()
    },
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
