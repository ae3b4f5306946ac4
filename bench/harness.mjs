// The helpers every bench shares: interleaved rounds with a rotating start, warm-up rounds that
// are measured and thrown away, a time budget, medians and same-round ratios, a machine line, a
// seeded random generator and Markdown tables. A bench supplies what it measures; this file decides
// how it is repeated and summarized, so every bench reports the same way.
import os from 'node:os'

/** median returns the middle value (the upper one of the two for an even count). */
export const median = (values) => {
  if (values.length === 0) throw new Error('median of no values')
  return [...values].sort((a, b) => a - b)[values.length >> 1]
}

/**
 * interleave measures every contestant once per round, in an order that rotates each round (round
 * r starts with contestant r), so no contestant always runs first or last on a warming or cooling
 * machine. It runs `warmup` rounds it throws away, then up to `rounds` rounds, stopping early once
 * `budgetMs` has passed since it started (at least one measured round is required). Before each
 * measurement it asks for a full GC when Node runs with --expose-gc.
 *
 * Returns `{ samples, rounds }`: `samples[name][i]` is what `measure(name)` returned in measured
 * round i, so values at one index come from the same round.
 */
export const interleave = async ({ names, measure, rounds, warmup, budgetMs = Infinity }) => {
  const started = Date.now()
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  let measured = 0
  for (let round = 0; round < warmup + rounds && Date.now() - started < budgetMs; round++) {
    const results = {}
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]
      globalThis.gc?.()
      results[name] = await measure(name)
    }
    if (round < warmup) continue
    for (const name of names) samples[name].push(results[name])
    measured++
  }
  if (measured === 0) throw new Error(`no measured round within the ${budgetMs} ms budget`)
  return { samples, rounds: measured }
}

/**
 * ratiosTo divides each contestant's value by the baseline's value of the same round, after
 * `pick` chose the number to compare from a sample (default: the sample itself).
 */
export const ratiosTo = (samples, baseline, pick = (sample) => sample) =>
  Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      list.map((sample, round) => pick(sample) / pick(samples[baseline][round])),
    ]),
  )

/** machine describes where a bench ran: Node version, CPU model and count, platform. */
export const machine = () =>
  `Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, ${os.platform()} ${os.arch()}`

/** seededRandom returns a deterministic generator of numbers in [0, 1) (mulberry32). */
export const seededRandom = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
}

/**
 * printTable prints a Markdown table; the first column is left-aligned, the others right-aligned
 * unless `align` (one of 'left' | 'right' per column) says otherwise.
 */
export const printTable = (headers, rows, align = headers.map((_, i) => (i === 0 ? 'left' : 'right'))) => {
  console.log(`| ${headers.join(' | ')} |`)
  console.log(`| ${align.map((side) => (side === 'right' ? '---:' : '---')).join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}
