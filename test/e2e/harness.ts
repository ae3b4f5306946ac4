// What every end-to-end file needs: Debian's Chromium launched the one way
// that works offline here, and the demo served by the repository's own Vite
// config on 127.0.0.1, port 0.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import type { OriginStats } from '../../demo/api/origin'

/** root: the repository, with a trailing slash. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** shots: where screenshots go (created on first use). */
export const shots = `${root}test-results/`

/**
 * chromiumPath: the browser the e2e tests drive, `CHROMIUM_PATH` if set, else
 * Debian's /usr/bin/chromium (`apt-get install chromium`).
 */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * launchChromium starts the Chromium at `chromiumPath` headless; the
 * background-networking flags keep it from dialling out at every start.
 *
 * @example
 * const browser = await launchChromium()
 */
export const launchChromium = (): Promise<Browser> => {
  mkdirSync(shots, { recursive: true })
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * startDemo serves the demo with its embedded API and returns the server and
 * its base URL (`http://127.0.0.1:PORT/`).
 *
 * @example
 * const { server, base } = await startDemo()
 */
export const startDemo = async (): Promise<{ server: ViteDevServer; base: string }> => {
  const server = await createServer({
    configFile: `${root}vite.config.ts`,
    // Explicit: vitest runs in mode 'test', for which the config leaves the demo out.
    mode: 'development',
    logLevel: 'warn',
    // No watcher and no HMR: other files of the repo may change during the
    // run, and a reload mid-test would measure nothing.
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null, hmr: false },
  })
  await server.listen()
  const base = server.resolvedUrls?.local[0] ?? ''
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(base)) throw new Error(`the demo did not start on 127.0.0.1: ${base}`)
  return { server, base }
}

/**
 * statsUntil polls the demo API's /api/stats until `ok` holds and returns
 * what it saw last; on a timeout the error says what it was waiting for.
 *
 * @example
 * await statsUntil(base, (s) => s.inFlight === 0, 'no request in flight')
 */
export const statsUntil = async (
  base: string,
  ok: (s: OriginStats) => boolean,
  what: string,
  ms = 30_000,
): Promise<OriginStats> => {
  const until = Date.now() + ms
  for (;;) {
    const s = (await (await fetch(`${base}api/stats`)).json()) as OriginStats
    if (ok(s)) return s
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last stats: ${JSON.stringify(s)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
