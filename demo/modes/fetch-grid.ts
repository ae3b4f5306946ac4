import { createFetch, type FetchFunction } from 'oneflight/fetch'
import { cellContent, type Part } from '../components/cell-content'
import { refetchBus } from '../lib/bus'
import { counters } from '../lib/counters'
import { readJson, REQUEST_INIT, RESOURCES, type Product, type Resource, type User } from '../lib/resources'
import { fetchFlights } from '../lib/flight-source'

const pathOf = (input: RequestInfo | URL): string =>
  new URL(typeof input === 'string' || input instanceof URL ? input : input.url, location.href).pathname

// The network under createFetch: every call here is one request on the wire,
// so it is one bar on the chart.
let networkCalls = 0
const network: FetchFunction = (input, init) => {
  networkCalls += 1
  counters.send()
  const flightId = fetchFlights.start(pathOf(input))
  return fetch(input, init).then(
    (response) => {
      fetchFlights.end(flightId, response.ok ? 'ok' : 'error')
      return response
    },
    (error: unknown) => {
      fetchFlights.end(flightId, init?.signal?.aborted ? 'aborted' : 'error')
      throw error
    },
  )
}

/**
 * FetchGrid: the vanilla grid's handle.
 *
 * @example
 * const grid: FetchGrid = mountFetchGrid(element, 100)
 * grid.resize(500)
 */
export interface FetchGrid {
  /** Adds or removes cells so there are `count`. */
  resize(count: number): void
  /** Removes every cell and aborts what they wait for. */
  destroy(): void
}

interface VanillaCell {
  readonly node: HTMLDivElement
  destroy(): void
}

const mountCell = (dedupedFetch: FetchFunction): VanillaCell => {
  const node = document.createElement('div')
  node.className = 'cell'
  node.dataset.testid = 'cell'
  const main = node.appendChild(document.createElement('span'))
  main.className = 'cell-main'
  const sub = node.appendChild(document.createElement('span'))
  sub.className = 'cell-sub'
  const controller = new AbortController()
  const parts: Record<Resource, Part<unknown>> = {
    [RESOURCES[0]]: { data: undefined, error: undefined },
    [RESOURCES[1]]: { data: undefined, error: undefined },
  }
  const draw = (): void => {
    const content = cellContent(parts[RESOURCES[0]] as Part<User>, parts[RESOURCES[1]] as Part<Product[]>)
    node.dataset.state = content.state
    node.title = content.title
    main.textContent = content.main
    sub.textContent = content.sub
  }
  const load = (resource: Resource): void => {
    counters.ask()
    const callsBefore = networkCalls
    const answer = dedupedFetch(resource, { ...REQUEST_INIT, signal: controller.signal })
    const started = networkCalls > callsBefore
    // createFetch calls the network at once for a new flight, so the newest
    // open flight of the resource is the one serving this caller. The caller
    // that started it is counted already: only the others join.
    if (!started) fetchFlights.joinNewest(resource)
    answer.then(readJson).then(
      (data) => {
        parts[resource] = { data, error: undefined }
        draw()
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        parts[resource] = { data: parts[resource].data, error }
        draw()
      },
    )
  }
  const loadAll = (): void => RESOURCES.forEach(load)
  const off = refetchBus.on(load)
  window.addEventListener('focus', loadAll)
  draw()
  loadAll()
  return {
    node,
    destroy() {
      off()
      window.removeEventListener('focus', loadAll)
      controller.abort()
      node.remove()
    },
  }
}

/**
 * mountFetchGrid fills `container` with `count` cells built with plain DOM
 * calls, no React: each loads both resources through one `createFetch`, so
 * identical requests in flight are shared, and aborts them when removed.
 *
 * @example
 * const grid = mountFetchGrid(element, 500)
 * grid.resize(1000)
 * grid.destroy()
 */
export const mountFetchGrid = (container: HTMLElement, count: number): FetchGrid => {
  const dedupedFetch = createFetch({ fetch: network })
  const cells: VanillaCell[] = []
  const resize = (target: number): void => {
    const added = document.createDocumentFragment()
    while (cells.length < target) {
      const cell = mountCell(dedupedFetch)
      cells.push(cell)
      added.appendChild(cell.node)
    }
    container.appendChild(added)
    while (cells.length > target) cells.pop()?.destroy()
  }
  resize(count)
  return {
    resize,
    destroy() {
      while (cells.length > 0) cells.pop()?.destroy()
    },
  }
}
