import { deferred, type Deferred } from './deferred'

/**
 * manual: a fetcher whose every call returns a new deferred, kept in `calls`
 * with the key and signal it got, so a test answers each load by hand.
 */
export const manual = <T>() => {
  const calls: { key: unknown; signal: AbortSignal; d: Deferred<T> }[] = []
  const fetcher = (key: unknown, { signal }: { signal: AbortSignal }): Promise<T> => {
    const d = deferred<T>()
    calls.push({ key, signal, d })
    return d.promise
  }
  return { calls, fetcher }
}

/** Fetch: the type of a `manual` fetcher. */
export type Fetch<T = string> = ReturnType<typeof manual<T>>['fetcher']
