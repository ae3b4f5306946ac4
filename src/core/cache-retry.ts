import type { CacheOptions, Fetcher } from './cache-types'
import type { Key } from './key'

/**
 * sleep resolves after `ms`, or rejects with `signal.reason` the moment
 * `signal` aborts; either way it leaves no timer or listener behind. Not
 * unref'd: a retry wait is work someone is waiting for.
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
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

/**
 * RetryPolicy: the cache's retry options, resolved.
 *
 * @example
 * const policy: RetryPolicy = { retry: 2, retryDelay: (failures) => 1000 * failures }
 */
export interface RetryPolicy {
  readonly retry: Required<CacheOptions>['retry']
  readonly retryDelay: (failures: number) => number
}

/**
 * fetchWithRetries calls `fetcher` until it succeeds or `policy` says stop.
 * It runs inside a flight, so retries happen once per flight whatever the
 * number of callers. A wait between attempts ends at once when `signal`
 * aborts (every caller left), and no attempt starts after that.
 *
 * @throws the last error, or a TypeError when `retryDelay` returns no valid delay.
 * @example
 * const user = await fetchWithRetries({ key, fetcher, signal, policy, onRetry: (failures, error, delay) => log(delay) })
 */
export const fetchWithRetries = async (options: {
  key: Key
  fetcher: Fetcher<unknown>
  signal: AbortSignal
  policy: RetryPolicy
  onRetry: (failures: number, error: unknown, delay: number) => void
}): Promise<unknown> => {
  const { key, fetcher, signal, policy, onRetry } = options
  const { retry, retryDelay } = policy
  for (let failures = 1; ; failures++) {
    try {
      return await fetcher(key, { signal })
    } catch (error) {
      if (signal.aborted || !(typeof retry === 'function' ? retry(failures, error) : failures <= retry)) throw error
      const delay = retryDelay(failures)
      if (typeof delay !== 'number' || !(delay >= 0)) throw new TypeError('oneflight: invalid retryDelay result')
      onRetry(failures, error, delay)
      await sleep(delay, signal)
    }
  }
}
