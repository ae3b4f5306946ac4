import { resolveEnvironment } from './environment'
import { shareStructure } from './cache-share'
import type { CacheOptions, Environment } from './cache-types'
import { Group } from './group'
import { fail } from './invalid'

// The cache modules take `fail` from here, with the option helpers.
export { fail } from './invalid'

/** isFunction: the check of a function option. @example isFunction(() => 1) // true */
export const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function'

/**
 * ResolvedOptions: `createCache`'s options, checked, with defaults filled in.
 *
 * @example
 * const { staleTime, gcTime } = readOptions({ staleTime: 1000 }) // 1000, 300_000
 */
export interface ResolvedOptions {
  readonly staleTime: number
  readonly gcTime: number
  readonly maxEntries: number
  readonly jitter: number
  readonly earlyRefresh: number
  readonly retry: number | ((failures: number, error: unknown) => boolean)
  readonly retryDelay: (failures: number) => number
  readonly now: () => number
  readonly random: () => number
  readonly group: Required<CacheOptions>['group']
  readonly structuralSharing: (previous: unknown, next: unknown) => unknown
  readonly environment: Environment
}

const keepNext = (_previous: unknown, next: unknown): unknown => next

/**
 * readOptions checks `createCache`'s options and fills in the defaults.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * const { staleTime, gcTime } = readOptions({ staleTime: 1000 }) // 1000, 300_000
 */
export const readOptions = (options: CacheOptions = {}): ResolvedOptions => {
  if (options === null || typeof options !== 'object') fail('options')
  // An option: the default when undefined; a function where the default is
  // one; else a number in [0, max], whole if `whole` (Infinity passes both).
  const read = <V>(name: keyof CacheOptions, fallback: V, max = Infinity, whole = false): V => {
    const value = options[name] as unknown
    if (value === undefined) return fallback
    const valid = isFunction(fallback)
      ? isFunction(value)
      : typeof value === 'number' && value >= 0 && value <= max && !(whole && value % 1)
    if (!valid) fail(name)
    return value as V
  }
  const random = read('random', Math.random)
  const group = options.group ?? new Group()
  if (
    !['do', 'settle', 'forget'].every((method) => isFunction((group as unknown as Record<string, unknown>)[method]))
  ) {
    fail('group')
  }
  const sharing = options.structuralSharing ?? true
  if (typeof sharing !== 'boolean' && !isFunction(sharing)) fail('structuralSharing')
  return {
    staleTime: read('staleTime', 0),
    gcTime: read('gcTime', 300_000),
    maxEntries: read('maxEntries', Infinity, Infinity, true),
    jitter: read('jitter', 0.1, 1),
    earlyRefresh: read('earlyRefresh', 0, Number.MAX_VALUE),
    retry: isFunction(options.retry) ? options.retry : read('retry', 0, Infinity, true),
    // Full-jitter exponential backoff (AWS Architecture Blog, "Exponential
    // Backoff and Jitter"): callers that failed together don't come back together.
    retryDelay: read('retryDelay', (failures: number) => random() * Math.min(30_000, 1000 * 2 ** (failures - 1))),
    now: read('now', Date.now),
    random,
    group,
    structuralSharing: sharing === true ? shareStructure : sharing === false ? keepNext : sharing,
    environment: resolveEnvironment(options.environment),
  }
}
