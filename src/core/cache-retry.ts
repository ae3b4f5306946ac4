/**
 * fullJitter returns the default `retryDelay`: exponential backoff with full
 * jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): before
 * retry `failures`, wait a uniformly random time in
 * [0, min(30 s, 1 s · 2^(failures − 1))), so callers that failed together do
 * not come back together.
 *
 * @example
 * const delay = fullJitter(Math.random)
 * delay(1) // somewhere in [0, 1000)
 * delay(9) // somewhere in [0, 30000)
 */
export const fullJitter =
  (random: () => number) =>
  (failures: number): number =>
    random() * Math.min(30_000, 1000 * 2 ** (failures - 1))

/**
 * sleep resolves after `ms`, or rejects with `signal.reason` the moment
 * `signal` aborts; either way it leaves no timer or listener behind.
 *
 * @example
 * await sleep(1000, controller.signal)
 */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    // Not unref'd: a retry wait is work someone is waiting for.
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

/** RetryPolicy: what `withRetry` needs from the cache's options. */
export interface RetryPolicy {
  readonly retry: number | ((failures: number, error: unknown) => boolean)
  readonly retryDelay: (failures: number) => number
}

/**
 * withRetry runs `attempt` until it succeeds or `policy` says stop. It runs
 * inside one flight, so the retries happen once per flight whatever the number
 * of callers; a wait between attempts ends at once when `signal` (the flight's,
 * aborted when every caller left) aborts, and no attempt starts after that.
 *
 * @example
 * await withRetry(() => fetch(url, { signal }), signal, { retry: 3, retryDelay: () => 100 }, () => {})
 */
export const withRetry = async <T>(
  attempt: () => T | PromiseLike<T>,
  signal: AbortSignal,
  policy: RetryPolicy,
  onRetry: (failures: number, error: unknown, delay: number) => void,
): Promise<T> => {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt()
    } catch (error) {
      const { retry } = policy
      if (signal.aborted || !(typeof retry === 'function' ? retry(failures, error) : failures <= retry)) throw error
      const delay = policy.retryDelay(failures)
      if (typeof delay !== 'number' || !(delay >= 0)) {
        throw new TypeError(`singleflight: retryDelay must return a number >= 0, got ${String(delay)}`)
      }
      onRetry(failures, error, delay)
      await sleep(delay, signal)
    }
  }
}
