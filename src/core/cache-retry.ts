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
