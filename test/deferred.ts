/** A promise with its resolve and reject in hand, so tests settle work by hand instead of sleeping. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason: unknown) => void
}

export const deferred = <T>(): Deferred<T> => {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets every queued microtask and already-due macrotask run. */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
