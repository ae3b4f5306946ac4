/**
 * Records what Node reports as unhandled rejections while the watch is on,
 * instead of letting vitest fail the run for them: tests of "a failure
 * nobody handles is reported" need to see those reports. `stop()` puts
 * vitest's own listeners back.
 */
export interface UnhandledWatch {
  /** The reasons reported so far, in order; one entry per unhandled promise. */
  readonly reasons: unknown[]
  /** Lets Node's rejection tracking run (it reports after the microtask queue drains), then stops watching. */
  stop(): Promise<unknown[]>
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export const watchUnhandled = (): UnhandledWatch => {
  const saved = process.listeners('unhandledRejection')
  process.removeAllListeners('unhandledRejection')
  const reasons: unknown[] = []
  const listener = (reason: unknown): void => void reasons.push(reason)
  process.on('unhandledRejection', listener)
  return {
    reasons,
    async stop() {
      for (let i = 0; i < 3; i++) await turn()
      process.off('unhandledRejection', listener)
      for (const other of saved) process.on('unhandledRejection', other)
      return reasons
    },
  }
}
