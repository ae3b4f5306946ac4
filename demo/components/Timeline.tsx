import { useEffect, useRef, useState, type RefObject } from 'react'
import { RESOURCES } from '../lib/resources'
import { timeline, type Flight } from '../lib/timeline'
import { layoutLanes, type Lane } from './timeline-layout'

const SPAN_MS = 5000
const FRAME_MS = 100
const LABEL_H = 16
const AXIS_H = 18
const ROW_PX = 12
const MIN_BAND = 24
const MAX_BAND = 110
const COLORS = { open: '#2563eb', ok: '#16a34a', error: '#dc2626', aborted: '#9ca3af' } as const

const bandHeight = (lane: Lane): number => Math.min(MAX_BAND, Math.max(MIN_BAND, lane.rows * ROW_PX))

// A tick for each caller but the first (the one that started the flight):
// the callers that joined. One per pixel column: 499 callers joining within
// a millisecond are one mark.
const tickColumns = (flight: Flight, x: (t: number) => number): number[] => [
  ...new Set(flight.callers.slice(1).map((t) => Math.round(x(t)))),
]

const useWidth = (ref: RefObject<HTMLDivElement | null>): number => {
  const [width, setWidth] = useState(600)
  useEffect(() => {
    const node = ref.current
    if (!node) return
    const observer = new ResizeObserver(
      ([entry]) => entry && setWidth(Math.max(240, Math.floor(entry.contentRect.width))),
    )
    observer.observe(node)
    return () => observer.disconnect()
  }, [ref])
  return width
}

// Redraws while anything is in view or has changed, then stops.
const useClock = (): number => {
  const [now, setNow] = useState(() => performance.now())
  useEffect(() => {
    let seen = -1
    const id = setInterval(() => {
      const t = performance.now()
      const flights = timeline.flights()
      const last = flights[flights.length - 1]
      const live = last !== undefined && (last.end === undefined || last.end > t - SPAN_MS - FRAME_MS)
      if (live || seen !== timeline.version() || flights.some((f) => f.end === undefined)) setNow(t)
      seen = timeline.version()
    }, FRAME_MS)
    return () => clearInterval(id)
  }, [])
  return now
}

// Wide enough (px) for the words inside a bar served by another tab. (A wait
// narrower than 3 px, such as a leader's lock grant, is not drawn.)
const LABEL_MIN_PX = 110

/**
 * Timeline draws the last five seconds of flights as an SVG chart: per
 * resource a lane, per request to the origin a bar from start to end (blue in
 * flight, green ok, red error, grey aborted), a tick where a caller joined
 * it, an amber dot where it retried. The lane's label counts every caller
 * served, the one that started the flight included. With `crossTab`, a load
 * this tab waited for while another tab's flight ran (its own fetcher never
 * ran) is drawn hatched and outlined, labelled "from another tab"; a tab
 * that took over after the leading tab vanished shows its wait hatched, then
 * its own flight solid.
 *
 * @example
 * <Timeline crossTab={false} />
 */
