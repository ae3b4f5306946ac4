import { useEffect, useRef } from 'react'
import { hashKey, type Cache, type DehydratedState, type Key } from '../core'
import { internalsOf } from '../core/cache-internals'
import { readState } from '../core/hydrate'

type Pairs = Iterable<readonly [Key, unknown]>

const readPairs = (pairs: Pairs): { key: Key; data: unknown; hash: string }[] => {
  if (pairs == null || typeof (pairs as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError('oneflight: initialData must be an iterable of [key, data] pairs')
  }
  return Array.from(pairs, (pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError('oneflight: every initialData entry must be a [key, data] pair')
    }
    const [key, data] = pair as readonly [Key, unknown]
    return { key, data, hash: hashKey(key) }
  })
}

// The hashes of the keys somebody subscribes to right now.
const observedKeys = (cache: Cache): Set<string> => {
  const observed = new Set<string>()
  for (const info of cache.inspect()) if (info.observers > 0) observed.add(info.hash)
  return observed
}

/**
 * useSeed writes a provider's `state` (a `dehydrate` result) and
 * `initialData` pairs into its cache without notifying anybody while React
 * renders: an entry nobody subscribes to is written at once (nobody to
 * notify, and the first render below already reads it: the server HTML and
 * the hydrating client agree), an observed one once the render is committed.
 * Neither overwrites newer data: `state` entries by their `updatedAt`, pairs
 * only where the cache has no data. `state` is written again whenever a new
 * state object (or cache) comes in; pairs once per cache.
 *
 * @example
 * useSeed(cache, props.state, props.initialData)
 */
export const useSeed = (cache: Cache, state: DehydratedState | undefined, pairs: Pairs | undefined): void => {
  const seeded = useRef<{ cache?: Cache; state?: DehydratedState; pairsCache?: Cache }>({})
  const later = useRef<(() => void)[]>([])
  const last = seeded.current
  const writeState = state !== undefined && (last.cache !== cache || last.state !== state)
  const writePairs = pairs !== undefined && last.pairsCache !== cache
  if (writeState || writePairs) {
    const entries = writeState ? readState(state) : []
    const pairList = writePairs ? readPairs(pairs) : []
    const internals = internalsOf(cache)
    const observed = observedKeys(cache)
    for (const { entry, hash } of entries) {
      const write = () => void internals.hydrate(entry.key, entry.data, entry.updatedAt)
      if (observed.has(hash)) later.current.push(write)
      else write()
    }
    for (const { key, data, hash } of pairList) {
      if (data === undefined) continue
      // Data the cache already has is newer than what the server rendered with.
      const write = () => void (cache.get(key)?.data === undefined && internals.hydrate(key, data, internals.now()))
      if (observed.has(hash)) later.current.push(write)
      else write()
    }
    seeded.current = { cache, state, pairsCache: writePairs ? cache : last.pairsCache }
  }
  // A passive effect, as TanStack's HydrationBoundary uses: a layout effect
  // would save one frame of older data for observed keys, but React 18 warns
  // about it in every server render made where a DOM exists (jsdom tests).
  // On the server no effect runs, and nobody subscribes there anyway.
  useEffect(() => {
    if (!later.current.length) return
    const writes = later.current
    later.current = []
    for (const write of writes) write()
  })
}
