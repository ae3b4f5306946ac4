import type { Mark, Span } from './flight-log'
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
  readonly keyText: string
  readonly spans: PlacedSpan[]
  readonly marks: Mark[]
  /** Rows the visible spans use (at least 1). */
  rows: number
  /** Loads in the window. */
  loads: number
  /** Callers those loads served: the one that started each, and every one that joined. */
  callers: number
  // When the lane last saw anything, to choose which lanes to show.
  lastActive: number
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
 * it starts. At most `maxLanes` lanes: those active most recently.
 *
 * @example
 * const layout = layoutTimeline(log.spans(), log.marks(), { from: now - 10_000, now })
 */
export const layoutTimeline = (
  spans: readonly Span[],
  marks: readonly Mark[],
  { from, now, maxLanes = 40 }: { from: number; now: number; maxLanes?: number },
): TimelineLayout => {
  const lanes = new Map<string, Lane>()
  const rowEnds = new Map<string, number[]>()
  const laneOf = (hash: string, key: Span['key']): Lane => {
    let lane = lanes.get(hash)
    if (!lane) {
      lane = { hash, keyText: keyText(key), spans: [], marks: [], rows: 1, loads: 0, callers: 0, lastActive: -Infinity }
      lanes.set(hash, lane)
    }
    return lane
  }
  for (const span of spans) {
    const end = span.end ?? now
    let ends = rowEnds.get(span.hash)
    if (!ends) rowEnds.set(span.hash, (ends = []))
    let row = ends.findIndex((rowEnd) => rowEnd < span.start)
    if (row === -1) row = ends.push(end) - 1
    else ends[row] = end
    if (end < from || span.start > now) continue
    const lane = laneOf(span.hash, span.key)
    lane.spans.push({ span, row })
    lane.rows = Math.max(lane.rows, row + 1)
    lane.lastActive = Math.max(lane.lastActive, end)
    if (span.kind === 'load') {
      lane.loads += 1
      lane.callers += 1 + span.joins
    }
  }
  for (const mark of marks) {
    if (mark.at < from || mark.at > now) continue
    const lane = laneOf(mark.hash, mark.key)
    lane.marks.push(mark)
    lane.lastActive = Math.max(lane.lastActive, mark.at)
  }
  const all = [...lanes.values()]
  if (all.length <= maxLanes) return { lanes: all, hiddenLanes: 0 }
  const cutoff = all.map((lane) => lane.lastActive).sort((a, b) => b - a)[maxLanes - 1] ?? -Infinity
  const shown: Lane[] = []
  for (const lane of all) if (lane.lastActive >= cutoff && shown.length < maxLanes) shown.push(lane)
  return { lanes: shown, hiddenLanes: all.length - shown.length }
}
