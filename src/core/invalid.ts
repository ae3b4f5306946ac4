/**
 * fail throws the TypeError for an invalid argument, option or key part,
 * naming it (and, after a colon, what is wrong with it). One helper for the
 * core's argument errors, so each message costs only its own words.
 *
 * @example
 * if (typeof listener !== 'function') fail('listener: not a function') // TypeError: oneflight: invalid listener: not a function
 */
export const fail = (problem: string): never => {
  throw new TypeError(`oneflight: invalid ${problem}`)
}
