import type { CacheEvent } from './cache-types'

/**
 * call runs a listener; an error it throws is rethrown in a microtask (reported
 * like an uncaught error in an event handler), so one faulty listener can
 * neither stop the others nor leave the cache's own bookkeeping half done.
 *
 * @example
 * for (const listener of listeners) call(listener)
 */
export const call = (listener: () => void): void => {
  try {
    listener()
  } catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}

/**
 * Emitter: the cache's event listeners. Callers check `size` before building
 * an event, so a cache nobody listens to pays nothing for events.
 *
 * @example
 * const events = new Emitter()
 * const off = events.on((e) => console.log(e.type))
 * if (events.size) events.emit({ type: 'evicted', key: 'k', hash: '"k"', at: 0, reason: 'gc' })
 */
export class Emitter {
  readonly #listeners = new Set<(event: CacheEvent) => void>()

  /** size: how many listeners there are. */
  get size(): number {
    return this.#listeners.size
  }

  /** on adds a listener; the function it returns removes it (calling it twice is harmless). */
  on(listener: (event: CacheEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('singleflight: cache.on needs a function')
    // A wrapper per call, so the same function added twice is called twice
    // and each returned function removes only its own registration.
    const own = (event: CacheEvent): void => listener(event)
    this.#listeners.add(own)
    return () => void this.#listeners.delete(own)
  }

  /** emit calls every listener with `event`. */
  emit(event: CacheEvent): void {
    for (const listener of this.#listeners) call(() => listener(event))
  }
}
