import type { CacheOptions } from './cache-types'
import { Group } from './group'
import { fullJitter } from './cache-retry'

/** ResolvedOptions: CacheOptions checked, with every default filled in. */
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
}

const fail = (message: string): never => {
  throw new TypeError(`singleflight: createCache: ${message}`)
}

// A duration or count: a number >= 0, Infinity allowed (NaN is not).
const amount = (name: string, value: unknown, fallback: number, integer = false): number => {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    fail(`${name} must be a number >= 0, got ${String(value)}`)
  }
  if (integer && !Number.isInteger(value) && value !== Infinity) fail(`${name} must be a whole number, got ${value}`)
  return value as number
}

const fn = <F>(name: string, value: unknown, fallback: F): F => {
  if (value === undefined) return fallback
  return typeof value === 'function' ? (value as F) : fail(`${name} must be a function`)
}

/**
 * resolveOptions checks `createCache`'s options and fills in the defaults.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * resolveOptions({ staleTime: 1000 }).gcTime // 300_000
 */
export const resolveOptions = (options: CacheOptions | undefined): ResolvedOptions => {
  if (options === undefined) options = {}
  else if (options === null || typeof options !== 'object') fail('options must be an object')
  const o = options
  const jitter = amount('jitter', o.jitter, 0.1)
  if (jitter > 1) fail(`jitter must be between 0 and 1, got ${jitter}`)
  const earlyRefresh = amount('earlyRefresh', o.earlyRefresh, 0)
  if (earlyRefresh === Infinity) fail('earlyRefresh must be finite')
  const retry =
    typeof o.retry === 'function' ? o.retry : amount('retry', o.retry, 0, true)
  const random = fn('random', o.random, Math.random)
  const group = o.group ?? new Group()
  if (['do', 'settle', 'forget'].some((m) => typeof (group as unknown as Record<string, unknown>)[m] !== 'function')) {
    fail('group must have do, settle and forget methods')
  }
  return {
    staleTime: amount('staleTime', o.staleTime, 0),
    gcTime: amount('gcTime', o.gcTime, 300_000),
    maxEntries: amount('maxEntries', o.maxEntries, Infinity, true),
    jitter,
    earlyRefresh,
    retry,
    retryDelay: fn('retryDelay', o.retryDelay, fullJitter(random)),
    now: fn('now', o.now, Date.now),
    random,
    group,
  }
}
