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

/**
 * acquire turns the callback shape of `locks.request` into a handle: it
 * resolves with a Release once the lock is granted, or with undefined when
 * `signal` aborted first (whether the request was still queued or the grant
 * crossed the abort). A grant that arrives after the abort is given back at
 * once: nobody is left to release it, and a lock kept by mistake would stall
 * every tab. It rejects when the lock manager fails instead: `request` throws
 * or rejects for another reason than our abort (a `SecurityError` where locks
 * are denied: sandboxed iframes, opaque origins), or ends without a grant.
 * So it always settles: nobody waits on a lock manager that said no.
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
  new Promise<Release | undefined>((resolve, reject) => {
    if (signal.aborted) return resolve(undefined)
    let granted = false
    const failed = (error: unknown): void => (signal.aborted ? resolve(undefined) : reject(error))
    try {
      locks
        .request(name, { mode, signal }, () => {
          granted = true
          if (signal.aborted) return resolve(undefined)
          // The lock is held until this promise settles, that is until release().
          return new Promise<void>((release) => resolve(() => release()))
        })
        .then(
          // Settling after a grant means the lock was released: nothing to do.
          () => granted || failed(new Error('oneflight/tabs: the lock request ended without granting the lock')),
          // A queued request rejects with AbortError when `signal` aborts.
          (error: unknown) => granted || failed(error),
        )
    } catch (error) {
      failed(error)
    }
  })
