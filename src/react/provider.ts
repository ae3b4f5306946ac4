import { createContext, createElement, useContext, useRef, type ReactElement, type ReactNode } from 'react'
import { createCache, type Cache, type DehydratedState, type Key } from '../core'
import { useSeed } from './seed'

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
  return createElement(Context.Provider, { value: cache }, props.children)
}
