import { createRequire } from 'node:module'

// jsdom ships no types; this is the one part of it used here.
interface JsdomModule {
  JSDOM: new (html: string) => { window: { AbortController: typeof AbortController } }
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule

/**
 * PolyfillSignal behaves like an AbortSignal without being one: an
 * EventTarget with `aborted`, `reason` and the 'AbortSignal' tag, as the
 * `abort-controller` package's signal is. `abort()` plays its controller.
 */
export class PolyfillSignal extends EventTarget {
  aborted = false
  reason: unknown = undefined
  get [Symbol.toStringTag](): string {
    return 'AbortSignal'
  }
  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.dispatchEvent(new Event('abort'))
  }
}

/** LookAlike has every member of an AbortSignal but not its tag: it must be refused. */
export class LookAlike extends EventTarget {
  aborted = false
  reason: unknown = undefined
}

/** foreignController returns an AbortController from another realm: a jsdom window's. */
export const foreignController = (): AbortController => {
  const { window } = new JSDOM('')
  return new window.AbortController()
}
