import { internalsOf } from '../../../src/core/cache-internals'
import { fail } from './fail'
import { name, step, type Command } from './step'
import type { Caller, Load } from './types'
import type { World } from './world'

// The cache's internals the observer uses: revalidate, the cache's own load
// on behalf of its subscribers ('ifStale', 'join', 'restart').

export type RevalidateMode = 'ifStale' | 'join' | 'restart'

export class RevalidateCommand implements Command {
  constructor(
    readonly key: number,
    readonly mode: RevalidateMode,
    readonly staleTime: number | undefined,
  ) {}
  check = () => true
  async run(world: World): Promise<void> {
    const { key, mode, staleTime } = this
    const caller: Caller = {
      id: world.callers.length,
      key,
      controller: undefined,
      cache: true,
      load: undefined,
      left: false,
      expected: undefined,
      outcome: undefined,
    }
    world.callers.push(caller)
    const fresh = mode === 'ifStale' && world.isFresh(key, staleTime)
    const generation = world.ensure(key).generation
    const running = (load: Load) => load.key === key && load.generation === generation && load.state === 'running'
    // The cache's own newest load of the key, else the group's flight, else a new one.
    const own = world.loads.filter((load) => running(load) && load.cacheCaller === 'present').pop()
    const joined = mode === 'restart' || fresh ? undefined : (own ?? world.joinable(key))
    const data = world.visible(key)
    const since = world.loads.length
    const options = { mode, ...(staleTime === undefined ? {} : { staleTime }) }
    world.watch(caller, internalsOf(world.cache).revalidate(world.handKey(key), world.fetcher, options))
    world.reportProblem()
    world.keys[key]!.fetcherKnown = 'yes'
    const started = world.loads.slice(since)
    const label = `revalidate #${caller.id} of ${name(key)} (${mode})`
    if (fresh || joined) {
      if (started.length) fail('revalidate answers fresh data or joins', `${label} started a load`)
      if (fresh) caller.expected = { ok: true, value: data }
      else {
        caller.load = joined
        joined!.callers.push(caller)
        // Its own caller leaves when the key's last subscriber leaves from now on.
        if (joined!.cacheCaller !== 'present') joined!.observed = world.subscriberCount(key) > 0
        joined!.cacheCaller = 'present'
      }
    } else {
      if (started.length !== 1) fail('revalidate loads when it must', `${label} started ${started.length} loads`)
      const load = started[0]!
      caller.load = load
      load.callers.push(caller)
      // 'restart' supersedes the cache's older loads of the key and the group's flight.
      for (const other of world.loads) {
        if (other.key !== key || other === load) continue
        other.joinable = false
        if (mode === 'restart') world.leaveCache(other)
      }
    }
    await step(world)
  }
  toString = () =>
    `revalidate(${name(this.key)}, ${this.mode}${this.staleTime === undefined ? '' : `, staleTime ${this.staleTime}`})`
}

/** internals' firstData: one stable promise per entry while it waits for data; it starts a load (a microtask later) if none runs. */
export class FirstDataCommand implements Command {
  constructor(readonly key: number) {}
  check = () => true
  async run(world: World): Promise<void> {
    const { key } = this
    const generation = world.ensure(key).generation
    const data = world.visible(key)
    const waiting = world.callers.find((c) => c.firstData?.generation === generation && c.key === key && !c.expected)
    const promise = internalsOf(world.cache).firstData(world.handKey(key), world.fetcher)
    world.keys[key]!.fetcherKnown = 'yes'
    const label = `firstData of ${name(key)}`
    if (waiting && data === undefined) {
      if (promise !== waiting.firstData!.promise) fail('firstData is one stable promise', `${label} made a new one`)
      return step(world)
    }
    const caller: Caller = {
      id: world.callers.length,
      key,
      controller: undefined,
      cache: false,
      firstData: { generation, promise },
      load: undefined,
      left: false,
      expected: data === undefined ? undefined : { ok: true, value: data },
      outcome: undefined,
    }
    world.callers.push(caller)
    world.watch(caller, promise)
    if (data !== undefined) return step(world)
    const joinable = world.joinable(key)
    const since = world.loads.length
    world.during = caller
    await step(world, () => {
      world.during = undefined
      const started = world.loads.slice(since).filter((load) => load.key === key)
      if (started.length > 1) fail('firstData starts one load', `${label} started ${started.length}`)
      if (!started.length && !joinable) fail('firstData starts a load', `${label} started none`)
      if (started.length) return
      caller.load = joinable
      joinable!.callers.push(caller)
    })
  }
  toString = () => `firstData(${name(this.key)})`
}

/**
 * internals' hydrate: server data with the server's `updatedAt`, written
 * unless the entry holds data at least as new; not numbered as a new write
 * (a load already running may overwrite it), fresh from `updatedAt`.
 */
export class HydrateCommand implements Command {
  constructor(
    readonly key: number,
    readonly age: number,
  ) {}
  check = () => true
  async run(world: World): Promise<void> {
    const model = world.ensure(this.key)
    const updatedAt = world.time - this.age
    const value = { hydrated: world.time, age: this.age }
    const expected = !(model.updatedAt >= updatedAt && model.updatedAt > 0)
    const wrote = internalsOf(world.cache).hydrate(world.handKey(this.key), value, updatedAt)
    if (wrote !== expected) fail('hydrate never overwrites newer data', `${this.toString()} wrote: ${wrote}`)
    if (expected) {
      // Its place in the order of writes stays: every load running or started later is newer.
      Object.assign(model, { kind: 'success', data: value, error: undefined, updatedAt })
      model.freshFrom = { sequence: Infinity, at: updatedAt }
    }
    await step(world)
  }
  toString = () => `hydrate(${name(this.key)}, updatedAt now - ${this.age})`
}

/** verifyFreshness: internals' isFresh agrees with the model, with the cache's staleTime and a per-call one. */
export const verifyFreshness = (world: World): void => {
  if (!world.features.internals) return
  const internals = internalsOf(world.cache)
  world.keys.forEach((_, key) => {
    for (const staleTime of [undefined, 30]) {
      const real = internals.isFresh(world.handKey(key), staleTime)
      if (real !== world.isFresh(key, staleTime))
        fail(
          'isFresh agrees with fetch',
          `${name(key)} (staleTime ${staleTime}): ${real}, ${world.whyStale(key, staleTime)}`,
        )
    }
  })
}
