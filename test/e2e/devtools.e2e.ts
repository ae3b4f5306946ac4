import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, root, shots, startDemo, statsUntil } from './harness'

// The devtools panel in Debian's Chromium: on the demo (its useSingleflight
// mode mounts the panel in the page, open), and on the stress page, a cache of
// 1,000 entries under a stampede with the panel floating open.

const USER = '/api/user/1'
const PRODUCTS = '/api/products'
const COMPONENTS = 100

let server: ViteDevServer
let browser: Browser
let page: Page
let base: string
const consoleErrors: string[] = []

const panel = (): Locator => page.getByTestId('flight-panel')
const entry = (key: string): Locator => panel().locator(`[data-testid="entry"][data-key="${key}"]`)
const flights = (key: string): Locator => panel().locator(`[data-testid="flight"][data-key="${key}"]`)
const idle = () => statsUntil(base, (s) => s.inFlight === 0, 'no request in flight at the origin')

const cellsOk = (count: number): Promise<unknown> =>
  page.waitForFunction(
    (n) => {
      const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="cell"]')]
      return cells.length === n && cells.every((cell) => cell.dataset.state === 'ok')
    },
    count,
    { timeout: 60_000, polling: 50 },
  )

beforeAll(async () => {
  ;({ server, base } = await startDemo())
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()))
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`))
  await page.goto(base)
  await cellsOk(COMPONENTS)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([])
})

describe('the devtools panel on the demo', () => {
  test('after a cold restart it lists both entries, each loaded by one flight', async () => {
    await idle()
    await page.getByTestId('btn-cold-restart').click()
    await page.getByTestId('status').filter({ hasText: 'Cold restart:' }).waitFor({ timeout: 60_000 })
    await cellsOk(COMPONENTS)
    for (const key of [USER, PRODUCTS]) {
      await expect.poll(() => entry(key).getAttribute('data-status')).toBe('success')
      // Subscribers of the key as the cache counts them (the hook layer's own, not one per component).
      expect(Number(await entry(key).locator('.of-observers').textContent())).toBeGreaterThan(0)
      await expect
        .poll(() => flights(key).evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-outcome'))))
        .toEqual(['ok'])
    }
  })

  test('in createFetch mode one network flight per resource serves every cell: the others joined it', async () => {
    await idle()
    await page.getByTestId('mode-fetch').check()
    await page.getByTestId('status').filter({ hasText: 'Mode: fetch' }).waitFor({ timeout: 60_000 })
    await cellsOk(COMPONENTS)
    for (const key of [USER, PRODUCTS]) {
      await expect
        .poll(() => flights(key).evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-outcome'))))
        .toEqual(['ok'])
      expect(await flights(key).getAttribute('data-joins')).toBe(String(COMPONENTS - 1))
    }
    // No cache in this mode: the panel lists no entries.
    expect(await panel().getByTestId('entry').count()).toBe(0)
    await page.getByTestId('mode-singleflight').check()
    await page.getByTestId('status').filter({ hasText: 'Mode: singleflight' }).waitFor({ timeout: 60_000 })
    await cellsOk(COMPONENTS)
  })

  test('invalidate starts a new flight for that key, and the screenshot shows it', async () => {
    await idle()
    await entry(PRODUCTS).getByTestId('entry-invalidate').click()
    await expect.poll(() => flights(PRODUCTS).count()).toBe(2)
    await expect.poll(() => flights(PRODUCTS).last().getAttribute('data-outcome')).toBe('ok')
    expect(await panel().locator('[data-testid="mark"][data-kind="invalidated"]').count()).toBe(1)
    expect(await flights(USER).count()).toBe(1)
    mkdirSync(`${root}docs`, { recursive: true })
    await panel().screenshot({ path: `${root}docs/devtools.png` })
  })

  test('remove drops an entry nobody observes', async () => {
    // Unmount every component: the entries stay, observed by none.
    await page.getByTestId('btn-unmount').click()
    await page.getByTestId('status').filter({ hasText: 'Unmounted' }).waitFor({ timeout: 60_000 })
    await idle()
    await expect.poll(() => entry(USER).locator('.of-observers').textContent()).toBe('0')
    await entry(USER).getByTestId('entry-remove').click()
    await expect.poll(() => entry(USER).count()).toBe(0)
    expect(await entry(PRODUCTS).count()).toBe(1)
    await expect.poll(() => panel().locator('[data-testid="mark"][data-reason="removed"]').count()).toBe(1)
    await page.getByTestId('btn-unmount').click()
    await page.getByTestId('status').filter({ hasText: 'Mounted again' }).waitFor({ timeout: 60_000 })
  })
})

interface StressResult {
  frames: number[]
  gaps: number[]
  events: number
}
interface TraceEvent {
  name: string
  ph: string
  dur?: number
  tdur?: number
}

const percentiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
  const round = (ms: number) => Math.round(ms * 100) / 100
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1] ?? 0) }
}

// The browser's rendering work (style, layout, paint) that the panel's DOM changes cause.
const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize'])

describe('the devtools panel under a stampede', () => {
  test('1,000 entries, 5,000 callers: the panel draws at most once per animation frame (frame costs reported)', async () => {
    const stress = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    stress.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`))
    await stress.goto(`${base}stress/`)
    await stress.getByTestId('devtools-summary').filter({ hasText: '1000 entries' }).waitFor()
    const run = (gaps: boolean): Promise<StressResult> =>
      stress.evaluate(
        (options) => (window as unknown as { stress: { run(o: object): Promise<StressResult> } }).stress.run(options),
        { gaps },
      )
    const result = await run(true)
    expect(result.events).toBe(1000 * 6) // per entry: started, four joins, settled
    expect(result.frames.length).toBeGreaterThan(0)
    // Batching: never more panel draws than animation frames (plus the one already requested).
    expect(result.frames.length).toBeLessThanOrEqual(result.gaps.length + 1)

    // Wall-clock time on a shared machine counts the time the thread was not
    // even running; a trace also gives thread time, the panel's own CPU cost.
    await browser.startTracing(stress, { categories: ['devtools.timeline', 'blink.user_timing'] })
    await run(false)
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
    const complete = trace.traceEvents.filter((event) => event.ph === 'X')
    const frameEvents = complete.filter((event) => event.name === 'FireAnimationFrame')
    const renderingMs = complete
      .filter((event) => RENDERING.has(event.name))
      .reduce((sum, event) => sum + (event.tdur ?? event.dur ?? 0) / 1000, 0)
    const figures = {
      events: result.events,
      wallClock: { panelFramesMs: percentiles(result.frames), animationFrames: result.gaps.length },
      threadTime: {
        panelFramesMs: percentiles(frameEvents.map((event) => (event.tdur ?? 0) / 1000)),
        renderingMsPerPanelFrame: Math.round((renderingMs / Math.max(1, frameEvents.length)) * 100) / 100,
      },
    }
    console.info(`devtools under a stampede: ${JSON.stringify(figures)}`)
    writeFileSync(`${shots}devtools-stress.json`, JSON.stringify(figures, null, 2))
    await stress.screenshot({ path: `${shots}devtools-stress.png` })
    await stress.getByTestId('devtools-toggle').click()
    expect(await stress.getByTestId('devtools-panel').isHidden()).toBe(true)
    await stress.close()
  })
})
