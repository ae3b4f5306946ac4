import type { CacheEvent, Key } from '../core'

/**
 * SpanOutcome: how a load or mutation ended; `undefined` on a span while it runs.
 *
 * @example
 * const failed = (span: Span): boolean => span.outcome === 'error'
 */
export type SpanOutcome = 'ok' | 'error' | 'aborted'

/**
 * Span: one load (a flight, with its joins and retries) or one mutation of a
 * key, as the timeline draws it: a bar from `start` to `end`.
 *
 * @example
 * const running = log.spans().filter((span) => span.end === undefined)
 */
export interface Span {
  readonly kind: 'load' | 'mutation'
  /** The cache's `flightId` (loads) or `mutationId` (mutations). */
  readonly id: number
  readonly hash: string
  readonly key: Key
  /** When it started, on the cache's clock. */
  readonly start: number
  end: number | undefined
  outcome: SpanOutcome | undefined
  /** Loads: an early refresh or an invalidate reload, not a caller's own miss. */
  readonly background: boolean
  /** Loads: served by another tab's flight (the last the cache said: a tab that took over runs it itself). */
  remote: boolean
  /** Loads: callers that joined it (the caller that started it not counted). */
  joins: number
  /** When the first joins came (at most `MAX_JOIN_TIMES` of them: enough to draw ticks). */
  readonly joinTimes: number[]
  /** When each retry was scheduled. */
  readonly retries: number[]
}

/**
 * Mark: a point on the timeline: `invalidate` on a key, or an entry dropped
 * (`gc`, `lru`, `removed`).
 *
 * @example
 * const removals = log.marks().filter((mark) => mark.kind === 'evicted' && mark.reason === 'removed')
 */
export interface Mark {
  readonly kind: 'invalidated' | 'evicted'
  readonly hash: string
  readonly key: Key
  readonly at: number
  readonly reason?: 'gc' | 'lru' | 'removed'
}

/**
 * FlightLog: the cache's events grouped into spans and marks, bounded in
 * memory. `version` grows with every recorded event, so a view redraws only
 * when something changed.
 *
 * @example
 * const log = createFlightLog()
 * const stop = cache.on(log.record)
 */
export interface FlightLog {
  record(event: CacheEvent): void
  spans(): readonly Span[]
  marks(): readonly Mark[]
  readonly version: number
  clear(): void
}

/**
 * FlightLogOptions: how much history a FlightLog keeps.
 *
 * @example
 * createFlightLog({ maxSpans: 500, maxMarks: 100 })
 */
export interface FlightLogOptions {
  /** Spans kept; the oldest ended ones go first (running spans are always kept). Default 2,000. */
  maxSpans?: number
  /** Marks kept, the newest. Default 500. */
  maxMarks?: number
}

/** MAX_JOIN_TIMES: join times kept per span; `joins` keeps counting past it. */
export const MAX_JOIN_TIMES = 256

const spanRef = (kind: Span['kind'], id: number): string => `${kind}:${id}`

/**
 * createFlightLog makes an empty FlightLog. Recording an event costs a `Map`
 * lookup and at most one small object, so a log can listen while nobody looks.
 *
 * @example
 * const log = createFlightLog()
 * cache.on(log.record)
 * log.spans().filter((span) => span.joins > 0)
 */
export const createFlightLog = ({ maxSpans = 2000, maxMarks = 500 }: FlightLogOptions = {}): FlightLog => {
  let spans: Span[] = []
  let marks: Mark[] = []
  // The spans still running, by kind and id.
  const running = new Map<string, Span>()
  let version = 0

  const open = (span: Span): void => {
    spans.push(span)
    running.set(spanRef(span.kind, span.id), span)
    // Pruned in batches, so recording stays O(1) amortised.
    if (spans.length > maxSpans + (maxSpans >> 2)) {
      let surplus = spans.length - maxSpans
      spans = spans.filter((kept) => kept.end === undefined || surplus-- <= 0)
    }
  }

  const close = (kind: Span['kind'], id: number, at: number, outcome: SpanOutcome): Span | undefined => {
    const span = running.get(spanRef(kind, id))
    if (!span) return undefined
    running.delete(spanRef(kind, id))
    span.end = at
    span.outcome = outcome
    return span
  }

  const addMark = (mark: Mark): void => {
    marks.push(mark)
    if (marks.length > maxMarks + (maxMarks >> 2)) marks = marks.slice(-maxMarks)
  }

  const record = (event: CacheEvent): void => {
    version += 1
    const base = { hash: event.hash, key: event.key, end: undefined, outcome: undefined }
    switch (event.type) {
      case 'started': {
        const known = running.get(spanRef('load', event.flightId))
        // The same flight told again (a tab that took over): only where it runs changed.
        if (known) known.remote = event.remote
        else {
          const span: Span = {
            ...base,
            kind: 'load',
            id: event.flightId,
            start: event.at,
            background: event.background,
            remote: event.remote,
            joins: 0,
            joinTimes: [],
            retries: [],
          }
          open(span)
        }
        break
      }
      case 'joined': {
        const span = running.get(spanRef('load', event.flightId))
        if (!span) break
        span.joins += 1
        if (span.joinTimes.length < MAX_JOIN_TIMES) span.joinTimes.push(event.at)
        break
      }
      case 'retried':
        running.get(spanRef('load', event.flightId))?.retries.push(event.at)
        break
      case 'settled': {
        const span = close('load', event.flightId, event.at, event.ok ? 'ok' : 'error')
        if (span) span.remote = event.remote
        break
      }
      case 'aborted':
        close('load', event.flightId, event.at, 'aborted')
        break
      case 'mutation':
        if (event.phase === 'started')
          open({
            ...base,
            kind: 'mutation',
            id: event.mutationId,
            start: event.at,
            background: false,
            remote: false,
            joins: 0,
            joinTimes: [],
            retries: [],
          })
        else close('mutation', event.mutationId, event.at, event.ok ? 'ok' : 'error')
        break
      case 'invalidated':
        addMark({ kind: 'invalidated', hash: event.hash, key: event.key, at: event.at })
        break
      case 'evicted':
        addMark({ kind: 'evicted', hash: event.hash, key: event.key, at: event.at, reason: event.reason })
        break
    }
  }

  return {
    record,
    spans: () => spans,
    marks: () => marks,
    get version() {
      return version
    },
    clear() {
      spans = []
      marks = []
      running.clear()
      version += 1
    },
  }
}
