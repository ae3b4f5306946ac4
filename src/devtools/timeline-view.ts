import {
  axisMarkup,
  bandHeight,
  LABEL_HEIGHT,
  LANE_GAP,
  laneLabel,
  laneMarkup,
  laneSignature,
  PATTERNS,
  WINDOW_MS,
  type TimeScale,
} from './render-timeline'
import type { Lane, TimelineLayout } from './timeline-layout'

const SVG = 'http://www.w3.org/2000/svg'
const AXIS_HEIGHT = 18

/**
 * TimelineView: the panel's timeline, an SVG that keeps one group per lane.
 *
 * @example
 * const view = createTimelineView(document)
 * view.update(layoutTimeline(log.spans(), log.marks(), { from: now - WINDOW_MS, now }), now, 600)
 */
export interface TimelineView {
  readonly element: HTMLElement
  /** Draws `layout` with "now" at the right edge of `width` px. */
  update(layout: TimelineLayout, now: number, width: number): void
}

// One lane as drawn, and what it was drawn from.
interface DrawnLane {
  readonly group: SVGGElement
  readonly label: SVGTextElement
  readonly background: SVGRectElement
  readonly flights: SVGGElement
  // Holds the flights; its transform slides them left as time passes.
  readonly slide: SVGGElement
  signature: string
  top: number
  shift: string
}

const svgElement = <K extends keyof SVGElementTagNameMap>(
  document: Document,
  tag: K,
  attributes: Record<string, string> = {},
): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  return node
}

/**
 * createTimelineView builds the timeline. Its cost per frame follows what
 * changed, not what is shown: flights sit at fixed positions on a time
 * coordinate, a transform per lane slides them left as time passes, and a
 * lane's markup is rebuilt only when its own flights, marks or rows changed.
 *
 * @example
 * panel.append(createTimelineView(document).element)
 */
export const createTimelineView = (document: Document): TimelineView => {
  const element = document.createElement('div')
  element.className = 'of-timeline'
  element.dataset.testid = 'timeline'
  const svg = element.appendChild(svgElement(document, 'svg', { role: 'img' }))
  svg.setAttribute('aria-label', `flights of the last ${WINDOW_MS / 1000} s`)
  svg.appendChild(svgElement(document, 'defs')).innerHTML = PATTERNS
  const lanes = svg.appendChild(svgElement(document, 'g'))
  const more = svg.appendChild(svgElement(document, 'text', { x: '0' }))
  const axis = svg.appendChild(svgElement(document, 'g', { class: 'of-axis' }))
  const drawn = new Map<string, DrawnLane>()
  let origin: number | undefined
  let drawnWidth = -1
  // What the frame before wrote, so an unchanged value is not written again (each write costs a style pass).
  let drawnHeight = -1
  let drawnMore = ''

  const makeLane = (lane: Lane): DrawnLane => {
    const group = svgElement(document, 'g', { 'data-testid': 'lane' })
    const label = group.appendChild(svgElement(document, 'text', { x: '0', y: String(LABEL_HEIGHT - 4) }))
    const background = group.appendChild(svgElement(document, 'rect', { class: 'of-lane-bg', x: '0' }))
    background.setAttribute('y', String(LABEL_HEIGHT))
    const flights = group.appendChild(svgElement(document, 'g', { transform: `translate(0 ${LABEL_HEIGHT})` }))
    const slide = flights.appendChild(svgElement(document, 'g'))
    const made: DrawnLane = { group, label, background, flights, slide, signature: '', top: -1, shift: '' }
    drawn.set(lane.hash, made)
    return made
  }

  const paintLane = (lane: Lane, made: DrawnLane, scale: TimeScale, width: number): void => {
    const signature = `${width}|${laneSignature(lane, scale)}`
    if (signature === made.signature) return
    made.signature = signature
    made.group.setAttribute('data-key', lane.keyText)
    made.group.setAttribute('data-loads', String(lane.loads))
    made.group.setAttribute('data-callers', String(lane.callers))
    made.label.textContent = laneLabel(lane)
    made.background.setAttribute('width', String(width))
    made.background.setAttribute('height', String(bandHeight(lane)))
    made.slide.innerHTML = laneMarkup(lane, scale)
  }

  return {
    element,
    update(layout, now, width) {
      origin ??= now - WINDOW_MS
      const scale: TimeScale = { origin, pxPerMs: width / WINDOW_MS }
      // "now" at the right edge: each lane's flights slide by one transform.
      const shift = `translate(${(width - (now - origin) * scale.pxPerMs).toFixed(1)} 0)`
      const seen = new Set<string>()
      let previous: Element | null = null
      let top = 0
      for (const lane of layout.lanes) {
        seen.add(lane.hash)
        const made = drawn.get(lane.hash) ?? makeLane(lane)
        if (made.group.parentNode !== lanes || made.group.previousSibling !== previous)
          lanes.insertBefore(made.group, previous ? previous.nextSibling : lanes.firstChild)
        previous = made.group
        paintLane(lane, made, scale, width)
        if (made.shift !== shift) made.slide.setAttribute('transform', (made.shift = shift))
        if (made.top !== top) made.group.setAttribute('transform', `translate(0 ${(made.top = top)})`)
        top += LABEL_HEIGHT + bandHeight(lane) + LANE_GAP
      }
      for (const [hash, made] of drawn)
        if (!seen.has(hash)) {
          made.group.remove()
          drawn.delete(hash)
        }
      const moreText = layout.hiddenLanes > 0 ? `+ ${layout.hiddenLanes} more keys active in the window` : ''
      if (moreText !== drawnMore || top + AXIS_HEIGHT !== drawnHeight) {
        more.textContent = drawnMore = moreText
        more.setAttribute('y', String(top + 10))
      }
      if (moreText) top += 16
      if (width !== drawnWidth) {
        axis.innerHTML = axisMarkup((drawnWidth = width))
        svg.setAttribute('width', String(width))
      }
      if (top + AXIS_HEIGHT !== drawnHeight) {
        drawnHeight = top + AXIS_HEIGHT
        axis.setAttribute('transform', `translate(0 ${top})`)
        svg.setAttribute('height', String(drawnHeight))
      }
    },
  }
}
