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
 * EventTarget. It reads the global AbortSignal unguarded: where that is
 * missing, so is AbortController, and Group, which every caller of this
 * goes through, cannot start a flight anyway.
 *
 * @example
 * isAbortSignal(new AbortController().signal) // true
 * isAbortSignal(iframe.contentWindow.AbortSignal.abort()) // true
 * isAbortSignal(new EventTarget()) // false
 */
export const isAbortSignal = (value: unknown): value is AbortSignal =>
  value instanceof AbortSignal ||
  // typeof first: a function may carry the tag too. null reads '[object Null]'.
  (typeof value === 'object' &&
    toString.call(value) === '[object AbortSignal]' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function')
