import type { Cache, EntryInfo, Key } from '../core'
import { createFlightLog } from './flight-log'
import { createEntriesView, type EntryAction } from './render-entries'
import { COLORS, WINDOW_MS } from './render-timeline'
import { PANEL_CSS } from './styles'
import { layoutTimeline } from './timeline-layout'
import { createTimelineView } from './timeline-view'
import { cacheClock, refetchEntry } from './target'

/**
 * DevtoolsOptions: the options of `mountDevtools`.
 *
 * @example
 * mountDevtools(cache, { container: document.getElementById('debug')!, initialIsOpen: true })
 */
export interface DevtoolsOptions {
  /** Where the panel goes, drawn in the flow of the page; default: floating over `document.body`. */
  container?: HTMLElement
  /** Open the panel at once; default false (only the toggle button shows). */
  initialIsOpen?: boolean
}

/**
 * DevtoolsTarget: what the panel uses of a cache. Every `Cache` is one.
 *
 * @example
 * const target: DevtoolsTarget = createCache()
 */
export type DevtoolsTarget = Pick<Cache, 'inspect' | 'on' | 'invalidate' | 'remove'>

// Redraws per second while open, so countdowns count and the time axis moves.
const TICK_MS = 250

/** FRAME_MEASURE: the name of the `performance.measure` each drawn frame records (its JS cost). */
export const FRAME_MEASURE = 'oneflight-devtools:frame'

const validate = (cache: DevtoolsTarget, container: unknown): void => {
  if (cache == null || typeof cache.inspect !== 'function' || typeof cache.on !== 'function')
    throw new TypeError('oneflight/devtools: mountDevtools needs a cache made by createCache()')
  if (container != null && typeof (container as Node).appendChild !== 'function')
    throw new TypeError('oneflight/devtools: container must be a DOM element')
}

const legendHtml = (): string =>
  (
    [
      [COLORS.running, 'running'],
      [COLORS.ok, 'ok'],
      [COLORS.error, 'error'],
      [COLORS.aborted, 'aborted'],
      [COLORS.mutation, 'mutation'],
    ] as const
  )
    .map(([color, label]) => `<span><i style="background:${color}"></i>${label}</span>`)
    .join('') +
  '<span>| tick: caller joined · amber dot: retry · hatched: from another tab · dashed: invalidated · red line: dropped</span>'

/**
 * mountDevtools shows a panel of the cache's entries and flights, toggled by
 * a small button: every entry (key, status, observers, fresh/stale
 * countdown, running mutations, its data) with refetch, invalidate and
 * remove buttons, and the flights of the last 10 s on a time axis. While
 * closed it draws nothing and never calls `inspect()`; it records the
 * cache's events into a bounded log (2,000 spans, 500 marks), so opening it
 * shows what just happened. While open it redraws at most once per animation
 * frame. Returns the function that removes it. Without a DOM (server
 * rendering) it does nothing.
 *
 * @example
 * const unmount = mountDevtools(cache)
 * // later
 * unmount()
 */
export const mountDevtools = (cache: DevtoolsTarget, options: DevtoolsOptions = {}): (() => void) => {
  const { container, initialIsOpen = false } = options ?? {}
  validate(cache, container)
  if (typeof document === 'undefined') return () => {}
  const host = document.createElement('div')
  host.setAttribute('data-oneflight-devtools', '')
  const shadow = host.attachShadow({ mode: 'open' })
  const style = shadow.appendChild(document.createElement('style'))
  style.textContent = PANEL_CSS
  const root = shadow.appendChild(document.createElement('div'))
  root.className = container ? 'of-root' : 'of-root of-floating'
  const toggle = root.appendChild(document.createElement('button'))
  toggle.className = 'of-toggle'
  toggle.type = 'button'
  toggle.dataset.testid = 'devtools-toggle'
  const panel = root.appendChild(document.createElement('section'))
  panel.className = 'of-panel'
  panel.dataset.testid = 'devtools-panel'
  panel.setAttribute('aria-label', 'oneflight devtools')
  const head = panel.appendChild(document.createElement('div'))
  head.className = 'of-head'
  head.innerHTML =
    '<span class="of-title">oneflight</span><span class="of-summary" data-testid="devtools-summary"></span>'
  const summary = head.lastElementChild as HTMLElement

  const now = cacheClock(cache)
  const run = (action: EntryAction, key: Key): void => {
    if (action === 'remove') cache.remove(key)
    else if (action === 'invalidate') cache.invalidate(key)
    // The load's error shows on the entry; the panel is its only caller.
    else refetchEntry(cache, key)?.then(undefined, () => {})
    schedule()
  }
  const entries = createEntriesView(document, { onAction: (action, info: EntryInfo) => run(action, info.key) })
  panel.appendChild(entries.element)
  const timeline = createTimelineView(document)
  panel.appendChild(timeline.element)
  const legend = panel.appendChild(document.createElement('div'))
  legend.className = 'of-legend'
  legend.innerHTML = legendHtml()

  // The timeline's width, told by the browser when it changes (reading it in a frame would force a layout).
  let width = 600
  const resize =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(([observed]) => {
          // A closed panel measures 0: keep the last width.
          const next = Math.floor(observed?.contentRect.width ?? 0)
          if (next <= 0 || next === width) return
          width = Math.max(240, next)
          schedule()
        })
      : undefined
  resize?.observe(timeline.element)

  const log = createFlightLog()
  let open = false
  let frame: ReturnType<typeof setTimeout> | number | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  const requestFrame: (callback: () => void) => unknown =
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (callback) => setTimeout(callback, 16)
  const cancelFrame = (id: unknown): void =>
    typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(id as number) : clearTimeout(id as number)

  const draw = (): void => {
    frame = undefined
    if (!open) return
    const startedAt = performance.now()
    const at = now()
    const infos = cache.inspect()
    entries.update(infos, at)
    timeline.update(layoutTimeline(log.spans(), log.marks(), { from: at - WINDOW_MS, now: at }), at, width)
    const fetching = infos.reduce((count, info) => count + (info.snapshot.isFetching ? 1 : 0), 0)
    const running = log.spans().reduce((count, span) => count + (span.end === undefined ? 1 : 0), 0)
    const summaryText = `${infos.length} entries · ${fetching} fetching · ${running} running`
    if (summary.textContent !== summaryText) summary.textContent = summaryText
    try {
      performance.measure(FRAME_MEASURE, { start: startedAt })
      performance.clearMeasures(FRAME_MEASURE)
    } catch {
      // An environment without User Timing level 3: nothing to record into.
    }
  }
  function schedule(): void {
    if (open && frame === undefined) frame = requestFrame(draw) as number
  }

  const setOpen = (next: boolean): void => {
    open = next
    panel.hidden = !open
    toggle.textContent = open ? '✕ oneflight' : '⚡ oneflight'
    toggle.setAttribute('aria-expanded', String(open))
    toggle.title = open ? 'close the oneflight devtools' : 'open the oneflight devtools'
    clearInterval(ticker)
    ticker = open ? setInterval(schedule, TICK_MS) : undefined
    if (open) schedule()
    else if (frame !== undefined) {
      cancelFrame(frame)
      frame = undefined
    }
  }
  toggle.addEventListener('click', () => setOpen(!open))

  const stop = cache.on((event) => {
    log.record(event)
    schedule()
  })
  setOpen(initialIsOpen)
  ;(container ?? document.body).appendChild(host)

  let mounted = true
  return () => {
    if (!mounted) return
    mounted = false
    setOpen(false)
    stop()
    resize?.disconnect()
    host.remove()
  }
}
