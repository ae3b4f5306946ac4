/**
 * The page's own counters, next to the origin's: how often components asked
 * for data, and how many requests the page actually put on the network.
 */

/**
 * PageCounts: a snapshot of the page's counters.
 *
 * @example
 * const { asked, sent }: PageCounts = counters.read()
 */
export interface PageCounts {
  /** Times a component asked for a resource: on mount, and on each refetch it made itself. */
  asked: number
  /** Requests this page handed to the browser's `fetch`. */
  sent: number
}

let counts: PageCounts = { asked: 0, sent: 0 }

/**
 * counters holds the page's counts; the view polls `read()` (a stampede bumps
 * them a thousand times in a frame, far more often than anyone can read).
 *
 * @example
 * counters.ask(2) // a component asked for two resources
 * counters.read().asked
 */
export const counters = {
  ask(n = 1): void {
    counts = { ...counts, asked: counts.asked + n }
  },
  send(): void {
    counts = { ...counts, sent: counts.sent + 1 }
  },
  reset(): void {
    counts = { asked: 0, sent: 0 }
  },
  read: (): PageCounts => counts,
}
