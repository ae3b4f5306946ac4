// Expiry stampede simulation for createCache. Pure simulation: an
// injected clock advanced in 100 ms steps, no sleeping. 10,000 keys are loaded
// together at t = 0 (staleTime 60 s), then steady random traffic (uniform over
// the keys) runs for 10 simulated minutes; the origin takes 100–1,000 ms per
// load. Printed: the largest number of origin loads started in any one
// simulated second after the initial load, for plain TTLs, jitter, and jitter
// + XFetch early refresh. Deterministic: seeded random numbers.
import { createCache } from '../dist/index.js'
import { machine, printTable, seededRandom } from './harness.mjs'

const KEYS = 10_000
const STALE = 60_000
const STEP = 100 // ms of simulated time per step
const END = 10 * 60_000 // 10 simulated minutes
const RATE = Number(process.env.CACHE_BENCH_RATE ?? 10_000) // requests per simulated second

const drain = () => new Promise((resolve) => setImmediate(resolve))

const simulate = async ({ jitter, earlyRefresh }) => {
  let t = 0
  const cache = createCache({
    staleTime: STALE,
    gcTime: Infinity,
    jitter,
    earlyRefresh,
    now: () => t,
    random: seededRandom(1),
  })
  const traffic = seededRandom(2)
  const slowness = seededRandom(3)
  const keys = Array.from({ length: KEYS }, (_, i) => `item-${i}`)
  const perSecond = new Array(END / 1000 + 1).fill(0)
  const due = new Map() // step index -> resolvers of loads finishing then
  let fetcherCalls = 0
  const fetcher = (key) => {
    fetcherCalls++
    perSecond[Math.floor(t / 1000)]++
    const step = t / STEP + Math.ceil((100 + slowness() * 900) / STEP)
    return new Promise((resolve) => {
      const list = due.get(step)
      if (list) list.push(() => resolve(key))
      else due.set(step, [() => resolve(key)])
    })
  }
  let started = 0
  let waited = 0
  cache.on((e) => {
    if (e.type === 'started') {
      started++
      if (!e.background && e.at > 0) waited++ // a caller met a miss (after the cold start)
    } else if (e.type === 'joined' && e.at > 0) waited++
  })
  const wall = performance.now()
  const perStep = (RATE * STEP) / 1000
  for (const key of keys) cache.fetch(key, fetcher)
  for (let step = 0; step * STEP <= END; step++) {
    t = step * STEP
    for (const resolve of due.get(step) ?? []) resolve()
    due.delete(step)
    await drain()
    if (step === 0) continue
    for (let i = 0; i < perStep; i++) cache.fetch(keys[Math.floor(traffic() * KEYS)], fetcher)
    await drain()
  }
  const ms = performance.now() - wall
  if (started !== fetcherCalls) throw new Error(`started events ${started} != fetcher calls ${fetcherCalls}`)
  if (perSecond[0] !== KEYS) throw new Error(`second 0 had ${perSecond[0]} loads, expected ${KEYS}`)
  let max = 0
  let at = 0
  for (let s = 1; s < perSecond.length; s++) if (perSecond[s] > max) ((max = perSecond[s]), (at = s))
  return { max, at, total: fetcherCalls, waited, ms }
}

const configs = [
  ['plain TTL (jitter 0)', { jitter: 0, earlyRefresh: 0 }],
  ['jitter 0.1', { jitter: 0.1, earlyRefresh: 0 }],
  ['jitter 0.1 + earlyRefresh 1', { jitter: 0.1, earlyRefresh: 1 }],
]

console.log(`bench/cache — ${machine()}`)
console.log(`${KEYS} keys loaded at t = 0, staleTime ${STALE / 1000} s, ${RATE} requests/s uniform over the keys,`)
console.log(`origin 100–1000 ms per load, ${END / 60_000} simulated minutes in ${STEP} ms steps\n`)
const results = []
for (const [, options] of configs) results.push(await simulate(options))
printTable(
  [
    'config',
    'max origin loads in one second (after t = 0)',
    'at second',
    'total loads',
    'requests that waited on a miss',
    'wall time',
  ],
  configs.map(([name], i) => {
    const r = results[i]
    return [name, r.max, r.at, r.total, r.waited, `${(r.ms / 1000).toFixed(1)} s`]
  }),
)
console.log(
  `\nspike vs plain TTL: jitter ${(results[0].max / results[1].max).toFixed(1)}× lower, jitter + early refresh ${(results[0].max / results[2].max).toFixed(1)}× lower`,
)
