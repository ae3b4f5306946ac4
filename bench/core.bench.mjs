// bench/core: what a caller costs in Group#do against a bare Map deduper (the
// floor) and the peers, measured in one process, contestants interleaved over
// rounds with a rotating start. Every burst checks that the work ran exactly
// once per flight. Prints ns per caller and the median ratio to the floor.
import { coalesceAsync } from 'promise-coalesce'
import pMemoize from 'p-memoize'
import { createCache } from 'async-cache-dedupe'
import { Group } from '../dist/index.js'
import { interleave, machine, median, printTable, ratiosTo } from './harness.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 15)
const WARMUP = 3
const BUDGET_MS = 120_000 // a hard bound on the whole run

let runs = 0
const work = (key) => {
  runs++
  return Promise.resolve(key)
}

// The floor: the smallest correct in-flight Map a hand-rolled app would
// write, called the way Group#do and promise-coalesce are: key plus a closure.
const floor = () => {
  const inflight = new Map()
  const dedupe = (key, fn) => {
    let p = inflight.get(key)
    if (p) return p
    p = fn()
    inflight.set(key, p)
    const drop = () => inflight.delete(key)
    p.then(drop, drop)
    return p
  }
  return (key) => dedupe(key, () => work(key))
}

const contestants = {
  'Map<string, Promise> (floor)': floor,
  'Group#do': () => {
    const group = new Group()
    return (key) => group.do(key, () => work(key))
  },
  'promise-coalesce': () => (key) => coalesceAsync(key, () => work(key)),
  'p-memoize (cache: false)': () => pMemoize(work, { cache: false }),
  'async-cache-dedupe (ttl: 0)': () => {
    const cache = createCache({ ttl: 0 })
    cache.define('load', work)
    return (key) => cache.load(key)
  },
}

const scenarios = [
  { name: '(a) 1,000 callers of one key', bursts: 200, keys: Array.from({ length: 1000 }, () => 'user:1'), flights: 1 },
  {
    name: '(b) 10,000 distinct keys',
    bursts: 10,
    keys: Array.from({ length: 10_000 }, (_, i) => `user:${i}`),
    flights: 10_000,
  },
]

const measure = async (make, scenario) => {
  const call = make()
  const t0 = process.hrtime.bigint()
  for (let b = 0; b < scenario.bursts; b++) {
    runs = 0
    const calls = new Array(scenario.keys.length)
    for (let i = 0; i < scenario.keys.length; i++) calls[i] = call(scenario.keys[i])
    await Promise.all(calls)
    if (runs !== scenario.flights) throw new Error(`work ran ${runs} times in a burst, expected ${scenario.flights}`)
  }
  const ns = Number(process.hrtime.bigint() - t0)
  return ns / (scenario.bursts * scenario.keys.length)
}

console.log(`bench/core — ${new Date().toISOString().slice(0, 10)}, ${machine()}`)
console.log(`${ROUNDS} rounds after ${WARMUP} warm-up rounds, contestants interleaved with a rotating start\n`)
const names = Object.keys(contestants)
for (const scenario of scenarios) {
  const { samples, rounds } = await interleave({
    names,
    rounds: ROUNDS,
    warmup: WARMUP,
    budgetMs: BUDGET_MS,
    measure: (name) => measure(contestants[name], scenario),
  })
  const ratios = ratiosTo(samples, names[0])
  console.log(`${scenario.name} (${rounds} rounds)`)
  printTable(
    ['contestant', 'ns per caller (median)', '× floor (median of same-round ratios)'],
    names.map((name) => [name, median(samples[name]).toFixed(1), `${median(ratios[name]).toFixed(2)}×`]),
  )
  console.log('')
}
