import type { Resource } from './resources'

const target = new EventTarget()

/**
 * refetchBus tells every mounted component of the grid to refetch a resource
 * itself, the way a button in a real app would: each component asks, and the
 * mode decides how many of those asks reach the origin.
 *
 * @example
 * const off = refetchBus.on((resource) => load(resource))
 * refetchBus.request('/api/user/1')
 */
export const refetchBus = {
  request(resource: Resource): void {
    target.dispatchEvent(new CustomEvent<Resource>('refetch', { detail: resource }))
  },
  on(listener: (resource: Resource) => void): () => void {
    const handle = (event: Event): void => listener((event as CustomEvent<Resource>).detail)
    target.addEventListener('refetch', handle)
    return () => target.removeEventListener('refetch', handle)
  },
}
