import type { Span } from './flight-log'
import type { Lane } from './timeline-layout'

/** WINDOW_MS: how much history the timeline shows, in the units of the cache's clock. */
export const WINDOW_MS = 10_000

/** LABEL_HEIGHT, LANE_GAP: px above each lane's band (its label) and below it. */
export const LABEL_HEIGHT = 16
export const LANE_GAP = 6
const ROW_HEIGHT = 12
const MIN_BAND = 18
const MAX_BAND = 110
// Wide enough (px) for the words inside a bar served by another tab.
const REMOTE_LABEL_MIN = 110
// A running bar reaches "now", the right edge; drawn this wide, the SVG's edge cuts it there.
const RUNNING_WIDTH = 1e6

/**
 * COLORS: the timeline's colours by span state, also used by the legend.
 *
 * @example
 * swatch.style.background = COLORS.ok
 */
export const COLORS = {
  running: '#3b82f6',
  ok: '#22c55e',
  error: '#ef4444',
  aborted: '#9ca3af',
  mutation: '#a855f7',
} as const

/**
 * TimeScale: where a time lands on the timeline. Bars are drawn at fixed
 * positions from `origin`; the view slides them left as time passes (one
 * transform), so a lane is redrawn only when its own flights change.
 *
 * @example
 * const x = (t: number) => (t - scale.origin) * scale.pxPerMs
 */
export interface TimeScale {
  readonly origin: number
  readonly pxPerMs: number
}

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * escapeHtml makes text safe inside markup and attribute values.
 *
 * @example
 * escapeHtml('<b>') // '&lt;b&gt;'
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => escapeMap[char] ?? char)

/**
 * bandHeight: px of a lane's band for its rows.
 *
 * @example
 * const laneHeight = LABEL_HEIGHT + bandHeight(lane) + LANE_GAP
 */
export const bandHeight = (lane: Lane): number => Math.min(MAX_BAND, Math.max(MIN_BAND, lane.rows * ROW_HEIGHT))

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

const colorOf = (span: Span): string =>
  span.kind === 'mutation' && span.outcome !== 'error'
    ? COLORS.mutation
    : span.outcome === undefined
      ? COLORS.running
      : COLORS[span.outcome]

const patternId = (color: string): string => `of-remote-${color.slice(1)}`

/**
 * PATTERNS: the hatch of bars served by another tab, one per colour (a
 * pattern takes its colours from where it is defined, not from the bar).
 *
 * @example
 * defs.innerHTML = PATTERNS
 */
export const PATTERNS = [...new Set(Object.values(COLORS))]
  .map(
    (color) =>
      `<pattern id="${patternId(color)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="#0f172a"/><line x1="1.5" y1="0" x2="1.5" y2="6" stroke="${color}" stroke-width="3"/></pattern>`,
  )
  .join('')

