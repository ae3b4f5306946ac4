import type { Span } from './flight-log'
import type { Lane, TimelineLayout } from './timeline-layout'

/** WINDOW_MS: how much history the timeline shows, in the units of the cache's clock. */
export const WINDOW_MS = 10_000

const LABEL_HEIGHT = 16
const AXIS_HEIGHT = 18
const ROW_HEIGHT = 12
const MIN_BAND = 18
const MAX_BAND = 110
const LANE_GAP = 6
// Wide enough (px) for the words inside a bar served by another tab.
const REMOTE_LABEL_MIN = 110

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

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * escapeHtml makes text safe inside markup and attribute values.
 *
 * @example
 * escapeHtml('<b>') // '&lt;b&gt;'
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => escapeMap[char] ?? char)

const bandHeight = (lane: Lane): number => Math.min(MAX_BAND, Math.max(MIN_BAND, lane.rows * ROW_HEIGHT))

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

const colorOf = (span: Span): string =>
  span.outcome === undefined
    ? span.kind === 'mutation'
      ? COLORS.mutation
      : COLORS.running
    : span.outcome === 'ok' && span.kind === 'mutation'
      ? COLORS.mutation
      : COLORS[span.outcome]

const patternId = (color: string): string => `of-remote-${color.slice(1)}`

