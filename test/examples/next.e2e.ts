// examples/next, built by `node scripts/example-next.mjs build`, served by
// `next start` on 127.0.0.1 and driven in Debian's Chromium: server data in
// the first HTML with no browser request for it, a clean hydration, one
// request for the key only the browser loads, and a cache that survives
// client-side navigation.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const app = fileURLToPath(new URL('../../examples/next/', import.meta.url))
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

interface Counts {
  http: Record<string, number>
  server: Record<string, number>
}

// A port free right now (next start takes no port 0).
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

let next: ChildProcess
let browser: Browser
let base = ''
let output = ''

const counts = async (): Promise<Counts> => (await (await fetch(`${base}/api/counts`)).json()) as Counts

// Everything the page reports that a clean page must not: console errors and
// warnings, and uncaught errors (production React reports a hydration
// mismatch as one), plus every request it makes to the data API.
const watch = (page: Page) => {
  const problems: string[] = []
  const requests: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('request', (request) => {
    const { pathname } = new URL(request.url())
    if (pathname.startsWith('/api/')) requests.push(pathname)
  })
  return { problems, requests }
}

beforeAll(async () => {
  if (!existsSync(`${app}.next/BUILD_ID`))
    throw new Error('examples/next is not built: npm run test:examples builds it')
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  next = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  next.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  next.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  for (let attempt = 0; ; attempt++) {
    if (next.exitCode !== null) throw new Error(`next start exited:\n${output}`)
    if (attempt === 300) throw new Error(`next start did not answer in 60 s:\n${output}`)
    if (
      await counts().then(
        () => true,
        () => false,
      )
    )
      break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
})

afterAll(async () => {
  await browser?.close()
  next?.kill()
})

describe('examples/next (App Router)', () => {
  it('(control) the console watcher sees a hydration mismatch', async () => {
    const page = await browser.newPage()
    const { problems } = watch(page)
    await page.goto(`${base}/control/hydration-mismatch`)
    await page.getByText('rendered in the browser').waitFor()
    expect(problems.join('\n')).toMatch(/hydrat|#418/i)
    await page.close()
  })

  it('renders server data in the first HTML, hydrates cleanly, loads the client-only key once and keeps the cache across navigation', async () => {
    const before = await counts()
    const page = await browser.newPage()
    const { problems, requests } = watch(page)

    // First load: the client components' server HTML already shows the
    // server component's data (not only the serialized props carry it).
    const response = await page.goto(`${base}/`)
    const html = await response!.text()
    expect(html).toMatch(/<p data-testid="user">Ada Lovelace<\/p>/)
    expect(html).toMatch(/<p data-testid="team">Analytical Engine, 12 members<\/p>/)
    expect(html.match(/data-greeting="loading"/g)).toHaveLength(200)

    // 200 components on the client-only key: one request, counted at the server.
    await page.waitForFunction(() => document.querySelectorAll('[data-greeting="ready"]').length === 200)
    await expect(page.getByTestId('user').textContent()).resolves.toBe('Ada Lovelace')
    const afterLoad = await counts()
    expect((afterLoad.http['client-only'] ?? 0) - (before.http['client-only'] ?? 0)).toBe(1)
    expect(afterLoad.http['user-1'] ?? 0).toBe(before.http['user-1'] ?? 0)
    expect(afterLoad.http.team ?? 0).toBe(before.http.team ?? 0)
    expect((afterLoad.server['user-1'] ?? 0) - (before.server['user-1'] ?? 0)).toBe(1)
    expect(requests).toEqual(['/api/data/client-only'])
    expect(await page.locator('li').first().textContent()).toContain('served')

    // A client-side navigation (the page is not reloaded: the marker stays),
    // and the layout's cache answers both keys: no request.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
    await page.getByRole('link', { name: 'Second page' }).click()
    await page.getByRole('heading', { name: 'Second page' }).waitFor()
    expect(await page.getByTestId('user').textContent()).toBe('Ada Lovelace')
    expect(await page.locator('[data-greeting="ready"]').count()).toBe(3)
    // And back home: the 200 components show the cached answer at once.
    await page.getByRole('link', { name: 'Home' }).click()
    await page.getByRole('heading', { name: 'Home' }).waitFor()
    await page.waitForFunction(() => document.querySelectorAll('[data-greeting="ready"]').length === 200)
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1)

    const afterNavigation = await counts()
    expect(afterNavigation.http).toEqual(afterLoad.http)
    expect(requests).toEqual(['/api/data/client-only'])
    expect(problems).toEqual([])
    await page.close()
  })
})
