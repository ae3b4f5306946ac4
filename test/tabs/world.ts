import { createTabGroupWith, type TabGroup } from '../../src/tabs/tab-group'
import { hashKey, type Key } from '../../src/core'
import { World } from './fakes'

export { World }

/** Tab: one simulated tab of a World running a cross-tab group. */
export interface Tab {
  readonly tab: number
  readonly group: TabGroup
}

/** openTabs opens `count` tabs of group `name`; flight ids are `t<tab>-<n>` so tests can forge them. */
export const openTabs = (world: World, count: number, name = 'app', drainMs?: number): Tab[] =>
  Array.from({ length: count }, () => {
    let n = 0
    const deps = world.deps(drainMs === undefined ? {} : { drainMs })
    const group = createTabGroupWith(name, { ...deps, newId: () => `t${deps.tab}-${++n}` })
    return { tab: deps.tab, group }
  })

/** idle lets every message, lock grant and callback that is due run; it never waits for time to pass. */
export const idle = async (): Promise<void> => {
  for (let i = 0; i < 40; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** leadLock is the lock name a group's leader holds for `key`. */
export const leadLock = (key: Key, name = 'app'): string => `oneflight:${encodeURIComponent(name)}:${hashKey(key)}`

/** counted wraps results in a fn that counts its calls and hands out `results` in order. */
export const counted = <T>(results: Array<Promise<T> | T>) => {
  const fn = Object.assign(
    (signal: AbortSignal): Promise<T> | T => {
      fn.signals.push(signal)
      const next = results[fn.calls++]
      if (next === undefined) throw new Error('fn called more often than the test allows')
      return next
    },
    { calls: 0, signals: [] as AbortSignal[] },
  )
  return fn
}
