import type { Browser, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { OriginStats } from '../../demo/api/origin'
import { launchChromium, shots, startDemo, statsUntil as pollStats } from './harness'

// The demo (npm run demo) in Debian's Chromium, against the API the Vite
// server itself serves. The tests run in order on one page, as a visitor
// would click through it; each leaves a screenshot in test-results/.

const USER = '/api/user/1'
const PRODUCTS = '/api/products'
const N = 500

let server: ViteDevServer
let browser: Browser
let page: Page
let base: string
const consoleErrors: string[] = []
// Chromium logs every answer with status 500 as a console error; the steps
// that make the origin fail on purpose say how many such answers they expect.
const FAILED_LOAD = 'Failed to load resource: the server responded with a status of 500'
let expectedFailedLoads = 0

// Polls the origin until `ok` holds, then returns what it saw last.
const statsUntil = (ok: (s: OriginStats) => boolean, what: string, ms?: number): Promise<OriginStats> =>
  pollStats(base, ok, what, ms)

const idle = (): Promise<OriginStats> => statsUntil((s) => s.inFlight === 0, 'no request in flight at the origin')

const statusAfter = async (click: () => Promise<void>, text: string): Promise<void> => {
  await click()
  await page.getByTestId('status').filter({ hasText: text }).waitFor({ timeout: 60_000 })
}

/** Waits until there are `count` cells and every one is in one of `states`. */
const cellsAre = (count: number, states: string[], ms = 60_000): Promise<unknown> =>
  page.waitForFunction(
    ([n, wanted]) => {
      const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="cell"]')]
      return cells.length === n && cells.every((cell) => wanted.includes(cell.dataset.state ?? ''))
    },
    [count, states] as const,
    { timeout: ms, polling: 50 },
  )

const setSlider = async (testId: string, value: number): Promise<void> => {
  await page.getByTestId(testId).fill(String(value))
}

const setLatency = async (ms: number): Promise<void> => {
  await setSlider('latency-slider', ms)
  await statsUntil((s) => s.config.latency === ms, `latency ${ms} ms at the origin`)
}

const shoot = (name: string, fullPage = false): Promise<Buffer> =>
  page.screenshot({ path: `${shots}${name}`, fullPage })

