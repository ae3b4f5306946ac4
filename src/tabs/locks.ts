/** LocksLike: the part of the Web Locks `LockManager` (`navigator.locks`) the tab group uses. */
export interface LocksLike {
  request(
    name: string,
    options: { mode: 'shared' | 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>
}

/** Release: gives a held lock back. Calling it again does nothing. */
export type Release = () => void

const ignore = (): undefined => undefined

/**
 * acquire turns the callback shape of `locks.request` into a handle: it
 * resolves with a Release once the lock is granted, or with undefined when
 * `signal` aborted first (whether the request was still queued or the grant
 * crossed the abort). A grant that arrives after the abort is given back at
 * once: nobody is left to release it, and a lock kept by mistake would stall
 * every tab.
 *
 * @example
 * const release = await acquire(navigator.locks, 'oneflight:app:"me"', 'exclusive', stop.signal)
 * if (release) try { await work() } finally { release() }
 */
export const acquire = (
  locks: LocksLike,
  name: string,
  mode: 'shared' | 'exclusive',
  signal: AbortSignal,
): Promise<Release | undefined> =>
  new Promise<Release | undefined>((resolve) => {
    if (signal.aborted) return resolve(undefined)
    locks
      .request(name, { mode, signal }, () => {
        if (signal.aborted) return resolve(undefined)
        // The lock is held until this promise settles, that is until release().
        return new Promise<void>((release) => resolve(() => release()))
      })
      // A queued request rejects with AbortError when `signal` aborts.
      .then(ignore, () => resolve(undefined))
  })
