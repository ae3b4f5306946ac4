// End-to-end test of `oneflight/tabs` in Debian's Chromium: several pages
// of one browser context (one origin) load the built dist/tabs.js from a
// small server of our own, which also serves a counting API with latency.
// Build first (`npx tsup`, or `npm run test:e2e`), then:
//   npx vitest run --config test/e2e/vitest.config.ts test/e2e/tabs.e2e.ts
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from './harness'

const root = new URL('../..', import.meta.url).pathname
const dist = join(root, 'dist')
const shots = join(root, 'test-results')

const page = `<!doctype html>
<meta charset="utf-8"><title>oneflight/tabs e2e</title>
<style>body{font:14px monospace;margin:1em}h1{font-size:16px}</style>
<h1>oneflight/tabs e2e <span id="mode"></span></h1><pre id="log"></pre>
<script type="module">
import { createTabGroup } from '/dist/tabs.js'
const group = createTabGroup({ name: 'e2e' })
const log = (line) => { document.getElementById('log').textContent += line + '\\n' }
document.getElementById('mode').textContent = group.crossTab ? '(cross-tab)' : '(in-tab fallback)'
window.fetched = []
window.crossTab = group.crossTab
window.ask = async (key, query = '') => {
  log('ask ' + key)
  const settled = await group.settle(key, async (signal) => {
    window.fetched.push(key)
    log('fetch ' + key + ' (this tab leads)')
    const response = await fetch('/api/data?key=' + encodeURIComponent(key) + query, { signal })
    return response.json()
  })
  const out = { status: settled.status, shared: settled.shared, value: settled.value, error: settled.status === 'rejected' ? String(settled.reason) : undefined }
  log(key + ' -> ' + JSON.stringify(out))
  return out
}
window.ready = true
</script>`

// A sandboxed iframe (opaque origin), where navigator.locks exists but every
// request rejects with a SecurityError. It reports to its parent what it saw;
// a call that never settles shows as 'timed out' after 10 s instead of a hang.
const sandboxed = (origin: string): string => `<script type="module">
import { createTabGroup } from '${origin}dist/tabs.js'
const report = (data) => parent.postMessage(data, '*')
setTimeout(() => report('timed out'), 10000)
let lockError = 'none'
await navigator.locks.request('probe', () => {}).catch((error) => (lockError = error.name))
const group = createTabGroup({ name: 'sandboxed' })
let calls = 0
const fn = async () => (calls++, await new Promise((resolve) => setTimeout(resolve, 50)), 'value')
const values = await Promise.all([group.do('k', fn), group.do('k', fn)])
const failed = await group.do('k', () => Promise.reject(new Error('no'))).catch((error) => error.message)
report({ lockError, values, calls, failed, crossTab: group.crossTab })
</script>`

interface Answer {
  status: 'fulfilled' | 'rejected'
  shared: boolean
  value?: { key: string; n: number }
  error?: string
}

// The API: every request for a key is counted on arrival; the answer comes
// after `ms` (default 600); with `gate`, the key's first request waits until
// the test opens its gate.
const counts = new Map<string, number>()
const gates = new Map<string, () => void>()
const gated = new Map<string, Promise<void>>()
const openGate = (key: string): void => gates.get(key)?.()
const gate = (key: string): Promise<void> => {
  let wait = gated.get(key)
  if (!wait) gated.set(key, (wait = new Promise<void>((resolve) => gates.set(key, resolve))))
  return wait
}

const server: Server = createServer(async (req, res) => {
  res.on('error', () => {})
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page)
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end()
  if (url.pathname.startsWith('/dist/')) {
    const file = join(dist, basename(url.pathname))
    if (!file.endsWith('.js') || !existsSync(file)) return res.writeHead(404).end()
    // A sandboxed iframe has an opaque origin: its module imports are cross-origin.
    const headers = { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }
    return res.writeHead(200, headers).end(await readFile(file))
  }
  if (url.pathname === '/api/data') {
    const key = url.searchParams.get('key') ?? ''
    const n = (counts.get(key) ?? 0) + 1
    counts.set(key, n)
    if (url.searchParams.has('gate') && n === 1) await gate(key)
    else await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms') ?? 600)))
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ key, n }))
  }
  res.writeHead(404).end()
})

let browser: Browser
let context: BrowserContext
let origin = ''
const errors: string[] = []