const spanMarkup = (span: Span, lane: Lane, x: (t: number) => number, top: number, rowHeight: number): string => {
  const x1 = x(span.start)
  const width = span.end === undefined ? RUNNING_WIDTH : Math.max(2, x(span.end) - x1)
  const height = rowHeight >= 4 ? rowHeight - 2 : rowHeight
  const color = colorOf(span)
  const state = span.outcome ?? 'running'
  const load = span.kind === 'load'
  let markup =
    `<g data-testid="${load ? 'flight' : 'mutation'}" data-key="${escapeHtml(lane.keyText)}" data-outcome="${state}"` +
    (load ? ` data-callers="${1 + span.joins}" data-joins="${span.joins}"` : '') +
    (load ? ` data-source="${span.remote ? 'another-tab' : 'this-tab'}"` : '') +
    (span.background ? ' data-background="true"' : '') +
    `><rect x="${x1.toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${height.toFixed(1)}"` +
    ` rx="${height > 6 ? 3 : 0}" fill="${span.remote ? `url(#${patternId(color)})` : color}"` +
    (span.remote ? ` stroke="${color}" stroke-width="1.5"` : '') +
    (span.background ? ' opacity="0.6"' : '') +
    '/>'
  if (span.remote && width >= REMOTE_LABEL_MIN && height >= 10)
    markup += `<text x="${(x1 + 6).toFixed(1)}" y="${(top + height / 2).toFixed(1)}" dominant-baseline="central">from another tab</text>`
  // A tick per pixel column where callers joined: 499 joins within a millisecond are one mark.
  for (const column of new Set(span.joinTimes.map((t) => Math.round(x(t)))))
    markup += `<line class="of-tick" x1="${column}" x2="${column}" y1="${top - 2}" y2="${top + height + 2}"/>`
  const radius = Math.min(5, Math.max(2, height / 2)).toFixed(1)
  for (const t of span.retries)
    markup += `<circle class="of-retry-dot retry-dot" cx="${x(t).toFixed(1)}" cy="${(top + height / 2).toFixed(1)}" r="${radius}"/>`
  return `${markup}</g>`
}

/**
 * laneLabel: the text above a lane: its key, loads and callers.
 *
 * @example
 * laneLabel(lane) // '/api/user/1 — 1 load, 500 callers'
 */
export const laneLabel = (lane: Lane): string =>
  `${lane.keyText} — ${plural(lane.loads, 'load')}` + (lane.callers > 0 ? `, ${plural(lane.callers, 'caller')}` : '')

/**
 * laneSignature: a short text that changes whenever the lane's drawing would;
 * the view redraws a lane only when it changed.
 *
 * @example
 * if (laneSignature(lane, scale) !== drawn) redraw(lane)
 */
export const laneSignature = (lane: Lane, scale: TimeScale): string => {
  let signature = `${scale.pxPerMs}|${lane.rows}|${lane.marks.length}|${laneLabel(lane)}`
  for (const { span, row } of lane.spans)
    signature += `|${span.kind[0]}${span.id}:${row}:${span.end ?? ''}:${span.outcome ?? ''}:${span.joins}:${span.retries.length}:${span.remote ? 1 : 0}`
  return signature
}

/**
 * laneMarkup draws the flights of one lane, in lane coordinates (its band
 * starts at y = 0) and the timeline's fixed time coordinates: a bar per load
 * (blue running, green ok, red error, grey aborted; hatched when served by
 * another tab; faint in the background), a tick where callers joined, an
 * amber dot per retry, a violet bar per mutation, a dashed amber line where
 * the key was invalidated and a red one where it was dropped. Every bar
 * carries `data-*` attributes (key, outcome, callers, source) for tests and tools.
 *
 * @example
 * group.innerHTML = laneMarkup(lane, { origin: 0, pxPerMs: 0.06 })
 */
export const laneMarkup = (lane: Lane, scale: TimeScale): string => {
  const x = (t: number): number => (t - scale.origin) * scale.pxPerMs
  const band = bandHeight(lane)
  const rowHeight = band / lane.rows
  let markup = ''
  for (const { span, row } of lane.spans) markup += spanMarkup(span, lane, x, row * rowHeight, rowHeight)
  for (const mark of lane.marks) {
    const at = x(mark.at).toFixed(1)
    markup +=
      `<line data-testid="mark" data-kind="${mark.kind}"${mark.reason ? ` data-reason="${mark.reason}"` : ''}` +
      ` class="of-mark-${mark.kind}" x1="${at}" x2="${at}" y1="-2" y2="${band + 2}"/>`
  }
  return markup
}

/**
 * axisMarkup: the time axis under the lanes, "now" at the right edge.
 *
 * @example
 * axis.innerHTML = axisMarkup(600)
 */
export const axisMarkup = (width: number): string => {
  let markup = ''
  for (let second = 0; second < WINDOW_MS / 1000; second += 2) {
    const x = width - (second * 1000 * width) / WINDOW_MS
    markup +=
      `<line x1="${x}" x2="${x}" y1="0" y2="4"/>` +
      `<text x="${x}" y="14" text-anchor="${second === 0 ? 'end' : 'middle'}">${second === 0 ? 'now' : `−${second} s`}</text>`
  }
  return markup
}
