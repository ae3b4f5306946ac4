// The seed's cache stampede, in numbers (`npm run bench:stampede`).
//
// 1. 10,000 concurrent callers of one cold URL on a node:http origin with 50 ms
//    latency, with plain fetch and with createFetch: origin requests, wall
//    time, caller latency p50/p99, peak RSS.
// 2. The seed's own shape: a local Map cache in front of the origin, cold,
//    1,000 concurrent callers, ns per caller without and with the Group,
//    beside the seed's Go figures.
//
// The origin runs in its own process and so does every measured client (a
// fresh heap, fresh sockets and an honest maxRSS per run). Everything is
// bounded: fixed counts, a watchdog in each client, a kill timer per child
// and one for the whole run.
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { median } from './harness.mjs'

const self = fileURLToPath(import.meta.url)
const STAMPEDE_CALLERS = 10_000
const STAMPEDE_ROUNDS = 2 // per contestant, interleaved
const SEED_CALLERS = 1_000
const SEED_ROUNDS = 15 // per contestant, interleaved, after 3 warm-up rounds each
const CLIENT_LIMIT_MS = 60_000 // a client reports and exits after this
const RUN_LIMIT_MS = 8 * 60_000 // the whole benchmark
const BODY = JSON.stringify({
  id: 42,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  roles: ['admin', 'dev'],
  bio: 'x'.repeat(200),
})

// ---- origin (child process) ------------------------------------------------

const runOrigin = () => {
  let requests = 0
  const server = createServer((req, res) => {
    // The counter itself is not a request of the benchmark.
    if (req.url === '/__count') return void res.end(String(requests))
    requests++
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) })
      res.end(BODY)
    }
    if (req.url?.startsWith('/slow/')) setTimeout(answer, 50)
    else answer()
  })
  // A deep accept queue (capped by net.core.somaxconn) for the 10,000 connects.
  server.listen({ port: 0, host: '127.0.0.1', backlog: 16_384 }, () => process.send?.({ port: server.address().port }))
  process.on('disconnect', () => process.exit(0))
}

// Retried: right after a burst, a pooled keep-alive socket may be one the
// origin is closing, and the count must not be lost to that.
const originCount = async (port) => {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/__count`, { signal: AbortSignal.timeout(5_000) })
      return Number(await response.text())
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}

// ---- helpers -----------------------------------------------------------------

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
const errorName = (error) => error?.cause?.code ?? error?.cause?.name ?? error?.name ?? String(error)
const mb = (bytes) => Math.round(bytes / 1024 / 1024)

// ---- client 1: 10,000 callers of one cold URL ---------------------------------

const runStampede = async (mode, port, round) => {
  const { createFetch } = await import('../dist/fetch.js')
  const doFetch = mode === 'plain' ? globalThis.fetch : createFetch()
  const url = `http://127.0.0.1:${port}/slow/user/42?cold=${mode}-${round}`
  const before = await originCount(port)
  const rssBefore = process.memoryUsage().rss
  let sampledPeak = rssBefore
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 10)
  const latencies = []
  const errors = {}
  let ok = 0
  let wrong = 0
  let failed = 0
  const t0 = performance.now()
  const report = async (timedOut) => {
    clearInterval(sampler)
    const wallMs = performance.now() - t0
    const sorted = latencies.sort((a, b) => a - b)
    let origin
    try {
      origin = (await originCount(port)) - before
    } catch (error) {
      origin = `count failed: ${errorName(error)}`
    }
    process.send?.({
      mode,
      round,
      callers: STAMPEDE_CALLERS,
      ok,
      wrong,
      failed,
      errors,
      timedOut,
      origin,
      wallMs,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      sampledPeakMB: mb(sampledPeak),
      rssBeforeMB: mb(rssBefore),
    })
  }
  const watchdog = setTimeout(() => void report(true).then(() => process.exit(2)), CLIENT_LIMIT_MS)
  const calls = []
  for (let i = 0; i < STAMPEDE_CALLERS; i++) {
    const start = performance.now()
    calls.push(
      doFetch(url)
        .then((response) => response.text())
        .then(
          (text) => {
            latencies.push(performance.now() - start)
            text === BODY ? ok++ : wrong++
          },
          (error) => {
            failed++
            errors[errorName(error)] = (errors[errorName(error)] ?? 0) + 1
          },
        ),
    )
  }
  await Promise.all(calls)
  clearTimeout(watchdog)
  await report(false)
  process.exit(0)
}

// ---- client 2: the seed's shape, a Map cache in front of the origin ------------

const runSeed = async (port) => {
  const { Group } = await import('../dist/index.js')
  let loads = 0
  const load = async (url) => {
    loads++
    return (await fetch(url)).text()
  }
  // Cache-aside, as the seed's Go code does it with gocache in front of Redis.
  const contestants = {
    'without Group': (cache, key, url) => {
      const hit = cache.get(key)
      return hit !== undefined ? Promise.resolve(hit) : load(url).then((v) => (cache.set(key, v), v))
    },
    'with Group': (cache, key, url, group) => {
      const hit = cache.get(key)
      return hit !== undefined
        ? Promise.resolve(hit)
        : group.do(key, () => load(url).then((v) => (cache.set(key, v), v)))
    },
  }
  const results = { 'without Group': [], 'with Group': [] }
  const roundTrips = []
  const deadline = performance.now() + CLIENT_LIMIT_MS
  for (let round = 0; round < SEED_ROUNDS + 3 && performance.now() < deadline; round++) {
    const order = round % 2 ? ['with Group', 'without Group'] : ['without Group', 'with Group']
    for (const name of order) {
      const get = contestants[name]
      const cache = new Map() // cold
      const group = new Group()
      const key = `user:${round}:${name}`
      const url = `http://127.0.0.1:${port}/fast/user?key=${encodeURIComponent(key)}`
      const [before, loadsBefore] = [await originCount(port), loads]
      const t0 = performance.now()
      const values = await Promise.all(Array.from({ length: SEED_CALLERS }, () => get(cache, key, url, group)))
      const ns = ((performance.now() - t0) * 1e6) / SEED_CALLERS
      const origin = (await originCount(port)) - before
      if (values.some((v) => v !== BODY) || origin !== loads - loadsBefore)
        throw new Error(`seed: wrong values or counts in ${name}`)
      if (round >= 3) results[name].push({ ns, origin })
    }
    // Context: one origin round trip on its own, which the Group's 1,000
    // callers share.
    const t0 = performance.now()
    await load(`http://127.0.0.1:${port}/fast/user?solo=${round}`)
    if (round >= 3) roundTrips.push((performance.now() - t0) * 1e6)
  }
  process.send?.({ results, roundTrip: median(roundTrips) })
  process.exit(0)
}

