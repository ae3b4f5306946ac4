import { internalsOf } from './cache-internals'
import type { Cache, EntryInfo } from './cache-types'
import { hashKey, type Key } from './key'

/**
 * DehydratedEntry: one entry of a `dehydrate` result: the key, its data and
 * when that data was written (`updatedAt`, on the clock of the cache it came from).
 *
 * @example
 * const entry: DehydratedEntry = { key: ['user', 1], data: { name: 'Ada' }, updatedAt: Date.now() }
 */
export interface DehydratedEntry {
  readonly key: Key
  readonly data: unknown
  readonly updatedAt: number
}

/**
 * DehydratedState: what `dehydrate` returns and `hydrate` reads. Plain data:
 * JSON-safe whenever every entry's data is.
 *
 * @example
 * const state: DehydratedState = dehydrate(cache)
 * const json = JSON.stringify(state)
 */
export interface DehydratedState {
  readonly entries: readonly DehydratedEntry[]
}

const fail = (problem: string): never => {
  throw new TypeError(`oneflight: hydrate: ${problem}`)
}

/**
 * dehydrate lists the entries of `cache` that hold data, with their
 * `updatedAt`, for a server to hand to the browser (a Next.js server
 * component passing it to `SingleflightProvider state={…}`, or JSON in the
 * page). Entries without data (idle, pending, an error with no data) are left
 * out. `filter` picks entries by their `EntryInfo` (`key`, `hash`,
 * `snapshot`, `staleAt`, …): return true to keep one. The data is the data a
 * reader of the cache sees (`cache.get(key).data`), as it is: not copied.
 *
 * @example
 * const cache = createCache()
 * await cache.fetch(['user', 1], () => getUser(1))
 * const state = dehydrate(cache, (info) => Array.isArray(info.key) && info.key[0] === 'user')
 * // state.entries: [{ key: ['user', 1], data: { name: 'Ada' }, updatedAt: 1764650000000 }]
 */
export const dehydrate = (cache: Cache, filter?: (info: EntryInfo) => boolean): DehydratedState => {
  if (filter !== undefined && typeof filter !== 'function') {
    throw new TypeError('oneflight: dehydrate: filter must be a function of EntryInfo')
  }
  const entries: DehydratedEntry[] = []
  for (const info of cache.inspect()) {
    const { data, updatedAt } = info.snapshot
    if (data === undefined || (filter && !filter(info))) continue
    entries.push({ key: info.key, data, updatedAt })
  }
  return { entries }
}

/**
 * readState checks that `state` is a `dehydrate` result and returns its
 * entries with their hashes; nothing is written. Used by `hydrate` and by the
 * React provider, which seeds some entries during render and others later.
 *
 * @throws TypeError naming the first problem.
 * @example
 * for (const { entry, hash } of readState(state)) console.log(hash, entry.updatedAt)
 */
export const readState = (state: unknown): { entry: DehydratedEntry; hash: string }[] => {
  if (typeof state !== 'object' || state === null) fail('state must be the object dehydrate returns')
  const entries = (state as { entries?: unknown }).entries
  if (!Array.isArray(entries)) fail('state.entries must be an array')
  return (entries as unknown[]).map((entry, index) => {
    const where = `state.entries[${index}]`
    if (typeof entry !== 'object' || entry === null) return fail(`${where} must be an object`)
    const { key, data, updatedAt } = entry as Partial<DehydratedEntry>
    let hash = ''
    try {
      hash = hashKey(key as Key)
    } catch (error) {
      fail(`${where}.key is not a valid key (${(error as Error).message})`)
    }
    if (data === undefined) fail(`${where}.data is undefined`)
    if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt) || updatedAt < 0) {
      fail(`${where}.updatedAt must be a finite number >= 0`)
    }
    return { entry: entry as DehydratedEntry, hash }
  })
}

/**
 * hydrate writes a `dehydrate` result into `cache`: each entry is written
 * with the server's `updatedAt` (so its freshness counts from when the server
 * loaded it, on this cache's clock), unless the cache already holds data at
 * least as new. Subscribers of a written key are notified, as for any write.
 * The whole state is checked before anything is written.
 *
 * @throws TypeError naming the problem when `state` is not a dehydrate result.
 * @example
 * const cache = createCache({ staleTime: 30_000 })
 * hydrate(cache, JSON.parse(document.getElementById('oneflight-state')!.textContent!))
 */
export const hydrate = (cache: Cache, state: DehydratedState): void => {
  const internals = internalsOf(cache)
  for (const { entry } of readState(state)) internals.hydrate(entry.key, entry.data, entry.updatedAt)
}
