import type { Browser, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { OriginStats } from '../../demo/api/origin'
import { launchChromium, shots, startDemo, statsUntil } from './harness'

// The demo's rename-user control (useMutation over the grid's cache) in
// Debian's Chromium: the optimistic name, the server's answer or the
// rollback, and what the origin counted. The steps run in order on one page.

const USER = '/api/user/1'
const WRITE = '/api/user/1/name'

let server: ViteDevServer
let browser: Browser
let page: Page
let base: string
const pageErrors: string[] = []

const idle = (): Promise<OriginStats> => statsUntil(base, (s) => s.inFlight === 0, 'no request in flight')

/** What the control and the first cell show, read in one go. */
const shown = (): Promise<{ name: string; state: string; cell: string }> =>
  page.evaluate(() => ({
    name: document.querySelector('[data-testid="rename-current"]')?.textContent ?? '',
    state: document.querySelector<HTMLElement>('[data-testid="rename-status"]')?.dataset.state ?? '',
    cell: document.querySelector('[data-testid="cell"] .cell-main')?.textContent ?? '',
  }))

const nameIs = (name: string, ms = 10_000): Promise<unknown> =>
  page.waitForFunction(
    (wanted) => document.querySelector('[data-testid="rename-current"]')?.textContent === wanted,
    name,
    {
      timeout: ms,
      polling: 20,
    },
  )

const rename = async (name: string): Promise<void> => {
  await page.getByTestId('rename-input').fill(name)
  await page.getByTestId('rename-submit').click()
}

beforeAll(async () => {
  ;({ server, base } = await startDemo())
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`))
  await page.goto(base)
  await nameIs('Ada Lovelace', 60_000)
  await idle()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the rename-user control in Chromium', () => {
  test('with write error rate 0: the optimistic name at once, then the server’s, then the user reloads', async () => {
    const before = await idle()
    await rename('ada king')
    // The write takes 800 ms at the origin: what shows now is the optimistic layer.
    await nameIs('ada king', 700)
    expect(await shown()).toEqual({ name: 'ada king', state: 'pending', cell: 'ada' })
    await page.screenshot({ path: `${shots}mutation-optimistic.png` })
    // The server normalizes the name: its answer replaces the optimistic one.
    await nameIs('Ada King')
    const after = await statsUntil(
      base,
      (s) => s.inFlight === 0 && (s.hits[USER] ?? 0) > (before.hits[USER] ?? 0),
      'the revalidation of the user after the write',
    )
    expect(after.hits[WRITE]).toBe(1)
    expect(after.hits[USER]).toBe((before.hits[USER] ?? 0) + 1)
    expect(await shown()).toEqual({ name: 'Ada King', state: 'success', cell: 'Ada' })
  })

  test('with write error rate 1: the optimistic name at once, then the rollback; one write per click', async () => {
    await page.getByTestId('rename-error-rate').fill('1')
    const before = await idle()
    await rename('grace x')
    await nameIs('grace x', 700)
    expect(await shown()).toEqual({ name: 'grace x', state: 'pending', cell: 'grace' })
    await nameIs('Ada King')
    await page.getByTestId('rename-status').and(page.locator('[data-state="error"]')).waitFor({ timeout: 10_000 })
    const after = await idle()
    expect(after.hits[WRITE]).toBe((before.hits[WRITE] ?? 0) + 1)
    expect(await shown()).toEqual({ name: 'Ada King', state: 'error', cell: 'Ada' })
    await page.screenshot({ path: `${shots}mutation-rollback.png` })
  })

  test('the page raised no error', () => {
    expect(pageErrors).toEqual([])
  })
})
