import type { Entry, Layer } from './cache-entry'
import type { Detail } from './cache-load'
import { fail, isFunction } from './cache-options'
import type { Cache, MutateOptions } from './cache-types'
import { layered, publish } from './cache-write'
import type { Key } from './key'
import { copyKey } from './key-copy'
import { isAbortSignal } from './signal'

/**
 * MutateContext: what mutations need from their cache.
 *
 * @example
 * const mutate = createMutate({ touch, emit, settle, writeBase, invalidate })
 */
export interface MutateContext {
  /** The entry of `key`, created if missing. */
  readonly touch: (key: Key) => Entry
  readonly emit: (entry: Entry, detail: Detail) => void
  readonly settle: (entry: Entry) => void
  /** Writes new base data as the newest write, fresh, and publishes the entry. */
  readonly writeBase: (entry: Entry, data: unknown) => void
  readonly invalidate: Cache['invalidate']
}

const isStructured = (value: unknown): boolean => typeof value === 'object' && value !== null

/**
 * revalidationTarget turns `revalidate` into what `invalidate` takes, or
 * undefined for nothing: `true` this key, `false` nothing, a function as it
 * is, an array whose first element is an array or object a list of keys,
 * anything else one key. So `['user', 1]` and `['todos', { page: 1 }]` are
 * one key each, and `[['user', 1], 'todos']` is two.
 *
 * @example
 * revalidationTarget([['user', 1], ['todos']], ['user', 1]) // a predicate over both keys
 */
export const revalidationTarget = (
  revalidate: MutateOptions<unknown>['revalidate'],
  key: Key,
  hash: (key: Key) => string,
): Key | ((key: Key) => boolean) | undefined => {
  if (revalidate === false) return undefined
  if (revalidate === true || revalidate === undefined) return key
  if (isFunction(revalidate)) return revalidate
  if (Array.isArray(revalidate) && isStructured(revalidate[0])) {
    const hashes = new Set((revalidate as readonly Key[]).map(hash))
    return (candidate) => hashes.has(hash(candidate))
  }
  return copyKey(revalidate as Key)
}

/**
 * createMutate makes `cache.mutate`: optimistic layers. An entry shows its
 * base data (the last server answer or `set`) with the optimistic edit of
 * every running mutation applied in start order, so a load landing
 * meanwhile replaces the base and the edits stay on top, and a failed
 * mutation drops only its own edit. A succeeded one drops its edit, folds
 * `populate(base, result)` into the base, then invalidates what
 * `revalidate` names. Mutations are never deduplicated.
 *
 * @example
 * const mutate = createMutate(context)
 * await mutate(['user', 1], (signal) => saveUser(user, signal), { optimistic: () => user })
 */
export const createMutate = (context: MutateContext, hash: (key: Key) => string) => {
  const { touch, emit, settle, writeBase, invalidate } = context
  // Numbers the mutations of this cache, for events.
  let nextMutationId = 0

  const check = (action: unknown, options: MutateOptions<unknown>): void => {
    if (!isFunction(action)) fail('action: not a function')
    if (options === null || typeof options !== 'object') fail('mutate options: not an object')
    for (const name of ['optimistic', 'populate'] as const) {
      if (options[name] !== undefined && !isFunction(options[name])) fail(`${name}: not a function`)
    }
    if (options.signal != null && !isAbortSignal(options.signal)) fail('signal: not an AbortSignal')
  }

  const drop = (entry: Entry, layer: Layer): void => {
    entry._layers = entry._layers.filter((other) => other !== layer)
  }

  return async <R, T>(
    key: Key,
    action: (signal: AbortSignal) => R | PromiseLike<R>,
    options: MutateOptions<R, T> = {},
  ): Promise<R> => {
    check(action, options as MutateOptions<unknown>)
    const { signal, optimistic, populate } = options
    if (signal?.aborted) throw signal.reason
    const entry = touch(key)
    // Keys as they are now: the caller may change its key objects meanwhile.
    const target = revalidationTarget(options.revalidate, entry._key, hash)
    const layer: Layer = { _mutationId: ++nextMutationId, _apply: optimistic as Layer['_apply'] }
    // Computed before the layer goes on, so an edit that throws rejects this
    // mutation and leaves the cache as it was.
    const shown = optimistic ? optimistic(layered(entry) as T) : undefined
    entry._layers = [...entry._layers, layer]
    if (optimistic) publish(entry, { data: shown })
    emit(entry, { type: 'mutation', mutationId: layer._mutationId, phase: 'started' })
    const controller = new AbortController()
    const onAbort = (): void => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const result = await action(controller.signal)
      drop(entry, layer)
      try {
        if (populate) writeBase(entry, populate(entry._base as T | undefined, result))
        else publish(entry, { data: layered(entry) })
      } catch (error) {
        publish(entry, { data: layered(entry) })
        throw error
      }
      emit(entry, { type: 'mutation', mutationId: layer._mutationId, phase: 'settled', ok: true })
      if (target !== undefined) invalidate(target)
      return result
    } catch (error) {
      if (entry._layers.includes(layer)) {
        drop(entry, layer)
        // Kept instead of rolled back: the edit becomes part of the base.
        if (options.rollbackOnError === false && optimistic) entry._base = optimistic(entry._base as T | undefined)
        publish(entry, { data: layered(entry) })
      }
      emit(entry, { type: 'mutation', mutationId: layer._mutationId, phase: 'settled', ok: false, error })
      throw error
    } finally {
      signal?.removeEventListener('abort', onAbort)
      settle(entry)
    }
  }
}
