// Which values count as an AbortSignal. Internal: the package entries do not
// export it; Group, createCache, createFetch and the tab group all use it.

// Object.prototype.toString reads Symbol.toStringTag: '[object AbortSignal]'
// for every platform AbortSignal (this realm's, an iframe's, a vm context's)
// and for polyfills that set the tag, as the `abort-controller` package does.
const toString = Object.prototype.toString

/**
 * isAbortSignal tells whether `value` can be used as an AbortSignal here.
 *
 * The rule: an instance of this realm's AbortSignal (the fast case, and the
 * only check `fetch` makes), or an object whose Symbol.toStringTag is
 * 'AbortSignal' and that has the `addEventListener` and `removeEventListener`
 * methods the library calls. The tag is what makes a signal from another realm
 * or a polyfill recognisable; the methods keep an object that only borrowed
 * the tag from failing later, far from the call that passed it. An object with
 * the methods but not the tag is refused: duck typing alone would accept any
 * EventTarget.
 *
 * @example
 * isAbortSignal(new AbortController().signal) // true
 * isAbortSignal(iframe.contentWindow.AbortSignal.abort()) // true
 * isAbortSignal(new EventTarget()) // false
 */
export const isAbortSignal = (value: unknown): value is AbortSignal => {
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true
  if (typeof value !== 'object' || value === null || toString.call(value) !== '[object AbortSignal]') return false
  const candidate = value as Partial<AbortSignal>
  return typeof candidate.addEventListener === 'function' && typeof candidate.removeEventListener === 'function'
}