export const Timeline = ({ crossTab }: { crossTab: boolean }) => {
  const box = useRef<HTMLDivElement>(null)
  const width = useWidth(box)
  const now = useClock()
  const from = now - SPAN_MS
  const x = (t: number): number => ((t - from) / SPAN_MS) * width
  const lanes = layoutLanes(timeline.flights(), RESOURCES, from, now)
  const height = lanes.reduce((h, lane) => h + LABEL_H + bandHeight(lane) + 6, 0) + AXIS_H
  let top = 0
  let flightsShown = 0
  let callersShown = 0

  const bands = lanes.map((lane) => {
    const y0 = top + LABEL_H
    const band = bandHeight(lane)
    const rowH = band / lane.rows
    top += LABEL_H + band + 6
    flightsShown += lane.flights.length
    const callers = lane.flights.reduce((n, { flight }) => n + flight.callers.length, 0)
    callersShown += callers
    return (
      <g key={lane.key} data-testid="lane" data-key={lane.key}>
        <text x={0} y={y0 - 4} className="lane-label">
          {lane.key} — {lane.flights.length} flight{lane.flights.length === 1 ? '' : 's'}
          {callers > 0 ? `, ${callers} caller${callers === 1 ? '' : 's'}` : ''}
        </text>
        <rect x={0} y={y0} width={width} height={band} className="lane-bg" />
        {lane.flights.map(({ flight, row }) => {
          const x1 = Math.max(0, x(flight.start))
          const x2 = Math.max(x1 + 2, x(flight.end ?? now))
          const y = y0 + row * rowH
          const h = rowH >= 4 ? rowH - 2 : rowH
          const outcome = flight.outcome ?? 'open'
          const split =
            flight.remote === undefined
              ? x1
              : flight.remote
                ? x2
                : Math.min(x2, Math.max(x1, x(flight.ownFrom ?? flight.start)))
          const color = COLORS[outcome]
          return (
            <g
              key={flight.id}
              data-testid="flight"
              data-key={flight.key}
              data-outcome={outcome}
              data-callers={flight.callers.length}
              data-source={flight.remote === undefined ? undefined : flight.remote ? 'another-tab' : 'this-tab'}
            >
              {/* Hatched while this tab waited for another tab's flight; solid from when its own fetcher ran. */}
              {split - x1 >= 3 && (
                <rect
                  x={x1}
                  y={y}
                  width={split - x1}
                  height={h}
                  rx={h > 6 ? 3 : 0}
                  fill={`url(#from-another-tab-${outcome})`}
                  stroke={color}
                  strokeWidth={1.5}
                />
              )}
              {flight.remote && split - x1 >= LABEL_MIN_PX && h >= 10 && (
                <text x={x1 + 6} y={y + h / 2} dominantBaseline="central" className="remote-label">
                  from another tab
                </text>
              )}
              {!flight.remote && (
                <rect x={split} y={y} width={Math.max(2, x2 - split)} height={h} rx={h > 6 ? 3 : 0} fill={color} />
              )}
              {tickColumns(flight, x).map((tx) => (
                <line key={tx} x1={tx} x2={tx} y1={y - 2} y2={y + h + 2} className="join-tick" />
              ))}
              {flight.retries.map((t) => (
                <circle key={t} cx={x(t)} cy={y + h / 2} r={Math.min(5, Math.max(2, h / 2))} className="retry-dot" />
              ))}
            </g>
          )
        })}
      </g>
    )
  })

  const seconds = Array.from({ length: SPAN_MS / 1000 }, (_, i) => i)
  return (
    <figure className="timeline" data-testid="timeline" data-flights={flightsShown} data-callers={callersShown}>
      <div ref={box} className="timeline-box">
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`${flightsShown} flights, ${callersShown} callers in the last 5 s`}
        >
          <defs>
            {/* One hatch per outcome: a pattern takes its colours from where it is defined, not from the bar using it. */}
            {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((outcome) => (
              <pattern
                key={outcome}
                id={`from-another-tab-${outcome}`}
                width={6}
                height={6}
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width={6} height={6} fill="white" />
                <line x1={1.5} y1={0} x2={1.5} y2={6} stroke={COLORS[outcome]} strokeWidth={3} opacity={0.5} />
              </pattern>
            ))}
          </defs>
          {bands}
          <g transform={`translate(0 ${height - AXIS_H})`} className="axis">
            {seconds.map((s) => {
              const tx = width - (s * 1000 * width) / SPAN_MS
              return (
                <g key={s}>
                  <line x1={tx} x2={tx} y1={0} y2={4} />
                  <text x={tx} y={14} textAnchor={s === 0 ? 'end' : 'middle'}>
                    {s === 0 ? 'now' : `−${s} s`}
                  </text>
                </g>
              )
            })}
          </g>
        </svg>
      </div>
      <figcaption className="legend">
        <span>
          <i style={{ background: COLORS.open }} /> in flight
        </span>
        <span>
          <i style={{ background: COLORS.ok }} /> ok
        </span>
        <span>
          <i style={{ background: COLORS.error }} /> error
        </span>
        <span>
          <i style={{ background: COLORS.aborted }} /> aborted
        </span>
        <span>
          <i className="legend-tick" /> caller joined
        </span>
        <span>
          <i className="legend-retry" /> retry
        </span>
        {crossTab && (
          <span>
            <i className="legend-remote" /> from another tab
          </span>
        )}
      </figcaption>
    </figure>
  )
}
