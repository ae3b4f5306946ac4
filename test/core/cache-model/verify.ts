import { isDeepStrictEqual } from 'node:util'
import { hashKey } from '../../../src/core'
import { fail } from './fail'
import { verifyEvents } from './events'
import { verifyFreshness } from './internals'
import { firstDataSettles } from './rules'
import { ANY_REASON, KEYS, type World } from './world'

// verify compares the real cache with the model after a step (every queued
// microtask has run by then). The phases run in order: who still waits for
// each load, which loads must have been aborted, which entries left, then
// each entry's snapshot, the LRU bound, gc, the callers' promises and the
// subscribers' last notification.

// Data compares deeply: optimistic layers and populate make new objects; each
// load's answer and each set's value is unique, so deep equality still tells them apart.
const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b)
const show = (value: unknown): string => (value instanceof Error ? String(value) : JSON.stringify(value))

/** Who waits: the cache's own caller of a load leaves with the key's last subscriber or its entry. */
const updateCacheCallers = (world: World): void => {
  for (const load of world.loads) {
    if (load.cacheCaller !== 'present') continue
    const model = world.keys[load.key]!
    const subscribers = world.subscriberCount(load.key)
    if (subscribers > 0) load.observed = true
    if (load.generation !== model.generation || (load.observed && subscribers === 0)) world.leaveCache(load)
  }
}

/** No fetcher signal stays un-aborted once every caller left; none aborts while one waits. */
const verifyAborts = (world: World): void => {
  for (const load of world.loads) {
    if (load.state !== 'running') continue
    const waiting = load.callers.filter((caller) => !caller.left && !caller.cache)
    const gone = waiting.length === 0 && load.cacheCaller !== 'present'
    if (load.signal.aborted && !gone) {
      const who = waiting.length ? `fetch #${waiting[0]!.id}` : 'the cache (its key has a subscriber)'
      fail(
        'no load aborts while a caller waits',
        `load #${load.id} of ${show(KEYS[load.key])} aborted while ${who} waits`,
      )
    }
    if (!load.signal.aborted && gone)
      fail('no load runs once every caller left', `load #${load.id} of ${show(KEYS[load.key])} was never aborted`)
    if (load.signal.aborted) {
      load.state = 'aborted'
      load.joinable = false
      world.keys[load.key]!.lastTouched = world.time
    }
  }
}

/**
 * observeEntry: entries leave only when idle, and not before gcTime unless
 * the LRU bound needs room; an entry the model lacks appears only where a
 * command allowed it. `between`: checked in the middle of a command (between
 * StrictMode's unsubscribe and subscribe), when the cache's own loads of the
 * key may not have been aborted yet.
 */
export const observeEntry = (
  world: World,
  key: number,
  between = false,
  entries = world.keys.filter((model) => model.exists).length,
): void => {
  const model = world.keys[key]!
  const real = world.cache.get(KEYS[key]!)
  if (model.exists && !real) {
    const idle = between
      ? world.subscriberCount(key) === 0 && world.running(key).every((load) => load.callers.every((c) => c.left))
      : world.idle(key)
    if (!idle) fail('only idle entries leave', `the entry of ${show(KEYS[key])} vanished while observed or loading`)
    if (entries <= world.settings.maxEntries && world.time < model.becameIdleAt + world.settings.gcTime)
      fail('gc waits gcTime', `${show(KEYS[key])} idle since ${model.becameIdleAt} was collected at ${world.time}`)
    world.reset(key, false)
  } else if (!model.exists && real) {
    if (!world.mayAppear.has(key)) fail('no entry from nowhere', `an entry for ${show(KEYS[key])} appeared`)
    world.reset(key, true)
  }
}

const verifyEvictions = (world: World): void => {
  // The LRU bound counts the entries there were before this step's evictions.
  const entries = world.keys.filter((model) => model.exists).length
  const before = world.keys.slice()
  world.keys.forEach((_, key) => observeEntry(world, key, false, entries))
  world.mayAppear.clear()
  if (world.advancing) return
  // Outside gc, an entry leaves for the bound: never while a less recently used idle one stays.
  before.forEach((evicted, key) => {
    if (!evicted.exists || world.keys[key]!.exists) return
    world.keys.forEach((kept, other) => {
      // (Idle since the last step: one that turned idle meanwhile may have been busy when the bound applied.)
      if (kept.exists && kept.wasIdle && world.idle(other) && kept.lastUsed < evicted.lastUsed)
        fail('the LRU bound evicts the least recently used', `${show(KEYS[key])} left before ${show(KEYS[other])}`)
    })
  })
}

