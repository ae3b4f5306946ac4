import type { ResourceOptions } from './observer-types'

/**
 * invalidOption throws the TypeError that names a bad option.
 *
 * @example
 * if (typeof fetcher !== 'function') invalidOption('fetcher', 'a function', fetcher)
 */
export const invalidOption = (name: string, expected: string, value: unknown): never => {
  throw new TypeError(`oneflight: options.${name} must be ${expected}, got ${String(value)}`)
}

const BOOLEANS = ['enabled', 'revalidateOnFocus', 'revalidateOnReconnect', 'keepPreviousData'] as const
const DURATIONS = ['staleTime', 'refreshInterval'] as const

/**
 * checkOptions throws a TypeError naming the first ResourceOption of an
 * observer (or a hook) that has the wrong type.
 *
 * @example
 * checkOptions({ staleTime: -1 }) // TypeError: oneflight: options.staleTime must be a number >= 0, got -1
 */
export const checkOptions = (options: ResourceOptions<unknown, unknown>): void => {
  if (typeof options !== 'object' || options === null) throw new TypeError('oneflight: options must be an object')
  const { select } = options
  if (select !== undefined && typeof select !== 'function') invalidOption('select', 'a function', select)
  for (const name of BOOLEANS) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'boolean') invalidOption(name, 'a boolean', value)
  }
  for (const name of DURATIONS) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) invalidOption(name, 'a number >= 0', value)
  }
}
