// The devtools panel open over a cache of 1,000 entries while every entry is
// loaded again by five callers at once (1,000 flights, 4,000 joins, 1,000
// settles within about half a second). It records the JS cost of every frame
// the panel draws (its `performance.measure`) and the gaps between animation
// frames, and shows them; the end-to-end test reads `window.stress`.
import { createCache } from 'oneflight'
import { FRAME_MEASURE, mountDevtools } from 'oneflight/devtools'

const ENTRIES = 1000
const CALLERS = 5

interface StressResult {
  frames: number[]
  gaps: number[]
  events: number
}

const cache = createCache({ staleTime: 30_000 })
for (let i = 0; i < ENTRIES; i++) cache.set(['item', i], { id: i, name: `item ${i}`, tags: ['a', 'b'] })
mountDevtools(cache, { initialIsOpen: true })

let events = 0
cache.on(() => void (events += 1))

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0

// `gaps: false` leaves the panel the only animation-frame callback (for a trace of its frames).
const stampede = async ({ gaps: recordGaps = true } = {}): Promise<StressResult> => {
  const frames: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntriesByName(FRAME_MEASURE)) frames.push(entry.duration)
  })
  observer.observe({ type: 'measure' })
  const gaps: number[] = []
  let running = true
  let last = performance.now()
  const tick = (time: number): void => {
    gaps.push(time - last)
    last = time
    if (running) requestAnimationFrame(tick)
  }
  if (recordGaps) requestAnimationFrame(tick)
  // Every entry stale (nobody subscribes, so nothing reloads yet): five callers each, one flight.
  cache.invalidate(() => true)
  events = 0
  const loads: Promise<unknown>[] = []
  const delay = (i: number): number => 50 + ((i * 7919) % 450)
  for (let i = 0; i < ENTRIES; i++) {
    const fetcher = (): Promise<unknown> =>
      new Promise((resolve) => setTimeout(() => resolve({ id: i, name: `item ${i}`, loaded: Date.now() }), delay(i)))
    for (let caller = 0; caller < CALLERS; caller++) loads.push(cache.fetch(['item', i], fetcher))
  }
  await Promise.all(loads)
  // Two more frames, so the last events are drawn and measured.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  running = false
  observer.disconnect()
  return { frames, gaps: gaps.slice(1), events }
}

const button = document.getElementById('run') as HTMLButtonElement
const output = document.getElementById('result') as HTMLOutputElement
const run = async (options?: { gaps?: boolean }): Promise<StressResult> => {
  button.disabled = true
  const result = await stampede(options)
  button.disabled = false
  output.textContent =
    `${result.events} events, ${result.frames.length} panel frames: ` +
    `p50 ${percentile(result.frames, 50).toFixed(2)} ms, p95 ${percentile(result.frames, 95).toFixed(2)} ms, ` +
    `max ${Math.max(...result.frames).toFixed(2)} ms; frame gaps p95 ${percentile(result.gaps, 95).toFixed(1)} ms`
  return result
}
button.addEventListener('click', () => void run())
;(window as unknown as { stress: { run: typeof run } }).stress = { run }
