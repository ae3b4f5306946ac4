import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { OriginStats } from '../../demo/api/origin'
import { launchChromium, shots, startDemo, statsUntil as pollStats } from './harness'

// The demo's cross-tab switch in Debian's Chromium: five pages of the demo's
// origin (the Vite server with its embedded API) in one browser context, each
// with cross-tab on (`?tabs=1`) and 20 components, counted by the origin.

const USER = '/api/user/1'
const PRODUCTS = '/api/products'
const TABS = 5
const N = 20
// Long enough that every tab asks while the first tab's flight still runs.
const LATENCY = 1500

let server: ViteDevServer
let browser: Browser
let context: BrowserContext
let base: string
let pages: Page[] = []
const consoleErrors: string[] = []
// Everything the pages logged, for the message of a failed wait.
const consoleAll: string[] = []

const stats = (): Promise<OriginStats> => statsUntil(() => true, 'any stats')
// Polls the origin until `ok` holds, then returns what it saw last.
const statsUntil = (ok: (s: OriginStats) => boolean, what: string, ms?: number): Promise<OriginStats> =>
  pollStats(base, ok, what, ms)

const idle = (): Promise<OriginStats> => statsUntil((s) => s.inFlight === 0, 'no request in flight at the origin')

/** Waits until `page` has `count` cells and every one shows data; on a timeout, says what the page showed. */
const cellsOk = async (page: Page, count = N, ms = 60_000): Promise<void> => {
  try {
    await page.waitForFunction(
      (n) => {
        const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="cell"]')]
        return cells.length === n && cells.every((cell) => cell.dataset.state === 'ok')
      },
      count,
      { timeout: ms, polling: 50 },
    )
  } catch (error) {
    const seen = await page
      .evaluate(async () => ({
        status: document.querySelector('[data-testid="status"]')?.textContent,
        cells: [...document.querySelectorAll<HTMLElement>('[data-testid="cell"]')]
          .map((cell) => cell.dataset.state)
          .join(','),
        locks: await navigator.locks.query(),
      }))
      .catch((reason: unknown) => String(reason))
    const origin = JSON.stringify(await stats())
    throw new Error(
      `${String(error)}\npage: ${JSON.stringify(seen)}\nconsole: ${JSON.stringify(consoleAll.slice(-20))}\norigin: ${origin}`,
    )
  }
}

/**
 * The `data-source` of the newest bar for `key` ('this-tab' or 'another-tab')
 * on the page's devtools panel (in its shadow root), with its outcome.
 */
const newestBar = (page: Page, key: string): Promise<{ source: string | null; outcome: string | null } | undefined> =>
  page.evaluate((k) => {
    const panel = document.querySelector('[data-oneflight-devtools]')?.shadowRoot
    const bars = [...(panel?.querySelectorAll(`[data-testid="flight"][data-key="${k}"]`) ?? [])]
    const bar = bars[bars.length - 1]
    return bar && { source: bar.getAttribute('data-source'), outcome: bar.getAttribute('data-outcome') }
  }, key)

/** Which pages ran their own fetcher for the newest load of `key`. */
const leadersOf = async (list: Page[], key: string): Promise<Page[]> => {
  const bars = await Promise.all(list.map((page) => newestBar(page, key)))
  return list.filter((_, i) => bars[i]?.source === 'this-tab')
}

const statusAfter = async (page: Page, click: () => Promise<void>, text: string): Promise<void> => {
  await click()
  await page.getByTestId('status').filter({ hasText: text }).waitFor({ timeout: 60_000 })
}

/** Every page shows the origin's own total (one tab holds the stats stream and relays it to the others). */
const countersShow = async (list: Page[], total: number): Promise<void> => {
  for (const page of list) await expect.poll(() => page.getByTestId('count-origin').textContent()).toBe(String(total))
}

const shoot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: `${shots}${name}` })

beforeAll(async () => {
  ;({ server, base } = await startDemo())
  browser = await launchChromium()
  // One context: one profile, so the pages share Web Locks and BroadcastChannel.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  for (let i = 0; i < TABS; i++) {
    const page = await context.newPage()
    page.on('console', (message) => {
      consoleAll.push(`page ${i} ${message.type()}: ${message.text()}`)
      if (message.type() === 'error') consoleErrors.push(`page ${i}: ${message.text()}`)
    })
    page.on('pageerror', (error) => {
      consoleAll.push(`page ${i} pageerror: ${error.name}: ${error.message}`)
      consoleErrors.push(`page ${i}: ${error.name}: ${error.message}`)
    })
    // Opened one after the other: each opens with its own cold start.
    await page.goto(`${base}?tabs=1`)
    await cellsOk(page, 100)
    await page.getByTestId('count-slider').fill(String(N))
    await cellsOk(page)
    pages.push(page)
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([])
})

