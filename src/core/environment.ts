import type { Environment } from './cache-types'
import { fail } from './invalid'

// The platform's globals, read at call time (never at import) so that the
// module runs nothing when it loads and works where they are missing.
interface Platform {
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>
  navigator?: { onLine?: boolean }
}
const platform = (): Platform => globalThis as Platform

const listen = (
  target: Platform['window'] | Platform['document'],
  type: string,
  listener: () => void,
): (() => void) => {
  target?.addEventListener(type, listener)
  return () => target?.removeEventListener(type, listener)
}

const isVisible = (): boolean => platform().document?.visibilityState !== 'hidden'

/** defaultEnvironment: focus, reconnect and visibility from the window and document; everything "on" where they are missing. */
const defaultEnvironment: Environment = {
  onFocus(listener) {
    const { window, document } = platform()
    // A tab shown again fires visibilitychange without a window focus.
    const onVisible = (): void => {
      if (isVisible()) listener()
    }
    const stopFocus = listen(window, 'focus', listener)
    const stopVisible = listen(document, 'visibilitychange', onVisible)
    return () => {
      stopFocus()
      stopVisible()
    }
  },
  onReconnect: (listener) => listen(platform().window, 'online', listener),
  isOnline: () => platform().navigator?.onLine !== false,
  isVisible,
}

/**
 * resolveEnvironment fills in the default for every part of `environment`
 * the caller left out, checking that the given parts are functions.
 *
 * @throws TypeError naming the first part that is not a function.
 * @example
 * const environment = resolveEnvironment({ isOnline: () => true })
 */
export const resolveEnvironment = (environment: Partial<Environment> = {}): Environment => {
  if (environment === null || typeof environment !== 'object') fail('environment: not an object')
  const resolved = { ...defaultEnvironment }
  for (const name of Object.keys(defaultEnvironment) as (keyof Environment)[]) {
    const part = environment[name]
    if (part === undefined) continue
    if (typeof part !== 'function') fail(`environment.${name}: not a function`)
    ;(resolved as Record<keyof Environment, unknown>)[name] = part
  }
  return resolved
}
