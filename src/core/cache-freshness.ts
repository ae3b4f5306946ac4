// When data stops being fresh: pure functions of the clock and the options,
// so they can be tested and simulated without a cache.

/**
 * freshWindow: how long a new answer stays fresh: `staleTime` moved by up to
 * ±`jitter` of itself, uniformly, so entries loaded together do not all
 * expire together (a stampede on the origin one `staleTime` later).
 *
 * @example
 * freshWindow({ staleTime: 60_000, jitter: 0.1, random: Math.random }) // 54_000 to 66_000
 */
export const freshWindow = (options: { staleTime: number; jitter: number; random: () => number }): number => {
  const { staleTime, jitter, random } = options
  if (jitter === 0 || staleTime === Infinity) return staleTime
  return staleTime * (1 + jitter * (2 * random() - 1))
}

/**
 * refreshesEarly: XFetch (Vattani, Chierichetti, Lowenstein, VLDB 2015).
 * A fresh hit starts one background reload when
 * `now − delta · beta · ln(random()) ≥ expiry`: likelier the closer the
 * expiry and the slower the last load (`delta`), so a popular key is
 * reloaded just before it expires instead of by every caller just after.
 *
 * @example
 * refreshesEarly({ now: 59_900, freshUntil: 60_000, lastDuration: 200, beta: 1, random: Math.random })
 */
export const refreshesEarly = (options: {
  now: number
  freshUntil: number
  lastDuration: number
  beta: number
  random: () => number
}): boolean => {
  const { now, freshUntil, lastDuration, beta, random } = options
  return beta > 0 && lastDuration > 0 && now - lastDuration * beta * Math.log(random()) >= freshUntil
}

/**
 * isFreshAt: whether data is fresh at `now`. Without `staleTime` the
 * entry's own (jittered) window decides; with it, fresh means "loaded
 * successfully, not invalidated since, and younger than `staleTime`".
 *
 * @example
 * isFreshAt({ now: 10_000, freshUntil: 5_000, updatedAt: 4_000, staleTime: 30_000 }) // true
 */
export const isFreshAt = (entry: {
  now: number
  freshUntil: number
  updatedAt: number
  staleTime: number | undefined
}): boolean =>
  entry.staleTime === undefined
    ? entry.now < entry.freshUntil
    : entry.freshUntil !== -Infinity && entry.now < entry.updatedAt + entry.staleTime
