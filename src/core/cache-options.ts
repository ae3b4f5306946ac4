import type { CacheOptions } from './cache-types'
import { Group } from './group'

/**
 * bad throws the TypeError for an invalid argument or option, naming it.
 *
 * @example
 * if (typeof listener !== 'function') bad('listener')
 */
export const bad = (name: string): never => {
  throw new TypeError(`oneflight: invalid ${name}`)
}

/** isFn: the check of a function option. @example isFn(() => 1) // true */
export const isFn = (value: unknown): boolean => typeof value === 'function'

/**
 * readOptions checks `createCache`'s options and fills in the defaults. A
 * tuple, not an object: its parts become local variables of the cache, which
 * minify to one letter each.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * const [staleTime, gcTime] = readOptions({ staleTime: 1000 }) // 1000, 300_000
 */
export const readOptions = (options: CacheOptions = {}) => {
  if (options === null || typeof options !== 'object') bad('options')
  // An option: the default when undefined; a function where the default is
  // one; else a number in [0, max], whole if `whole` (Infinity passes both).
  const read = <V>(name: keyof CacheOptions, fallback: V, max = Infinity, whole?: 1): V => {
    const v = options[name] as unknown
    if (v === undefined) return fallback
    if (isFn(fallback) ? !isFn(v) : typeof v !== 'number' || !(v >= 0 && v <= max) || (whole && v % 1)) bad(name)
    return v as V
  }
  const jitter = read<number>('jitter', 0.1, 1)
  const earlyRefresh = read('earlyRefresh', 0, Number.MAX_VALUE)
  const retry = isFn(options.retry) ? options.retry! : read('retry', 0, Infinity, 1)
  const random = read('random', Math.random)
  const group = options.group ?? new Group()
  if (!['do', 'settle', 'forget'].every((m) => isFn((group as unknown as Record<string, unknown>)[m]))) bad('group')
  return [
    read('staleTime', 0),
    read('gcTime', 300_000),
    read('maxEntries', Infinity, Infinity, 1),
    jitter,
    earlyRefresh,
    retry,
    // Full-jitter exponential backoff (AWS Architecture Blog, "Exponential
    // Backoff and Jitter"): callers that failed together don't come back together.
    read('retryDelay', (failures: number) => random() * Math.min(30_000, 1000 * 2 ** (failures - 1))),
    read('now', Date.now),
    random,
    group,
  ] as const
}
