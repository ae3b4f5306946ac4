import { createContext, createElement, useContext, useMemo, useRef, type ReactElement, type ReactNode } from 'react'
import { createCache, type Cache, type DehydratedState, type Key } from '../core'
import { useSeed } from './seed'
import type { SingleflightDefaults } from './types'

/**
 * Scope: what the nearest `SingleflightProvider` gives the hooks below it:
 * its cache, and its options merged over those of the providers above it.
 * One context, so a hook reads both with one `useContext`.
 */
interface Scope {
  readonly cache: Cache
  readonly defaults: SingleflightDefaults | undefined
}

const Context = createContext<Scope | undefined>(undefined)
// The cache alone, for `useCache`: its users re-render only when the cache
// changes, not when the provider is given new options.
const CacheContext = createContext<Cache | undefined>(undefined)

// The cache of hooks without a provider, created by the first hook that
// needs it: importing this module runs nothing.
let fallback: Scope | undefined

/**
 * useCache returns the cache of the nearest `SingleflightProvider`, or the
 * module-level default cache when there is none.
 *
 * @example
 * const cache = useCache()
 * const onSave = (user: User) => cache.set(['user', user.id], user)
 */
export function useCache(): Cache {
  return useContext(CacheContext) ?? scopeWithout().cache
}

/**
 * useScope returns the nearest provider's cache and options (without a
 * provider: the module-level cache, no options).
 *
 * @example
 * const { cache, defaults } = useScope()
 */
export function useScope(): Scope {
  return useContext(Context) ?? scopeWithout()
}

const scopeWithout = (): Scope => (fallback ??= { cache: createCache(), defaults: undefined })

/**
 * SingleflightProviderProps: the props of `SingleflightProvider`.
 *
 * @example
 * const props: SingleflightProviderProps = { cache: createCache({ staleTime: 10_000 }), state: dehydrate(serverCache) }
 */
export interface SingleflightProviderProps {
  /** The cache the hooks below use; default: a new cache for this provider. */
  cache?: Cache
  /**
   * A `dehydrate` result (from the server) written into the cache, each entry
   * with its server `updatedAt`; never overwrites newer data. A new state
   * object is written too.
   */
  state?: DehydratedState
  /** [key, data] pairs written into the cache where it has no data for the key (SSR hydration), once per cache. */
  initialData?: Iterable<readonly [Key, unknown]>
  /** Defaults for every `useSingleflight` below (a hook's own options win), merged over those of a provider above. */
  options?: SingleflightDefaults
  children?: ReactNode
}

/**
 * SingleflightProvider gives the hooks below it a cache: the one passed in,
 * or one of its own. `state` (what `dehydrate` made on the server) and
 * `initialData` are written into that cache before the hooks below render,
 * so the server HTML and the first client render (hydration) show the same
 * data. Seeding never notifies a component during render: entries somebody
 * already observes are written once the render is committed.
 *
 * @example
 * <SingleflightProvider state={dehydrate(serverCache)}>
 *   <Profile id={1} />
 * </SingleflightProvider>
 */
export function SingleflightProvider(props: SingleflightProviderProps): ReactElement {
  const own = useRef<Cache | undefined>(undefined)
  const cache = props.cache ?? (own.current ??= createCache())
  useSeed(cache, props.state, props.initialData)
  const outer = useContext(Context)?.defaults
  const inner = props.options
  const scope = useMemo(
    () => ({ cache, defaults: inner && outer ? { ...outer, ...inner } : (inner ?? outer) }),
    [cache, outer, inner],
  )
  return createElement(
    CacheContext.Provider,
    { value: cache },
    createElement(Context.Provider, { value: scope }, props.children),
  )
}