// The hatch of a bar served by another tab, one per colour: a pattern takes
// its colours from where it is defined, not from the bar using it.
const patterns = (): string =>
  [...new Set(Object.values(COLORS))]
    .map(
      (color) =>
        `<pattern id="${patternId(color)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
        `<rect width="6" height="6" fill="#0f172a"/><line x1="1.5" y1="0" x2="1.5" y2="6" stroke="${color}" stroke-width="3"/></pattern>`,
    )
    .join('')

const spanSvg = (span: Span, lane: Lane, x: (t: number) => number, top: number, rowHeight: number, now: number) => {
  const x1 = Math.max(0, x(span.start))
  const x2 = Math.max(x1 + 2, x(span.end ?? now))
  const height = rowHeight >= 4 ? rowHeight - 2 : rowHeight
  const radius = height > 6 ? 3 : 0
  const color = colorOf(span)
  const state = span.outcome ?? 'running'
  const source = span.kind === 'load' ? (span.remote ? 'another-tab' : 'this-tab') : ''
  const fill = span.remote ? `url(#${patternId(color)})` : color
  const stroke = span.remote ? ` stroke="${color}" stroke-width="1.5"` : ''
  const title =
    `${span.kind === 'load' ? `load #${span.id}` : `mutation #${span.id}`} of ${lane.keyText}: ${state}` +
    (span.kind === 'load' ? `, ${plural(1 + span.joins, 'caller')}` : '') +
    (span.retries.length > 0 ? `, retried ×${span.retries.length}` : '') +
    (span.remote ? ', served by another tab' : '') +
    (span.background ? ', background' : '')
  let svg =
    `<g data-testid="${span.kind === 'load' ? 'flight' : 'mutation'}" data-key="${escapeHtml(lane.keyText)}"` +
    ` data-outcome="${state}" data-callers="${1 + span.joins}" data-joins="${span.joins}"` +
    (source ? ` data-source="${source}"` : '') +
    (span.background ? ' data-background="true"' : '') +
    `><title>${escapeHtml(title)}</title>` +
    `<rect x="${x1.toFixed(1)}" y="${top}" width="${(x2 - x1).toFixed(1)}" height="${height}" rx="${radius}"` +
    ` fill="${fill}"${stroke}${span.background ? ' opacity="0.6"' : ''}/>`
  if (span.remote && x2 - x1 >= REMOTE_LABEL_MIN && height >= 10)
    svg += `<text x="${(x1 + 6).toFixed(1)}" y="${top + height / 2}" dominant-baseline="central">from another tab</text>`
  // A tick per pixel column where callers joined: 499 joins within a millisecond are one mark.
  const columns = new Set(span.joinTimes.map((t) => Math.round(x(t))))
  for (const column of columns)
    svg += `<line class="of-tick" x1="${column}" x2="${column}" y1="${top - 2}" y2="${top + height + 2}"/>`
  const dot = Math.min(5, Math.max(2, height / 2))
  for (const t of span.retries)
    svg += `<circle class="of-retry-dot retry-dot" cx="${x(t).toFixed(1)}" cy="${top + height / 2}" r="${dot}"/>`
  return `${svg}</g>`
}

/**
 * timelineSvg draws a timeline layout as SVG markup: a lane per key (its
 * label counts loads and callers), a bar per load (blue running, green ok,
 * red error, grey aborted; hatched when served by another tab; faint when in
 * the background), a tick where callers joined, an amber dot per retry, a
 * violet bar per mutation, a dashed amber line where the key was
 * invalidated and a red one where it was dropped. Every bar carries
 * `data-*` attributes (key, outcome, callers, source) for tests and tools.
 *
 * @example
 * element.innerHTML = timelineSvg(layout, { now, width: 600 })
 */
export const timelineSvg = (layout: TimelineLayout, { now, width }: { now: number; width: number }): string => {
  const from = now - WINDOW_MS
  const x = (t: number): number => ((t - from) / WINDOW_MS) * width
  let top = 0
  let body = ''
  for (const lane of layout.lanes) {
    const bandTop = top + LABEL_HEIGHT
    const band = bandHeight(lane)
    const rowHeight = band / lane.rows
    top += LABEL_HEIGHT + band + LANE_GAP
    const label =
      `${lane.keyText} — ${plural(lane.loads, 'load')}` +
      (lane.callers > 0 ? `, ${plural(lane.callers, 'caller')}` : '')
    body +=
      `<g data-testid="lane" data-key="${escapeHtml(lane.keyText)}" data-loads="${lane.loads}" data-callers="${lane.callers}">` +
      `<text x="0" y="${bandTop - 4}">${escapeHtml(label)}</text>` +
      `<rect class="of-lane-bg" x="0" y="${bandTop}" width="${width}" height="${band}"/>`
    for (const { span, row } of lane.spans) body += spanSvg(span, lane, x, bandTop + row * rowHeight, rowHeight, now)
    for (const mark of lane.marks) {
      const mx = x(mark.at).toFixed(1)
      body +=
        `<line data-testid="mark" data-kind="${mark.kind}"${mark.reason ? ` data-reason="${mark.reason}"` : ''}` +
        ` class="of-mark-${mark.kind}" x1="${mx}" x2="${mx}" y1="${bandTop - 2}" y2="${bandTop + band + 2}">` +
        `<title>${mark.kind === 'invalidated' ? 'invalidated' : `dropped (${mark.reason ?? 'gc'})`}</title></line>`
    }
    body += '</g>'
  }
  if (layout.hiddenLanes > 0) {
    body += `<text x="0" y="${top + 10}">+ ${plural(layout.hiddenLanes, 'more key')} active (the newest are shown)</text>`
    top += 16
  }
  let axis = ''
  for (let second = 0; second < WINDOW_MS / 1000; second += 2) {
    const tx = width - (second * 1000 * width) / WINDOW_MS
    axis +=
      `<line x1="${tx}" x2="${tx}" y1="0" y2="4"/>` +
      `<text x="${tx}" y="14" text-anchor="${second === 0 ? 'end' : 'middle'}">${second === 0 ? 'now' : `−${second} s`}</text>`
  }
  const height = top + AXIS_HEIGHT
  return (
    `<svg width="${width}" height="${height}" role="img" aria-label="flights of the last ${WINDOW_MS / 1000} s">` +
    `<defs>${patterns()}</defs>${body}<g class="of-axis" transform="translate(0 ${top})">${axis}</g></svg>`
  )
}
