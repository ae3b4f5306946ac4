import { useEffect, useRef } from 'react'
import { mountFetchGrid, type FetchGrid as Grid } from './fetch-grid'

/**
 * FetchGrid hosts the vanilla grid (createFetch, no React in the cells): React
 * only hands it an element and tells it how many cells to keep.
 *
 * @example
 * <FetchGrid count={500} />
 */
export const FetchGrid = ({ count }: { count: number }) => {
  const host = useRef<HTMLDivElement>(null)
  const grid = useRef<Grid | undefined>(undefined)

  useEffect(() => {
    if (!host.current) return
    const mounted = mountFetchGrid(host.current, 0)
    grid.current = mounted
    return () => {
      mounted.destroy()
      grid.current = undefined
    }
  }, [])

  useEffect(() => grid.current?.resize(count), [count])

  return <div className="grid-vanilla" ref={host} />
}
