/**
 * What every component of the grid asks for, and how the demo reads it.
 */

/**
 * RESOURCES: the two resources every component needs; each is its own chart lane.
 *
 * @example
 * for (const path of RESOURCES) fetch(path, REQUEST_INIT)
 */
export const RESOURCES = ['/api/user/1', '/api/products'] as const

/**
 * Resource: one of RESOURCES.
 *
 * @example
 * const user: Resource = '/api/user/1'
 */
export type Resource = (typeof RESOURCES)[number]

/**
 * User: the body of /api/user/:id.
 *
 * @example
 * const user: User = { id: 1, name: 'Ada Lovelace', email: 'ada@example.com' }
 */
export interface User {
  id: number
  name: string
  email: string
}

/**
 * Product: an item of /api/products.
 *
 * @example
 * const product: Product = { id: 1, name: 'Keyboard', price: 49 }
 */
export interface Product {
  id: number
  name: string
  price: number
}

/**
 * HttpError: an answer from the origin with a status other than 2xx.
 *
 * @example
 * throw new HttpError(500, 'origin failed: fail-next switch')
 */
export class HttpError extends Error {
  override name = 'HttpError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * readJson turns a Response into its JSON body, or throws an HttpError with
 * the origin's own error message for a non-2xx status.
 *
 * @example
 * const user = (await readJson(await fetch('/api/user/1'))) as User
 */
export const readJson = async (response: Response): Promise<unknown> => {
  const body: unknown = await response.json().catch(() => undefined)
  if (response.ok) return body
  const message = (body as { error?: unknown } | undefined)?.error
  throw new HttpError(response.status, typeof message === 'string' ? message : response.statusText)
}

/**
 * REQUEST_INIT: what every mode passes to fetch. `no-store` bypasses the
 * browser's HTTP cache, whose lock would otherwise queue identical GETs behind
 * each other and blur the difference the demo is about.
 *
 * @example
 * fetch('/api/products', { ...REQUEST_INIT, signal })
 */
export const REQUEST_INIT: RequestInit = { cache: 'no-store' }

/**
 * describeError: the short text a cell shows for an error.
 *
 * @example
 * describeError(new HttpError(500, 'origin failed')) // '500'
 */
export const describeError = (error: unknown): string =>
  error instanceof HttpError ? String(error.status) : error instanceof Error ? error.name : 'error'
