import { vi } from 'vitest'

/**
 * ReportedWatch: the errors the library reported as uncaught (its
 * `reportLater` rethrows them in a microtask) while the watch is on.
 */
export interface ReportedWatch {
  /** The errors so far, in order. */
  readonly errors: unknown[]
  /** Puts `queueMicrotask` back. */
  stop(): void
}

/**
 * watchReported makes every queued microtask run in a microtask of its own
 * that catches what it throws, so a test sees what a faulty listener or
 * callback reported, while nothing else changes order.
 */
export const watchReported = (): ReportedWatch => {
  const errors: unknown[] = []
  const original = globalThis.queueMicrotask
  const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) =>
    original(() => {
      try {
        task()
      } catch (error) {
        errors.push(error)
      }
    }),
  )
  return { errors, stop: () => spy.mockRestore() }
}
