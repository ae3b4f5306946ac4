import { useEffect } from 'react'
import type { Cache, Fetcher } from 'oneflight'
import { SingleflightProvider, useSingleflight } from 'oneflight/react'
import { Cell } from '../components/Cell'
import { refetchBus } from '../lib/bus'
import { counters } from '../lib/counters'
import { readJson, REQUEST_INIT, RESOURCES, type Product, type User } from '../lib/resources'

// One fetcher for both resources: the key is the path.
const fetcher: Fetcher<unknown> = (key, { signal }) => {
  counters.send()
  return fetch(String(key), { ...REQUEST_INIT, signal }).then(readJson)
}

const HookCell = () => {
  const user = useSingleflight(RESOURCES[0], fetcher as Fetcher<User>)
  const products = useSingleflight(RESOURCES[1], fetcher as Fetcher<Product[]>)

  // Each component asks for both resources once on mount.
  useEffect(() => {
    for (let i = 0; i < RESOURCES.length; i++) counters.ask()
  }, [])

  const { refetch: refetchUser } = user
  const { refetch: refetchProducts } = products
  useEffect(
    () =>
      refetchBus.on((resource) => {
        counters.ask()
        // The error is on the snapshot, where the cell shows it.
        ;(resource === RESOURCES[0] ? refetchUser : refetchProducts)().catch(() => {})
      }),
    [refetchUser, refetchProducts],
  )

  return (
    <Cell user={{ data: user.data, error: user.error }} products={{ data: products.data, error: products.error }} />
  )
}

/**
 * HookGrid mounts `count` components that each ask for both resources with
 * `useSingleflight`, all on the one cache given.
 *
 * @example
 * <HookGrid count={500} cache={createDemoCache({ retry: false })} />
 */
export const HookGrid = ({ count, cache }: { count: number; cache: Cache }) => (
  <SingleflightProvider cache={cache}>
    {Array.from({ length: count }, (_, i) => (
      <HookCell key={i} />
    ))}
  </SingleflightProvider>
)
