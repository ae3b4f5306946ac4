import type { ObserverOptions } from './observer-types'

const invalid = (name: string, expected: string, value: unknown): never => {
  throw new TypeError(`oneflight: options.${name} must be ${expected}, got ${String(value)}`)
}

const BOOLEANS = ['enabled', 'revalidateOnFocus', 'revalidateOnReconnect', 'keepPreviousData'] as const
const DURATIONS = ['staleTime', 'refreshInterval'] as const

/**
 * checkOptions throws a TypeError naming the first option of an observer
 * (or a hook) that has the wrong type; a fetcher is required only with a key.
 *
 * @example
 * checkOptions({ key: 'k', fetcher: load, staleTime: -1 }) // TypeError: options.staleTime must be a number >= 0, got -1
 */
export const checkOptions = (options: ObserverOptions<unknown, unknown>): void => {
  if (typeof options !== 'object' || options === null) throw new TypeError('oneflight: options must be an object')
  const { key, fetcher, select } = options
  if (key !== null && key !== undefined && key !== false && typeof fetcher !== 'function') {
    invalid('fetcher', 'a function', fetcher)
  }
  if (select !== undefined && typeof select !== 'function') invalid('select', 'a function', select)
  for (const name of BOOLEANS) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'boolean') invalid(name, 'a boolean', value)
  }
  for (const name of DURATIONS) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) invalid(name, 'a number >= 0', value)
  }
}
