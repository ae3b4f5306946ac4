import { useEffect, useRef, useState } from 'react'
import { reportLater } from '../core/cache-entry'
import { hashKey, type Cache, type Key, type MutateOptions } from '../core'
import { revalidationTarget } from '../core/cache-mutate'
import { useCache } from './provider'
import type { Status } from './types'

/**
 * MutationAction: the write `useMutation` runs, with the variables of one
 * call. Its signal never aborts because of React: unmounting leaves it running.
 *
 * @example
 * const rename: MutationAction<string, User> = (name, { signal }) =>
 *   fetch('/api/user/1/name', { method: 'PUT', body: name, signal }).then((r) => r.json())
 */
export type MutationAction<V, R> = (variables: V, context: { signal: AbortSignal }) => R | PromiseLike<R>

/**
 * MutationOptions: the second argument of `useMutation`; every field is optional.
 *
 * @example
 * const options: MutationOptions<string, User, User> = {
 *   key: ['user', 1],
 *   optimistic: (user, name) => ({ ...user!, name }),
 * }
 */
export interface MutationOptions<V, R, T = unknown> {
  /** The cache entry the mutation writes (its optimistic layer, `populate`, default revalidation), or a function of the variables that returns it. Without it the action just runs. */
  key?: Key | ((variables: V) => Key)
  /** The layer shown over the entry's data while the action runs; dropped when it ends. Needs `key`. */
  optimistic?: (current: T | undefined, variables: V) => T
  /** Folds the action's result into the entry's base data when it succeeds. Needs `key`. */
  populate?: (current: T | undefined, result: R, variables: V) => T
  /** Drop the optimistic layer when the action fails; default true (false keeps it as the base). */
  rollbackOnError?: boolean
  /** What to invalidate after success: true (default) the key, false nothing, a key, a list of keys, or a predicate. */
  revalidate?: MutateOptions<R, T>['revalidate']
  /** Called once per call that succeeds, even after the component unmounted. */
  onSuccess?(result: R, variables: V): void
  /** Called once per call that fails, even after the component unmounted. */
  onError?(error: unknown, variables: V): void
}

/**
 * MutationResult: what `useMutation` returns. The fields describe the latest
 * call; `mutate`, `mutateAsync` and `reset` keep their identity across renders.
 *
 * @example
 * const { mutate, isPending, error }: MutationResult<string, User> = useMutation(rename)
 */
export interface MutationResult<V, R> {
  /** Runs the mutation, fire and forget: never rejects, the error lands in `error`. */
  mutate(variables: V): void
  /** Runs the mutation and returns its promise: rejects with the action's error. */
  mutateAsync(variables: V): Promise<R>
  /** The latest call's result, once it succeeded. */
  readonly data: R | undefined
  /** The latest call's error, once it failed. */
  readonly error: unknown
  /** The latest call's variables. */
  readonly variables: V | undefined
  /** `'idle'` before the first call and after `reset`, then the latest call's. */
  readonly status: Status
  readonly isPending: boolean
  /** Back to `'idle'`; a call still running no longer changes the state (its callbacks still run). */
  reset(): void
}

interface State<V, R> {
  readonly status: Status
  readonly data: R | undefined
  readonly error: unknown
  readonly variables: V | undefined
}

const IDLE: State<never, never> = { status: 'idle', data: undefined, error: undefined, variables: undefined }

const bad = (problem: string): never => {
  throw new TypeError(`oneflight: useMutation ${problem}`)
}

const check = (action: unknown, options: MutationOptions<never, never, never>): void => {
  if (typeof action !== 'function') bad('needs an action function')
  if (typeof options !== 'object' || options === null) bad('options must be an object')
  const { key } = options
  if (key !== undefined && typeof key !== 'function') hashKey(key)
  for (const name of ['optimistic', 'populate', 'onSuccess', 'onError'] as const) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'function') bad(`options.${name} must be a function`)
  }
  if (key === undefined && (options.optimistic || options.populate)) {
    bad('options.optimistic and options.populate need options.key: the entry they write')
  }
  const rollback = options.rollbackOnError
  if (rollback !== undefined && typeof rollback !== 'boolean') bad('options.rollbackOnError must be a boolean')
}

