import { hashKey, type CallOptions, type FlightFn, type Key } from 'oneflight'
import type { TabGroup } from 'oneflight/tabs'
import { timeline } from './timeline'

// The bar of the load this tab waits for, one per in-tab flight of a key.
interface Bar {
  ref: string | number
  /** Callers of this tab still waiting for it. */
  waiting: number
}

let nextBar = 1

/**
 * watchTabGroup wraps a tab group so the timeline draws every load this tab
 * waits for, and marks the ones served by another tab. The library does not
 * say where a result came from, and with a tab group the cache reports no
 * `joined` for a caller served by another tab; but the flight's function runs
 * only in the tab that leads it. So a load whose function never ran here was
 * another tab's flight. The bar opens (marked remote) when the first caller
 * of this tab asks, turns into this tab's own flight the moment the function
 * runs here (the lead lock granted, at once or after a leader vanished), and
 * ends with the first answer (or as aborted once every caller left).
 *
 * @example
 * const cache = createCache({ group: watchTabGroup(createTabGroup({ name: 'oneflight-demo' })) })
 */
export const watchTabGroup = (group: TabGroup): TabGroup => {
  const bars = new Map<string, Bar>()

  const done = (hash: string, bar: Bar, outcome: 'ok' | 'error' | 'aborted'): void => {
    if (bars.get(hash) === bar) bars.delete(hash)
    timeline.end(bar.ref, outcome)
  }

  return {
    get crossTab() {
      return group.crossTab
    },
    get size() {
      return group.size
    },
    do<T>(key: Key, fn: FlightFn<T>, options?: CallOptions): Promise<T> {
      const hash = hashKey(key)
      let bar = bars.get(hash)
      if (!bar) {
        bar = { ref: timeline.start(String(key), `tab${nextBar++}`), waiting: 0 }
        timeline.mark(bar.ref, true)
        bars.set(hash, bar)
      }
      const own = bar
      own.waiting++
      // Only the first caller's function reaches the in-tab flight; it runs
      // only where the lead lock is held.
      const mine: FlightFn<T> = async (signal) => {
        timeline.mark(own.ref, false)
        // The bar ends when the data is here, not when the group's promise
        // settles: a leading tab first waits until every waiting tab has read
        // the result (the tab group's hand-over), which is no part of the load.
        try {
          const value = await fn(signal)
          timeline.end(own.ref, 'ok')
          return value
        } catch (error) {
          timeline.end(own.ref, signal.aborted ? 'aborted' : 'error')
          throw error
        }
      }
      const promise = group.do(key, mine, options)
      const settled = (outcome: 'ok' | 'error'): void => {
        own.waiting--
        // A caller that left on its own signal says nothing about the load.
        if (outcome === 'ok' || !options?.signal?.aborted) done(hash, own, outcome)
        else if (own.waiting === 0) done(hash, own, 'aborted')
      }
      promise.then(
        () => settled('ok'),
        () => settled('error'),
      )
      return promise
    },
    // Not used by the cache; passed through untracked.
    settle: (key, fn, options) => group.settle(key, fn, options),
    forget(key: Key): void {
      // The next call starts a new in-tab flight, so it gets a new bar; the
      // old bar still ends with its own callers.
      bars.delete(hashKey(key))
      group.forget(key)
    },
  }
}