describe('the demo across five tabs', () => {
  test('every page has cross-tab on and active (127.0.0.1 is a secure context)', async () => {
    for (const page of pages) {
      expect(await page.getByTestId('cross-tab').isChecked()).toBe(true)
      expect(await page.getByTestId('cross-tab-status').getAttribute('data-active')).toBe('true')
      expect(await page.getByTestId('open-tab').getAttribute('href')).toBe('?tabs=1')
    }
  })

  test('a cold restart of all five tabs at once makes one request per resource, and every tab shows the data', async () => {
    // Through every page's slider, so each page shows the latency it gets.
    for (const page of pages) await page.getByTestId('latency-slider').fill(String(LATENCY))
    await statsUntil((x) => x.config.latency === LATENCY, `latency ${LATENCY} ms at the origin`)
    await idle()
    // One click: this tab zeroes the origin's counters, then tells the other
    // four to restart; all five clear their caches and mount within milliseconds.
    await statusAfter(
      pages[0]!,
      () => pages[0]!.getByTestId('btn-cold-restart').click(),
      'Cold restart of every cross-tab tab',
    )
    await Promise.all(pages.map((page) => cellsOk(page)))
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: 1, [PRODUCTS]: 1 })
    expect(s.aborted).toBe(0)
    await countersShow(pages, 2)
    // One tab ran each fetcher; the chart of the four others marks the load
    // as served by another tab. (The panel redraws four times a second.)
    for (const key of [USER, PRODUCTS]) {
      const bars = () => Promise.all(pages.map((page) => newestBar(page, key)))
      await expect.poll(async () => (await bars()).map((bar) => bar?.outcome)).toEqual(Array(TABS).fill('ok'))
      const sources = (await bars()).map((bar) => bar?.source)
      expect(sources.filter((source) => source === 'this-tab')).toHaveLength(1)
      expect(sources.filter((source) => source === 'another-tab')).toHaveLength(TABS - 1)
    }
    const [leader] = await leadersOf(pages, USER)
    const follower = pages.find((page) => page !== leader)!
    await shoot(leader!, 'demo-tabs-1-leader.png')
    await shoot(follower, 'demo-tabs-1-follower.png')
  })

  test('a focus storm fired in all five tabs at the same moment makes one more request per resource', async () => {
    const before = await idle()
    // Fired in parallel: each page revalidates both resources on focus.
    await Promise.all(
      pages.map((page) =>
        page.evaluate(() => {
          window.dispatchEvent(new Event('focus'))
          document.dispatchEvent(new Event('visibilitychange'))
        }),
      ),
    )
    const s = await statsUntil((x) => x.total >= before.total + 2 && x.inFlight === 0, 'the revalidation to finish')
    expect(s.hits).toEqual({ [USER]: 2, [PRODUCTS]: 2 })
    await Promise.all(pages.map((page) => cellsOk(page)))
    await expect.poll(async () => (await leadersOf(pages, USER)).length).toBe(1)
    const [leader] = await leadersOf(pages, USER)
    await shoot(
      pages.find((page) => page !== leader)!,
      'demo-tabs-2-focus-storm.png',
    )
  })

  test('closing the leading tab mid-flight: another tab fetches, the rest get its result, the origin counts two', async () => {
    await idle()
    await pages[0]!.getByTestId('btn-cold-restart').click()
    // Both requests reached the origin and are waiting out their latency.
    await statsUntil(
      (x) => x.hits[USER] === 1 && x.hits[PRODUCTS] === 1 && x.inFlight === 2,
      'both flights at the origin',
    )
    // The leader: the one tab whose chart shows its own fetcher running (redrawn four times a second).
    await expect.poll(async () => (await leadersOf(pages, USER)).length).toBe(1)
    const [leader] = (await leadersOf(pages, USER)) as [Page]
    expect(await newestBar(leader, USER)).toEqual({ source: 'this-tab', outcome: 'running' })
    // The products flight may be led by the same tab or another one: wait
    // until a panel draws its leader too, then see whether it is this tab.
    await expect.poll(async () => (await leadersOf(pages, PRODUCTS)).length).toBe(1)
    const ledProducts = (await leadersOf([leader], PRODUCTS)).length
    await leader.close()
    const rest = pages.filter((page) => page !== leader)
    pages = rest
    await Promise.all(rest.map((page) => cellsOk(page)))
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: 2, [PRODUCTS]: 1 + ledProducts })
    // The closed tab's requests were cut off at the origin.
    expect(s.aborted).toBe(1 + ledProducts)
    // For the report: whether the closed tab led the products flight too.
    console.info(`leading tab closed mid-flight: origin hits ${JSON.stringify(s.hits)}, aborted ${s.aborted}`)
    await countersShow(rest, s.total)
    // Exactly one remaining tab took over the user flight; the three others got its result.
    const bars = () => Promise.all(rest.map((page) => newestBar(page, USER)))
    await expect.poll(async () => (await bars()).map((bar) => bar?.outcome)).toEqual(Array(TABS - 1).fill('ok'))
    const sources = (await bars()).map((bar) => bar?.source)
    expect(sources.filter((source) => source === 'this-tab')).toHaveLength(1)
    expect(sources.filter((source) => source === 'another-tab')).toHaveLength(TABS - 2)
    const [takeover] = await leadersOf(rest, USER)
    await shoot(takeover!, 'demo-tabs-3-takeover.png')
    await shoot(
      rest.find((page) => page !== takeover)!,
      'demo-tabs-3-follower.png',
    )
  })

  test('the switch turns cross-tab off and on again in one tab, which then loads on its own', async () => {
    const page = pages[0]!
    await idle()
    await statusAfter(page, () => page.getByTestId('cross-tab').uncheck(), 'Cross-tab off')
    await cellsOk(page)
    expect(await page.getByTestId('cross-tab-status').count()).toBe(0)
    expect(await page.getByTestId('btn-cold-restart').textContent()).toBe('Cold restart')
    // Its own cold restart: only this tab restarts (had the others restarted
    // too, their shared loads would add a request per resource), and its
    // loads are its own: its bars say this tab ran them.
    await statusAfter(page, () => page.getByTestId('btn-cold-restart').click(), 'Cold restart:')
    await cellsOk(page)
    const s = await idle()
    expect(s.hits).toEqual({ [USER]: 1, [PRODUCTS]: 1 })
    expect((await newestBar(page, USER))?.source).toBe('this-tab')
    await statusAfter(page, () => page.getByTestId('cross-tab').check(), 'Cross-tab on')
    await cellsOk(page)
    expect(await page.getByTestId('cross-tab-status').getAttribute('data-active')).toBe('true')
    expect(new URL(page.url()).search).toBe('?tabs=1')
  })
})