const openPages = async (count: number): Promise<Page[]> =>
  Promise.all(
    Array.from({ length: count }, async () => {
      const p = await context.newPage()
      p.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
      p.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`))
      await p.goto(origin)
      await p.waitForFunction(() => (window as { ready?: boolean }).ready === true)
      return p
    }),
  )

const ask = (p: Page, key: string, query = ''): Promise<Answer> =>
  p.evaluate(([k, q]) => (window as unknown as { ask(k: string, q: string): Promise<Answer> }).ask(k, q), [
    key,
    query,
  ] as const)

const fetchedBy = (p: Page): Promise<string[]> => p.evaluate(() => (window as unknown as { fetched: string[] }).fetched)

/** waitFor polls `check` (bounded: 15 s) until it returns true. */
const waitFor = async (what: string, check: () => Promise<boolean> | boolean): Promise<void> => {
  const until = Date.now() + 15_000
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** queuedForLead counts the requests queued for a key's lead lock, as the browser's lock manager reports them. */
const queuedForLead = (p: Page, key: string): Promise<number> =>
  p.evaluate(
    (name) => navigator.locks.query().then((s) => (s.pending ?? []).filter((r) => r.name === name).length),
    `oneflight:e2e:${JSON.stringify(key)}`,
  )

const screenshots = (pages: Page[], name: string): Promise<unknown> =>
  Promise.all(
    pages.map((p, i) => (p.isClosed() ? null : p.screenshot({ path: join(shots, `tabs-${name}-${i + 1}.png`) }))),
  )

beforeAll(async () => {
  if (!existsSync(join(dist, 'tabs.js'))) throw new Error('dist/tabs.js is missing: run `npx tsup` first')
  await mkdir(shots, { recursive: true })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  browser = await launchChromium()
  context = await browser.newContext()
})

afterAll(async () => {
  await browser?.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('oneflight/tabs in Chromium', () => {
  test('five pages asking for one key at once make one request and all get the data', async () => {
    const pages = await openPages(5)
    expect(await Promise.all(pages.map((p) => p.evaluate(() => (window as { crossTab?: boolean }).crossTab)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    // 1.5 s of latency: ample time for all five asks to arrive, even on a loaded machine.
    const answers = await Promise.all(pages.map((p) => ask(p, 'five', '&ms=1500')))
    await screenshots(pages, 'five')
    console.log(`[tabs e2e] five pages at once: API requests for the key = ${counts.get('five')}`)
    expect(counts.get('five')).toBe(1)
    expect(answers.map((a) => a.value)).toEqual(Array(5).fill({ key: 'five', n: 1 }))
    const leaders = (await Promise.all(pages.map(fetchedBy))).filter((f) => f.includes('five'))
    expect(leaders).toHaveLength(1)
    expect(answers.filter((a) => !a.shared)).toHaveLength(1)
    await Promise.all(pages.map((p) => p.close()))
  })

  test('closing the leading page mid-flight: another page fetches, the rest get its result, two requests', async () => {
    const pages = await openPages(5)
    const [leader, ...rest] = pages as [Page, ...Page[]]
    void ask(leader, 'close', '&ms=2000').catch(() => {})
    await waitFor('the leader request', () => counts.get('close') === 1)
    const answers = Promise.all(rest.map((p) => ask(p, 'close', '&ms=600')))
    await waitFor('four pages queued for the lead lock', async () => (await queuedForLead(rest[0]!, 'close')) === 4)
    await leader.close()
    const got = await answers
    await screenshots(rest, 'close')
    console.log(`[tabs e2e] leader closed mid-flight: API requests for the key = ${counts.get('close')}`)
    expect(counts.get('close')).toBe(2)
    expect(got.map((a) => a.value)).toEqual(Array(4).fill({ key: 'close', n: 2 }))
    const fetched = await Promise.all(rest.map(fetchedBy))
    expect(fetched.filter((f) => f.includes('close'))).toHaveLength(1)
    await Promise.all(rest.map((p) => p.close()))
  })

  test('the leading page crashing mid-flight: another page fetches, the rest get its result, two requests', async () => {
    const pages = await openPages(5)
    const [leader, ...rest] = pages as [Page, ...Page[]]
    void ask(leader, 'crash', '&ms=2000').catch(() => {})
    await waitFor('the leader request', () => counts.get('crash') === 1)
    const answers = Promise.all(rest.map((p) => ask(p, 'crash', '&ms=600')))
    await waitFor('four pages queued for the lead lock', async () => (await queuedForLead(rest[0]!, 'crash')) === 4)
    const crashed = new Promise((resolve) => leader.once('crash', resolve))
    const cdp = await context.newCDPSession(leader)
    void cdp.send('Page.crash').catch(() => {})
    await crashed
    const got = await answers
    await screenshots(rest, 'crash')
    console.log(`[tabs e2e] leader crashed mid-flight: API requests for the key = ${counts.get('crash')}`)
    expect(counts.get('crash')).toBe(2)
    expect(got.map((a) => a.value)).toEqual(Array(4).fill({ key: 'crash', n: 2 }))
    await Promise.all(pages.map((p) => p.close()))
  })

  test('a page posting garbage on the channel breaks nothing', async () => {
    const pages = await openPages(5)
    const [noisy, ...rest] = pages as [Page, ...Page[]]
    const answers = Promise.all(rest.map((p) => ask(p, 'garbage', '&gate')))
    await waitFor('the leader request', () => counts.get('garbage') === 1)
    await waitFor('three pages queued for the lead lock', async () => (await queuedForLead(noisy, 'garbage')) === 3)
    await noisy.evaluate(() => {
      const channel = new BroadcastChannel('oneflight:e2e')
      const real = { p: 'oneflight/tabs@1', g: 'e2e', h: '"garbage"' }
      const junk: unknown[] = [
        null,
        0,
        'value',
        [],
        {},
        new Uint8Array(8),
        { ...real },
        { ...real, t: 'value' },
        { ...real, t: 'value', f: 'forged', value: { key: 'garbage', n: -1 } },
        { ...real, g: 'other', t: 'value', f: 'x', value: 1 },
        { ...real, t: 'error', f: 'forged', error: new Error('forged') },
        { ...real, t: 'uncloneable', f: 'forged' },
        { ...real, t: 'start', f: 'forged' },
        { ...real, t: 'start', f: 'forged', to: 7 },
        { ...real, t: 'hello', n: 'noise' },
        { ...real, t: 'hello' },
        { ...real, h: 42, t: 'value', f: 'forged', value: 0 },
        { ...real, t: 'value', f: 'x'.repeat(100), value: 0 },
      ]
      for (let round = 0; round < 20; round++) for (const message of junk) channel.postMessage(message)
      channel.close()
    })
    openGate('garbage')
    const got = await answers
    await screenshots(pages, 'garbage')
    console.log(`[tabs e2e] garbage on the channel: API requests for the key = ${counts.get('garbage')}`)
    expect(counts.get('garbage')).toBe(1)
    expect(got.map((a) => a.value)).toEqual(Array(4).fill({ key: 'garbage', n: 1 }))
    // Every page, the noisy one included, still works afterwards.
    const after = await Promise.all(pages.map((p) => ask(p, 'after-garbage')))
    expect(after.map((a) => a.value)).toEqual(Array(5).fill({ key: 'after-garbage', n: 1 }))
    expect(errors).toEqual([])
    await Promise.all(pages.map((p) => p.close()))
  })

  test('in a sandboxed iframe, where Web Locks are denied, calls fall back to the iframe itself and all settle', async () => {
    const [host] = await openPages(1)
    const report = await host!.evaluate(
      (srcdoc) =>
        new Promise((resolve) => {
          window.addEventListener('message', (event) => resolve(event.data), { once: true })
          const frame = document.createElement('iframe')
          frame.setAttribute('sandbox', 'allow-scripts')
          frame.srcdoc = srcdoc
          document.body.append(frame)
        }),
      sandboxed(origin),
    )
    expect(report).toEqual({
      lockError: 'SecurityError',
      values: ['value', 'value'],
      calls: 1,
      failed: 'no',
      crossTab: false,
    })
    await host!.close()
  })

  test('a leader finishing normally never causes a second request, round after round', async () => {
    const pages = await openPages(5)
    const rounds = 25
    const values: unknown[] = []
    for (let round = 0; round < rounds; round++) {
      const key = `round-${round}`
      const answers = Promise.all(pages.map((p) => ask(p, key, '&gate&ms=0')))
      await waitFor('the leader request', () => counts.get(key) === 1)
      await waitFor('four pages queued for the lead lock', async () => (await queuedForLead(pages[0]!, key)) === 4)
      openGate(key)
      for (const answer of await answers) values.push(answer.value)
    }
    const total = Array.from({ length: rounds }, (_, i) => counts.get(`round-${i}`) ?? 0).reduce((a, b) => a + b, 0)
    console.log(`[tabs e2e] ${rounds} rounds of five pages: API requests = ${total}`)
    expect(total).toBe(rounds)
    expect(values.filter((v) => (v as { n?: number }).n !== 1)).toEqual([])
    await Promise.all(pages.map((p) => p.close()))
    expect(errors).toEqual([])
  })
})