beforeAll(async () => {
  ;({ server, base } = await startDemo())
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`))
  await page.goto(base)
  await cellsAre(100, ['ok'])
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

afterEach(() => {
  // Every step must leave the console clean; the next one starts afresh.
  const errors = consoleErrors.splice(0)
  const expected = expectedFailedLoads
  expectedFailedLoads = 0
  expect(errors.filter((text) => !text.startsWith(FAILED_LOAD))).toEqual([])
  expect(errors.filter((text) => text.startsWith(FAILED_LOAD))).toHaveLength(expected)
})

describe('the demo in Chromium', () => {
  test('500 components in useSingleflight mode make exactly one request per resource', async () => {
    await setSlider('count-slider', N)
    await cellsAre(N, ['ok'])
    // The 400 new components revalidated the stale data: let that finish first.
    await idle()
    await statusAfter(() => page.getByTestId('btn-cold-restart').click(), 'Cold restart:')
    await cellsAre(N, ['ok'])
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: 1, [PRODUCTS]: 1 })
    expect(s.aborted).toBe(0)
    await expect.poll(() => page.getByTestId('count-asked').textContent()).toBe(String(2 * N))
    await expect.poll(() => page.getByTestId('count-origin').textContent()).toBe('2')
    // The devtools panel: one flight per resource, both ok (the 1,000 asks are the counter above).
    const bars = page.getByTestId('flight')
    await expect.poll(() => bars.count()).toBe(2)
    await expect
      .poll(() =>
        bars.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-key')} ${el.getAttribute('data-outcome')}`)),
      )
      .toEqual([`${USER} ok`, `${PRODUCTS} ok`])
    await shoot('demo.png')
    await shoot('demo-1-singleflight.png', true)
  })

  test('a focus storm over 500 components costs one request per resource', async () => {
    const before = await idle()
    await statusAfter(() => page.getByTestId('btn-focus-storm').click(), 'Focus storm:')
    const after = await statsUntil((s) => s.total >= before.total + 2 && s.inFlight === 0, 'the revalidation to finish')
    await cellsAre(N, ['ok'])
    expect(after.hits).toEqual({ [USER]: 2, [PRODUCTS]: 2 })
    await shoot('demo-2-focus-storm.png')
  })

  test('the same 500 components in naive mode make 500 requests per resource', async () => {
    // Chromium sends at most six requests at a time to one host over HTTP/1.1,
    // so 1,000 naive requests queue; a short latency keeps the test quick.
    await setLatency(20)
    await statusAfter(() => page.getByTestId('mode-naive').check(), 'Mode: naive')
    await cellsAre(N, ['ok'])
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: N, [PRODUCTS]: N })
    await expect.poll(() => page.getByTestId('count-origin').textContent()).toBe(String(2 * N))
    await shoot('demo-3-naive.png')
  })

  test('createFetch without React: 500 plain DOM cells make one request per resource', async () => {
    await setLatency(300)
    await statusAfter(() => page.getByTestId('mode-fetch').check(), 'Mode: fetch')
    await cellsAre(N, ['ok'])
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: 1, [PRODUCTS]: 1 })
    await shoot('demo-4-fetch.png')
  })

  test('unmounting every component mid-flight aborts the request at the origin', async () => {
    await setLatency(600)
    await statusAfter(() => page.getByTestId('mode-singleflight').check(), 'Mode: singleflight')
    await cellsAre(N, ['ok'])
    await statusAfter(() => page.getByTestId('btn-unmount').click(), 'Unmounted')
    await page.getByTestId('grid-empty').waitFor()
    const s = await statsUntil((x) => x.aborted > 0 && x.inFlight === 0, 'an aborted request at the origin')
    // The restart's two flights reached the origin, and both were aborted there.
    expect(s.hits).toEqual({ [USER]: 1, [PRODUCTS]: 1 })
    expect(s.aborted).toBe(2)
    await expect.poll(() => page.getByTestId('count-aborted').textContent()).toBe('2')
    await shoot('demo-5-unmount.png')
  })

  test('after "fail next request" every component shows the error of the one failed flight', async () => {
    await setLatency(300)
    await statusAfter(() => page.getByTestId('btn-unmount').click(), 'Mounted again')
    await cellsAre(N, ['ok'])
    expectedFailedLoads = 1
    await statusAfter(() => page.getByTestId('btn-fail-next').click(), 'every caller of that flight gets the error')
    // Cells had data, so they keep it beside the error (stale-if-error).
    await cellsAre(N, ['stale-error'])
    const texts = await page.getByTestId('cell').allTextContents()
    expect(texts).toHaveLength(N)
    expect(texts.every((text) => text.includes('⚠ 500'))).toBe(true)
    const s = await idle()
    expect(s.errors).toBe(1)
    expect(s.hits[USER]).toBe(2)
    await shoot('demo-6-fail-next.png')
  })

  test('with retry on, the failed flight is retried once and no component sees the error', async () => {
    await statusAfter(() => page.getByTestId('retry').check(), 'Retry on')
    await cellsAre(N, ['ok'])
    // Records any cell that shows an error at any moment, not only at the end.
    await page.evaluate(() => {
      const w = window as unknown as { sawError: boolean }
      w.sawError = false
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="cell"][data-state$="error"]')) w.sawError = true
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] })
    })
    expectedFailedLoads = 1
    await statusAfter(() => page.getByTestId('btn-fail-next').click(), 'retries the flight once')
    const s = await statsUntil((x) => x.hits[USER] === 3 && x.inFlight === 0, 'the retry to reach the origin')
    expect(s.errors).toBe(1)
    await cellsAre(N, ['ok'])
    expect(await page.evaluate(() => (window as unknown as { sawError: boolean }).sawError)).toBe(false)
    await expect.poll(() => page.locator('.retry-dot').count()).toBe(1)
    await shoot('demo-7-retry.png')
  })

  test('the page fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await statusAfter(() => page.getByTestId('btn-cold-restart').click(), 'Cold restart:')
    await cellsAre(N, ['ok'])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shoot('demo-8-phone.png')
    await page.getByTestId('timeline').scrollIntoViewIfNeeded()
    await shoot('demo-9-phone-chart.png')
  })
})
