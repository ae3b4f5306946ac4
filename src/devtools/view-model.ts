import type { EntryInfo, Key } from '../core'

/**
 * EntryRow: what the panel shows of one cache entry, as text; made from
 * `cache.inspect()` and the cache's clock, without a DOM.
 *
 * @example
 * const rows = cache.inspect().map((info) => entryRow(info, Date.now()))
 */
export interface EntryRow {
  readonly hash: string
  readonly key: Key
  /** The key as the panel prints it. */
  readonly keyText: string
  /** The snapshot's status, `'fetching'` added while a load runs with data already there. */
  readonly status: 'idle' | 'pending' | 'success' | 'error' | 'fetching'
  readonly observers: number
  readonly mutations: number
  readonly freshness: 'fresh' | 'stale'
  /** e.g. `fresh 4.2 s`, `stale`, `fresh ∞`. */
  readonly countdown: string
  /** The data as one line of JSON, cut at `PREVIEW_LENGTH` characters. */
  readonly preview: string
}

/** PREVIEW_LENGTH: characters of the one-line data preview. */
export const PREVIEW_LENGTH = 80

/**
 * formatDuration prints a duration in ms the short way a countdown needs.
 *
 * @example
 * formatDuration(4_230) // '4.2 s'
 * formatDuration(125_000) // '2 min 5 s'
 */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms)) return '∞'
  const value = Math.max(0, ms)
  if (value < 1000) return `${Math.floor(value)} ms`
  if (value < 10_000) return `${(Math.floor(value / 100) / 10).toFixed(1)} s`
  const seconds = Math.floor(value / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
}

/**
 * countdown says whether data is fresh, and for how long still, from the
 * entry's `staleAt` and `now`, both on the cache's clock.
 *
 * @example
 * countdown(10_000, 5_800) // { freshness: 'fresh', text: 'fresh 4.2 s' }
 * countdown(-Infinity, 5_800) // { freshness: 'stale', text: 'stale' }
 */
export const countdown = (staleAt: number, now: number): { freshness: 'fresh' | 'stale'; text: string } =>
  staleAt > now
    ? { freshness: 'fresh', text: `fresh ${formatDuration(staleAt - now)}` }
    : { freshness: 'stale', text: 'stale' }

// JSON.stringify with what JSON can't say made visible instead of thrown or dropped.
const replacer = (): ((this: unknown, name: string, value: unknown) => unknown) => {
  const ancestors: unknown[] = []
  return function (this: unknown, _name, value) {
    if (typeof value === 'bigint') return `${value}n`
    if (typeof value === 'function') return `ƒ ${value.name || 'anonymous'}()`
    if (typeof value === 'symbol') return value.toString()
    if (value instanceof Error) return `${value.name}: ${value.message}`
    if (typeof value !== 'object' || value === null) return value
    // `this` is the object holding `value`: unwind the path to it, then look for a cycle.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop()
    if (ancestors.includes(value)) return '[circular]'
    ancestors.push(value)
    return value
  }
}

/**
 * toJson prints any value as JSON, safely: cycles, `bigint`, functions,
 * symbols and errors come out as readable strings, `undefined` as `undefined`,
 * and the text is cut to `maxLength` characters (with `…`).
 *
 * @example
 * toJson({ id: 1, tags: ['a'] }) // '{"id":1,"tags":["a"]}'
 * toJson(user, { indent: 2, maxLength: 4000 })
 */
export const toJson = (value: unknown, { indent = 0, maxLength = Infinity } = {}): string => {
  let text: string
  try {
    text = JSON.stringify(value, replacer(), indent) ?? String(value)
  } catch (error) {
    text = `[not printable: ${error instanceof Error ? error.message : String(error)}]`
  }
  return text.length > maxLength ? `${text.slice(0, Math.max(0, maxLength - 1))}…` : text
}

// Previews of objects already printed: data keeps its identity while it is unchanged.
const previews = new WeakMap<object, string>()

/**
 * previewText: the data as one line of JSON cut at `PREVIEW_LENGTH`, printed
 * once per data object (the next call with the same object is a lookup).
 *
 * @example
 * previewText({ id: 1 }) // '{"id":1}'
 */
export const previewText = (data: unknown): string => {
  if (data === undefined) return ''
  if (typeof data !== 'object' || data === null) return toJson(data, { maxLength: PREVIEW_LENGTH })
  let text = previews.get(data)
  if (text === undefined) previews.set(data, (text = toJson(data, { maxLength: PREVIEW_LENGTH })))
  return text
}

/**
 * keyText prints a cache key: a string as it is, anything else as JSON.
 *
 * @example
 * keyText('/api/user/1') // '/api/user/1'
 * keyText(['user', 1]) // '["user",1]'
 */
export const keyText = (key: Key): string => (typeof key === 'string' ? key : toJson(key))

/**
 * entryRow turns one `inspect()` entry into the panel's row.
 *
 * @example
 * entryRow(cache.inspect()[0]!, Date.now()).countdown // 'fresh 12 s'
 */
export const entryRow = (info: EntryInfo, now: number): EntryRow => {
  const { snapshot } = info
  const { freshness, text } = countdown(info.staleAt, now)
  const loaded = snapshot.status === 'success' || snapshot.status === 'error'
  return {
    hash: info.hash,
    key: info.key,
    keyText: keyText(info.key),
    status: snapshot.isFetching && loaded ? 'fetching' : snapshot.status,
    observers: info.observers,
    mutations: info.mutations,
    freshness,
    countdown: snapshot.updatedAt === 0 && freshness === 'stale' ? 'no data' : text,
    preview: previewText(snapshot.data),
  }
}
