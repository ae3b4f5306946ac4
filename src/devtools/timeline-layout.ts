import type { Mark, Span } from './flight-log'
import type { Key } from '../core'
import { keyText } from './view-model'

/**
 * PlacedSpan: a span with the row it gets inside its lane.
 *
 * @example
 * const top = lane.spans.filter((placed: PlacedSpan) => placed.row === 0)
 */
export interface PlacedSpan {
  readonly span: Span
  readonly row: number
}

/**
 * Lane: one key's band of the timeline: its spans in the window (packed in
 * rows so overlapping ones don't cover each other) and its marks.
 *
 * @example
 * const label = `${lane.keyText}: ${lane.loads} loads, ${lane.callers} callers`
 */
export interface Lane {
  readonly hash: string
  readonly key: Key
  readonly keyText: string
  readonly spans: PlacedSpan[]
  readonly marks: Mark[]
  /** Rows the visible spans use (at least 1). */
  rows: number
  /** Loads in the window. */
  loads: number
  /** Callers those loads served: the one that started each, and every one that joined. */
  callers: number
}

/**
 * TimelineLayout: the lanes to draw, in the order their keys first appeared,
 * and how many more keys had activity in the window but did not fit.
 *
 * @example
 * const { lanes, hiddenLanes }: TimelineLayout = layoutTimeline(log.spans(), log.marks(), { from, now })
 */
export interface TimelineLayout {
  readonly lanes: Lane[]
  readonly hiddenLanes: number
}

/**
 * layoutTimeline groups spans and marks by key for the window `[from, now]`.
 * Rows are packed over every span kept, not only the visible ones, so a bar
 * never jumps rows as the window moves; a span takes the first row free when
 * it starts. At most `maxLanes` lanes: the first keys seen in the window, so
 * lanes keep their place while a stampede adds keys below them.
 *
 * @example
 * const layout = layoutTimeline(log.spans(), log.marks(), { from: now - 10_000, now })
 */
export const layoutTimeline = (
  spans: readonly Span[],
  marks: readonly Mark[],
  { from, now, maxLanes = 40 }: { from: number; now: number; maxLanes?: number },
): TimelineLayout => {
  const inWindow = (span: Span): boolean => (span.end ?? now) >= from && span.start <= now
  // First the lanes to show, in the order their keys first appear; the other
  // keys are only counted, so a stampede over thousands of keys costs no
  // more than the lanes drawn.
  const lanes = new Map<string, Lane>()
  const hidden = new Set<string>()
  const consider = (hash: string, key: Key): void => {
    if (lanes.has(hash) || hidden.has(hash)) return
    if (lanes.size < maxLanes)
      lanes.set(hash, { hash, key, keyText: keyText(key), spans: [], marks: [], rows: 1, loads: 0, callers: 0 })
    else hidden.add(hash)
  }
  for (const span of spans) if (inWindow(span)) consider(span.hash, span.key)
  for (const mark of marks) if (mark.at >= from && mark.at <= now) consider(mark.hash, mark.key)
  // Rows are packed over every span kept of a lane shown, visible or not.
  const rowEnds = new Map<string, number[]>()
  for (const span of spans) {
    const lane = lanes.get(span.hash)
    if (!lane) continue
    let ends = rowEnds.get(span.hash)
    if (!ends) rowEnds.set(span.hash, (ends = []))
    const end = span.end ?? now
    let row = ends.findIndex((rowEnd) => rowEnd < span.start)
    if (row === -1) row = ends.push(end) - 1
    else ends[row] = end
    if (!inWindow(span)) continue
    lane.spans.push({ span, row })
    lane.rows = Math.max(lane.rows, row + 1)
    if (span.kind === 'load') {
      lane.loads += 1
      lane.callers += 1 + span.joins
    }
  }
  for (const mark of marks) if (mark.at >= from && mark.at <= now) lanes.get(mark.hash)?.marks.push(mark)
  return { lanes: [...lanes.values()], hiddenLanes: hidden.size }
}
