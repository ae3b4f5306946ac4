import type { Environment } from '../../src/core'

/**
 * fakeEnvironment: an Environment driven by hand. `focus()` and `reconnect()`
 * call the current listeners; `online` and `visible` are read on every call;
 * `listeners` counts the registered ones.
 */
export const fakeEnvironment = () => {
  const focus = new Set<() => void>()
  const reconnect = new Set<() => void>()
  const state = { online: true, visible: true }
  const environment: Environment = {
    onFocus: (listener) => (focus.add(listener), () => void focus.delete(listener)),
    onReconnect: (listener) => (reconnect.add(listener), () => void reconnect.delete(listener)),
    isOnline: () => state.online,
    isVisible: () => state.visible,
  }
  return {
    environment,
    state,
    focus: () => [...focus].forEach((listener) => listener()),
    reconnect: () => [...reconnect].forEach((listener) => listener()),
    listeners: () => focus.size + reconnect.size,
  }
}

/** clock: an injected `now` the test moves by hand. */
export const clock = (start = 1_000) => {
  const time = { now: start }
  return { now: () => time.now, advance: (ms: number) => void (time.now += ms) }
}
