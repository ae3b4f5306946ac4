/**
 * isAbortSignal: whether `value` is an AbortSignal of any realm (an
 * iframe's, a polyfill whose `Symbol.toStringTag` is 'AbortSignal').
 *
 * @example
 * isAbortSignal(new AbortController().signal) // true
 */
export const isAbortSignal = (value: unknown): value is AbortSignal =>
  value instanceof AbortSignal || Object.prototype.toString.call(value) === '[object AbortSignal]'