const verifySnapshots = (world: World): void => {
  world.keys.forEach((model, key) => {
    if (!model.exists) return
    const real = world.cache.get(KEYS[key]!)!
    const running = world.running(key).length > 0
    // 'error' while the last load failed, else 'success' once there is data (or a write), else pending/idle.
    const shown = world.visible(key) !== undefined || model.updatedAt > 0
    const status = model.kind === 'error' ? 'error' : shown ? 'success' : running ? 'pending' : 'idle'
    const name = show(KEYS[key])
    if (real.status === 'pending' && !running) fail('no entry stuck pending', `${name} is pending with no load running`)
    if (real.isFetching !== running)
      fail('isFetching is true exactly while a load runs', `${name}: isFetching ${real.isFetching}, model ${running}`)
    if (!same(real.data, world.visible(key))) {
      const from = (real.data as { load?: number } | undefined)?.load
      const load = from === undefined ? undefined : world.loads[from]
      const order = load
        ? ` (load #${load.id}: sequence ${load.sequence}; model's write: ${model.writtenSequence})`
        : ''
      fail(
        'a newer write is never overwritten',
        `${name} holds ${show(real.data)}, model ${show(world.visible(key))}${order}`,
      )
    }
    if (real.status !== status) fail('status', `${name}: status ${real.status}, model ${status}`)
    if (!same(real.error, model.error)) fail('error', `${name}: error ${show(real.error)}, model ${show(model.error)}`)
    if (real.updatedAt !== model.updatedAt)
      fail('updatedAt', `${name}: updatedAt ${real.updatedAt}, model ${model.updatedAt}`)
  })
}

/** Over maxEntries only observed or loading entries; an idle entry never outlives gcTime. */
const verifyBounds = (world: World): void => {
  const present = KEYS.map((_, key) => key).filter((key) => world.keys[key]!.exists)
  if (present.length > world.settings.maxEntries && present.some((key) => world.idle(key)))
    fail('the LRU bound holds with idle entries', `${present.length} entries, maxEntries ${world.settings.maxEntries}`)
  for (const key of present) {
    const model = world.keys[key]!
    if (world.idle(key) && world.time >= model.lastTouched + world.settings.gcTime)
      fail(
        'gc collects idle entries',
        `${show(KEYS[key])} idle since ${model.lastTouched} is still there at ${world.time}`,
      )
  }
}

/** Every fetch and mutate promise settles as the model says, once it must, and not before. */
const verifyCallers = (world: World): void => {
  const records = [
    ...world.callers.map((record) => ({ record, label: `fetch #${record.id}` })),
    ...world.mutations.map((record) => ({ record, label: `mutation #${record.id}` })),
  ]
  for (const { record, label } of records) {
    const { expected, outcome } = record
    if (!expected && outcome) fail('a promise settles with its work', `${label} settled (${show(outcome)}) too early`)
    if (expected && !outcome) fail('every promise settles', `${label} still waits, expected ${show(expected)}`)
    const value = expected?.value === ANY_REASON ? outcome?.value : expected?.value
    if (expected && outcome && (expected.ok !== outcome.ok || !same(value, outcome.value)))
      fail('a promise answers its own work', `${label} got ${show(outcome)}, expected ${show(expected)}`)
  }
}

/** inspect lists exactly the entries, each with its snapshot, subscriber count, staleAt and running mutations. */
const verifyInspect = (world: World): void => {
  if (!world.features.inspect) return
  const infos = world.cache.inspect()
  const present = world.keys.flatMap((model, key) => (model.exists ? [key] : []))
  if (infos.length !== present.length)
    fail('inspect lists every entry', `${infos.length} listed, ${present.length} held`)
  for (const key of present) {
    const info = infos.find((entry) => entry.hash === hashKey(KEYS[key]!))
    const label = show(KEYS[key])
    if (!info) return fail('inspect lists every entry', `${label} is missing`)
    if (!same(info.key, KEYS[key])) fail('inspect shows the key', `${label} shows ${show(info.key)}`)
    if (info.snapshot !== world.cache.get(KEYS[key]!)) fail('inspect shows the snapshot', `${label}'s differs from get`)
    if (info.observers !== world.subscriberCount(key))
      fail('inspect counts observers', `${label}: ${info.observers}, model ${world.subscriberCount(key)}`)
    const staleAt = world.staleAt(key)
    if (info.staleAt !== staleAt && !(info.staleAt <= world.time && staleAt <= world.time))
      fail('inspect shows staleAt', `${label}: ${info.staleAt}, model ${staleAt}`)
    if (info.mutations !== world.mutating(key).length)
      fail('inspect counts mutations', `${label}: ${info.mutations}, model ${world.mutating(key).length}`)
  }
}

const verifySubscribers = (world: World): void => {
  for (const subscriber of world.subscribers) {
    if (subscriber.active && world.cache.get(KEYS[subscriber.key]!) !== subscriber.seen)
      fail('subscribers hear every change', `subscriber #${subscriber.id} was not told of the last change`)
  }
}

const trackIdle = (world: World): void => {
  world.keys.forEach((model, key) => {
    const idle = world.idle(key)
    if (idle && !model.wasIdle) model.becameIdleAt = world.time
    model.wasIdle = idle
  })
}

/** verify: every property after one step. */
export const verify = (world: World): void => {
  updateCacheCallers(world)
  verifyAborts(world)
  verifyEvictions(world)
  for (const caller of world.callers) if (caller.firstData && !caller.expected) firstDataSettles(world, caller)
  verifySnapshots(world)
  verifyBounds(world)
  verifyCallers(world)
  verifyInspect(world)
  verifyFreshness(world)
  if (world.features.events) verifyEvents(world)
  verifySubscribers(world)
  trackIdle(world)
}
