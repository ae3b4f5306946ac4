import { fail } from './fail'
import type { Caller, Load, Mutation, Outcome } from './types'
import { KEYS, type World } from './world'

// What the model says each event does to the entries (DESIGN, "Cache").

const name = (key: number): string => JSON.stringify(KEYS[key])

/** write: a `set` (or a mutation's populate): newer than every load started so far, fresh from now. */
export const write = (world: World, key: number, value: unknown): void => {
  // A populate writes to the entry its mutation holds: no use of it in the LRU order (set uses it itself).
  const model = world.keys[key]!.exists ? world.keys[key]! : world.ensure(key)
  model.writtenSequence = ++world.sequence
  model.kind = 'success'
  model.data = value
  model.error = undefined
  model.updatedAt = world.time
  model.freshFrom = { sequence: world.sequence, at: world.time }
}

/** land: a settled load writes its answer unless its entry is gone or holds a newer write. */
export const land = (world: World, load: Load, outcome: Outcome): void => {
  const model = world.keys[load.key]!
  if (load.generation !== model.generation || !model.exists || load.sequence <= model.writtenSequence) return
  model.writtenSequence = load.sequence
  if (outcome.ok) {
    model.kind = 'success'
    model.data = outcome.value
    model.error = undefined
    model.updatedAt = world.time
    model.freshFrom = { sequence: load.sequence, at: world.time }
  } else {
    // Stale-if-error: the last good data stays, the entry turns stale.
    model.kind = 'error'
    model.error = outcome.value
    model.freshFrom = undefined
  }
}

/** invalidate: no write started so far is fresh any more; an error with no load running is dropped. */
export const invalidate = (world: World, targets: readonly number[]): void => {
  for (const key of targets) {
    const model = world.keys[key]!
    if (!model.exists) continue
    model.invalidatedSequence = world.sequence
    model.freshFrom = undefined
    model.lastTouched = world.time
    if (model.kind === 'error' && world.running(key).length === 0) {
      model.kind = model.data === undefined ? 'none' : 'success'
      model.error = undefined
    }
  }
}

/** expectReloads: each observed target whose fetcher the cache knows started one reload (the loads from `since`). */
export const expectReloads = (world: World, targets: readonly number[], since: number): void => {
  const started = world.loads.slice(since)
  for (const key of targets) {
    const model = world.keys[key]!
    const reloads = started.filter((load) => load.key === key)
    const observed = model.exists && world.subscriberCount(key) > 0
    const expected = !observed || model.fetcherKnown === 'no' ? [0] : model.fetcherKnown === 'yes' ? [1] : [0, 1]
    if (!expected.includes(reloads.length))
      fail('an observed key reloads on invalidate', `${name(key)} started ${reloads.length} reloads`)
    if (!reloads.length) continue
    model.fetcherKnown = 'yes'
    // A new reload supersedes the cache's older ones, and the group's older flight.
    for (const load of world.loads) {
      if (load.key !== key || load === reloads[0]) continue
      load.joinable = false
      world.leaveCache(load)
    }
  }
}

/** settleLoad answers a load's deferred and applies what the model says follows. */
export const settleLoad = (world: World, load: Load, ok: boolean, answer?: unknown): void => {
  load.answered = true
  const value = answer ?? (ok ? { load: load.id, key: load.key } : { error: load.id })
  if (ok) load.answer.resolve(value)
  else load.answer.reject(value)
  world.keys[load.key]!.lastTouched = world.time
  if (load.state !== 'running') return
  const outcome = { ok, value }
  load.state = 'settled'
  load.ok = ok
  load.joinable = false
  for (const caller of load.callers) if (!caller.left && !caller.firstData) caller.expected = outcome
  land(world, load, outcome)
  // Data that lands releases whoever waits for the key's first data; its own load's end releases it anyway.
  for (const caller of world.callers)
    if (caller.firstData && !caller.expected && (caller.key === load.key || caller.load === load))
      firstDataSettles(world, caller, caller.load === load ? outcome : undefined)
  // An error that lands while the entry has no data rejects whoever waits for its first data.
  const model = world.keys[load.key]!
  if (ok || model.error !== value || world.visible(load.key) !== undefined) return
  for (const caller of world.callers) {
    if (caller.key === load.key && caller.firstData?.generation === model.generation && !caller.expected)
      caller.expected = outcome
  }
}

/**
 * firstDataSettles: a firstData promise resolves with the first data its
 * entry shows, or, when its own load ends first, with that load's outcome
 * (rejected only while the entry still has no data).
 */
export const firstDataSettles = (world: World, caller: Caller, outcome?: Outcome): void => {
  const model = world.keys[caller.key]!
  const current = model.exists && model.generation === caller.firstData!.generation
  const data = current ? world.visible(caller.key) : undefined
  if (data !== undefined) caller.expected = { ok: true, value: data }
  else if (outcome) caller.expected = outcome
}

/** The keys a succeeded mutation revalidates. */
export const revalidated = (mutation: Mutation): number[] =>
  mutation.revalidate === 'default' ? [mutation.key] : mutation.revalidate === 'none' ? [] : KEYS.map((_, key) => key)

/**
 * settleMutation answers a mutation's action: success drops its layer, folds
 * the result into the base (populate) and invalidates what it names; failure
 * drops only its layer (rollbackOnError) or keeps it as the base.
 */
export const settleMutation = (world: World, mutation: Mutation, ok: boolean): void => {
  mutation.answered = true
  const value = ok ? { result: mutation.id } : { failed: mutation.id }
  if (ok) mutation.answer.resolve(value)
  else mutation.answer.reject(value)
  const model = world.keys[mutation.key]!
  model.lastTouched = world.time
  const live = mutation.generation === model.generation && model.exists
  mutation.state = 'done'
  mutation.expected = { ok, value }
  if (!live) return
  if (ok) {
    if (mutation.populate) write(world, mutation.key, { populated: mutation.id, result: value, over: model.data })
    invalidate(world, revalidated(mutation))
  } else if (!mutation.rollbackOnError && mutation.optimistic) {
    // Kept: the edit becomes part of the base, as an edit (not a new write: updatedAt, freshness and order stay).
    model.data = { optimistic: mutation.id, over: model.data }
  }
}
