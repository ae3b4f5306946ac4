import { useEffect, useState } from 'react'
import { Cell } from '../components/Cell'
import type { Part } from '../components/cell-content'
import { refetchBus } from '../lib/bus'
import { counters } from '../lib/counters'
import { readJson, REQUEST_INIT, RESOURCES, type Product, type Resource, type User } from '../lib/resources'
import { naiveFlights } from '../lib/flight-source'

/**
 * useNaive is the code the demo argues against, written the careful way
 * (abort on unmount, refetch on focus, last data kept on error): every
 * component fetches for itself, so N components make N requests.
 */
const useNaive = <T,>(resource: Resource): Part<T> => {
  const [part, setPart] = useState<Part<T>>({ data: undefined, error: undefined })
  const [version, setVersion] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    counters.ask()
    counters.send()
    const flightId = naiveFlights.start(resource)
    fetch(resource, { ...REQUEST_INIT, signal: controller.signal })
      .then(readJson)
      .then(
        (data) => {
          naiveFlights.end(flightId, 'ok')
          setPart({ data: data as T, error: undefined })
        },
        (error: unknown) => {
          naiveFlights.end(flightId, controller.signal.aborted ? 'aborted' : 'error')
          if (!controller.signal.aborted) setPart((prev) => ({ data: prev.data, error }))
        },
      )
    return () => controller.abort()
  }, [resource, version])

  useEffect(() => {
    const refetch = (): void => setVersion((v) => v + 1)
    const off = refetchBus.on((r) => r === resource && refetch())
    window.addEventListener('focus', refetch)
    return () => {
      off()
      window.removeEventListener('focus', refetch)
    }
  }, [resource])

  return part
}

const NaiveCell = () => {
  const user = useNaive<User>(RESOURCES[0])
  const products = useNaive<Product[]>(RESOURCES[1])
  return <Cell user={user} products={products} />
}

/**
 * NaiveGrid mounts `count` components that each fetch both resources with
 * `useEffect` + `fetch`.
 *
 * @example
 * <NaiveGrid count={500} />
 */
export const NaiveGrid = ({ count }: { count: number }) => (
  <>
    {Array.from({ length: count }, (_, i) => (
      <NaiveCell key={i} />
    ))}
  </>
)