// A callback's error must not change the mutation's outcome, nor vanish: it
// is reported as an uncaught error, as one thrown by an event handler.
const call = (run: () => void): void => {
  try {
    run()
  } catch (error) {
    reportLater(error)
  }
}

// Without a key nothing is written; `revalidate` can still name other keys,
// read as `cache.mutate` reads it (`true` has no key of its own to name).
const runWithoutKey = async <V, R>(
  cache: Cache,
  action: MutationAction<V, R>,
  variables: V,
  revalidate: MutationOptions<V, R>['revalidate'],
): Promise<R> => {
  const result = await action(variables, { signal: new AbortController().signal })
  if (revalidate !== undefined && typeof revalidate !== 'boolean') {
    cache.invalidate(revalidationTarget(revalidate, null, hashKey)!)
  }
  return result
}

/**
 * useMutation runs writes through the cache of the nearest provider: with a
 * `key`, each call is a `cache.mutate` of that entry (its optimistic layer is
 * shown at once to every component reading the key, rolled back alone if the
 * action fails, the result folded in with `populate`, then the key
 * revalidated). The returned state follows the latest call. Unmounting does
 * not abort a running call: it finishes, its callbacks run, its state is dropped.
 *
 * @example
 * function Rename({ id }: { id: number }) {
 *   const { mutate, isPending } = useMutation((name: string, { signal }) => saveName(id, name, signal), {
 *     key: ['user', id],
 *     optimistic: (user: User | undefined, name) => ({ ...user!, name }),
 *   })
 *   return <button disabled={isPending} onClick={() => mutate('Ada')}>Rename</button>
 * }
 */
export function useMutation<V, R, T = unknown>(
  action: MutationAction<V, R>,
  options: MutationOptions<V, R, T> = {},
): MutationResult<V, R> {
  check(action, options as unknown as MutationOptions<never, never, never>)
  const cache = useCache()
  const [state, setState] = useState<State<V, R>>(IDLE)
  // What the stable functions read: the latest action, options and cache,
  // the number of the latest call (only it may change the state), and
  // whether the component is mounted (a finished call of an unmounted one
  // changes nothing).
  const latest = useRef({ action, options, cache, call: 0, mounted: false })
  latest.current.action = action
  latest.current.options = options
  latest.current.cache = cache
  useEffect(() => {
    const current = latest.current
    current.mounted = true
    return () => void (current.mounted = false)
  }, [])

  const [functions] = useState(() => {
    const show = (id: number, next: State<V, R>): void => {
      if (latest.current.call === id && latest.current.mounted) setState(next)
    }
    const mutateAsync = (variables: V): Promise<R> => {
      const { action: run, options: own, cache: target } = latest.current
      const id = ++latest.current.call
      show(id, { status: 'pending', data: undefined, error: undefined, variables })
      let promise: Promise<R>
      try {
        const key = typeof own.key === 'function' ? own.key(variables) : own.key
        promise =
          key === undefined
            ? runWithoutKey(target, run, variables, own.revalidate)
            : target.mutate<R, T>(key, (signal) => run(variables, { signal }), {
                optimistic: own.optimistic && ((current) => own.optimistic!(current, variables)),
                populate: own.populate && ((current, result) => own.populate!(current, result, variables)),
                ...(own.rollbackOnError !== undefined && { rollbackOnError: own.rollbackOnError }),
                ...(own.revalidate !== undefined && { revalidate: own.revalidate }),
              })
      } catch (error) {
        promise = Promise.reject(error)
      }
      return promise.then(
        (result) => {
          show(id, { status: 'success', data: result, error: undefined, variables })
          call(() => own.onSuccess?.(result, variables))
          return result
        },
        (error: unknown) => {
          show(id, { status: 'error', data: undefined, error, variables })
          call(() => own.onError?.(error, variables))
          throw error
        },
      )
    }
    return {
      mutateAsync,
      // The error is in the state and went to onError: nothing else to report.
      mutate: (variables: V): void => void mutateAsync(variables).catch(() => {}),
      reset: (): void => {
        latest.current.call++
        setState(IDLE)
      },
    }
  })

  return { ...functions, ...state, isPending: state.status === 'pending' }
}
