import { createContext, createElement, useContext, useMemo, useRef, type ReactElement, type ReactNode } from 'react'
import { createCache, type Cache, type Key } from '../core'
import { DefaultsContext } from './defaults'
import type { SingleflightDefaults } from './types'

const Context = createContext<Cache | undefined>(undefined)

// The cache of hooks without a provider, created by the first hook that
// needs it: importing this module runs nothing.
let fallback: Cache | undefined

/**
 * useCache returns the cache of the nearest `SingleflightProvider`, or the
 * module-level default cache when there is none.
 *
 * @example
 * const cache = useCache()
 * const onSave = (user: User) => cache.set(['user', user.id], user)
 */
export function useCache(): Cache {
  return useContext(Context) ?? (fallback ??= createCache())
}

/**
 * SingleflightProviderProps: the props of `SingleflightProvider`.
 *
 * @example
 * const props: SingleflightProviderProps = { cache: createCache({ staleTime: 10_000 }), initialData: [['user', user]] }
 */
export interface SingleflightProviderProps {
  /** The cache the hooks below use; default: a new cache for this provider. */
  cache?: Cache
  /** Entries put into the cache before the first render (SSR hydration); never overwrites data the cache already has. */
  initialData?: Iterable<readonly [Key, unknown]>
  /** Defaults for every `useSingleflight` below (a hook's own options win), merged over those of a provider above. */
  options?: SingleflightDefaults
  children?: ReactNode
}

const seed = (cache: Cache, entries: Iterable<readonly [Key, unknown]>): void => {
  if (entries == null || typeof (entries as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError('oneflight: initialData must be an iterable of [key, data] pairs')
  }
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new TypeError('oneflight: every initialData entry must be a [key, data] pair')
    }
    const [key, data] = entry as readonly [Key, unknown]
    // Data the cache already has is newer than what the server rendered with.
    if (data !== undefined && cache.get(key)?.data === undefined) cache.set(key, data)
  }
}

/**
 * SingleflightProvider gives the hooks below it a cache: the one passed in,
 * or one of its own. `initialData` is written into that cache during the
 * first render, so the server HTML and the first client render (hydration)
 * show the same data.
 *
 * @example
 * <SingleflightProvider initialData={[[['user', 1], user]]}>
 *   <Profile id={1} />
 * </SingleflightProvider>
 */
export function SingleflightProvider(props: SingleflightProviderProps): ReactElement {
  const own = useRef<Cache | undefined>(undefined)
  const cache = props.cache ?? (own.current ??= createCache())
  const seeded = useRef<Cache | undefined>(undefined)
  if (props.initialData !== undefined && seeded.current !== cache) {
    seed(cache, props.initialData)
    seeded.current = cache
  }
  const outer = useContext(DefaultsContext)
  const inner = props.options
  const options = useMemo(() => (inner && outer ? { ...outer, ...inner } : (inner ?? outer)), [outer, inner])
  return createElement(
    Context.Provider,
    { value: cache },
    createElement(DefaultsContext.Provider, { value: options }, props.children),
  )
}
