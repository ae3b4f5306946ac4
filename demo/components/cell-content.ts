import { describeError, type Product, type User } from '../lib/resources'

/**
 * Part: what a component knows about one resource.
 *
 * @example
 * const loading: Part<User> = { data: undefined, error: undefined }
 */
export interface Part<T> {
  data: T | undefined
  error: unknown
}

// The `data-state` of a cell, which the styles and the e2e tests read.
type CellState = 'loading' | 'ok' | 'error' | 'stale-error'

/**
 * CellContent: what one cell of the grid shows.
 *
 * @example
 * const { state, main, sub }: CellContent = cellContent(user, products)
 */
export interface CellContent {
  state: CellState
  main: string
  sub: string
  title: string
}

/**
 * cellContent decides what a cell shows, the same way in every mode: an error
 * wins (with the last good data beside it when there is some: stale-if-error),
 * then the data, else a loading mark.
 *
 * @example
 * cellContent({ data: user, error: undefined }, { data: products, error: undefined }).main // 'Ada'
 */
export const cellContent = (user: Part<User>, products: Part<Product[]>): CellContent => {
  const error = user.error ?? products.error
  const name = user.data?.name.split(' ')[0]
  const hasData = user.data !== undefined && products.data !== undefined
  if (error !== undefined && error !== null) {
    const message = error instanceof Error ? error.message : String(error)
    return hasData
      ? {
          state: 'stale-error',
          main: `⚠ ${describeError(error)}`,
          sub: `stale: ${name}`,
          title: `${message}; showing the last good data`,
        }
      : { state: 'error', main: `⚠ ${describeError(error)}`, sub: 'error', title: message }
  }
  if (!hasData) return { state: 'loading', main: '…', sub: 'loading', title: 'loading' }
  return { state: 'ok', main: name ?? '?', sub: `${products.data?.length ?? 0} items`, title: 'loaded' }
}