// ---- orchestration -------------------------------------------------------------

const child = (args, limitMs) =>
  new Promise((resolve, reject) => {
    const proc = fork(self, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const timer = setTimeout(
      () => (proc.kill('SIGKILL'), reject(new Error(`${args[0]} killed after ${limitMs} ms`))),
      limitMs,
    )
    let message
    proc.on('message', (m) => {
      message = m
      if (args[0] === 'origin') (clearTimeout(timer), resolve({ proc, ...m }))
    })
    proc.on(
      'exit',
      () => (clearTimeout(timer), message ? resolve(message) : reject(new Error(`${args[0]} exited without a report`))),
    )
  })

const main = async () => {
  const runTimer = setTimeout(
    () => (console.error(`stampede: the whole run exceeded ${RUN_LIMIT_MS} ms, stopping`), process.exit(3)),
    RUN_LIMIT_MS,
  )
  console.log(`# stampede benchmark, ${new Date().toISOString()}`)
  console.log(
    `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${mb(totalmem())} MB RAM, ${process.platform}\n`,
  )
  const origin = await child(['origin'], 10_000)
  try {
    console.log(
      `## 1. ${STAMPEDE_CALLERS.toLocaleString('en')} concurrent callers of one cold URL, origin latency 50 ms\n`,
    )
    console.log(
      '| contestant | round | origin requests | ok / failed | wall ms | p50 ms | p99 ms | peak RSS MB (before) |',
    )
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
    for (let round = 1; round <= STAMPEDE_ROUNDS; round++) {
      const order = round % 2 ? ['plain', 'createFetch'] : ['createFetch', 'plain']
      for (const mode of order) {
        let r
        try {
          r = await child(['stampede', mode, String(origin.port), String(round)], CLIENT_LIMIT_MS + 15_000)
        } catch (error) {
          console.log(`| ${mode} | ${round} | ${error.message} | | | | | |`)
          continue
        }
        const errors = Object.entries(r.errors)
          .map(([k, v]) => `${k}×${v}`)
          .join(' ')
        console.log(
          `| ${mode === 'plain' ? 'plain fetch' : 'createFetch'} | ${round} | ${r.origin} | ${r.ok} / ${r.failed}${errors ? ` (${errors})` : ''}${r.wrong ? `, ${r.wrong} wrong` : ''}${r.timedOut ? ', TIMED OUT' : ''} | ` +
            `${r.wallMs.toFixed(0)} | ${r.p50?.toFixed(1)} | ${r.p99?.toFixed(1)} | ${r.maxRssMB} (${r.rssBeforeMB}) |`,
        )
      }
    }
    console.log(
      `\n## 2. The seed's shape: Map cache in front of the origin (0 ms latency), cold, ${SEED_CALLERS.toLocaleString('en')} concurrent callers\n`,
    )
    const { results: seed, roundTrip } = await child(['seed', String(origin.port)], CLIENT_LIMIT_MS + 15_000)
    const go = { 'without Group': '~20,000 (without singleflight)', 'with Group': '~47 (with singleflight)' }
    console.log(
      '| contestant | rounds | origin requests per round | ns per caller, median (min–max) | seed, Go ns/op |',
    )
    console.log('| --- | --- | --- | --- | --- |')
    for (const [name, rows] of Object.entries(seed)) {
      const ns = rows.map((r) => r.ns)
      const origins = [...new Set(rows.map((r) => r.origin))].join(', ')
      console.log(
        `| ${name} | ${rows.length} | ${origins} | ${median(ns).toFixed(0)} (${Math.min(...ns).toFixed(0)}–${Math.max(...ns).toFixed(0)}) | ${go[name]} |`,
      )
    }
    const ratio = median(seed['without Group'].map((r) => r.ns)) / median(seed['with Group'].map((r) => r.ns))
    console.log(
      `\nwithout / with Group, same run: ${ratio.toFixed(1)}× (the seed's Go figures: ~${Math.round(20_000 / 47)}×)`,
    )
    console.log(
      `one origin round trip alone, median: ${(roundTrip / 1000).toFixed(0)} µs (${(roundTrip / SEED_CALLERS).toFixed(0)} ns when shared by ${SEED_CALLERS} callers)`,
    )
  } finally {
    origin.proc.disconnect()
    clearTimeout(runTimer)
  }
}

const [role, ...args] = process.argv.slice(2)
if (role === 'origin') runOrigin()
else if (role === 'stampede') await runStampede(args[0], Number(args[1]), Number(args[2]))
else if (role === 'seed') await runSeed(Number(args[0]))
else await main()
