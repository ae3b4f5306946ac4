import { isDeepStrictEqual } from 'node:util'
import type { Key } from '../../../src/core'
import { fail, flush } from './fail'
import { expectReloads, invalidate, write } from './rules'
import { name, step, type Command } from './step'
import type { Caller } from './types'
import { KEYS, type World } from './world'

// The calls a user makes: fetch, set, invalidate, remove.

export type SignalMode = 'none' | 'signal' | 'aborted'

export class FetchCommand implements Command {
  constructor(
    readonly key: number,
    readonly force: boolean,
    readonly staleTime: number | undefined,
    readonly signal: SignalMode,
  ) {}
  check = () => true
  async run(world: World): Promise<void> {
    const { key, force, staleTime } = this
    const controller = this.signal === 'none' ? undefined : new AbortController()
    const caller: Caller = {
      id: world.callers.length,
      key,
      controller,
      cache: false,
      load: undefined,
      left: false,
      expected: undefined,
      outcome: undefined,
    }
    world.callers.push(caller)
    if (this.signal === 'aborted') controller!.abort({ abortedBefore: caller.id })
    const fresh = !force && world.isFresh(key, staleTime)
    const joinable = force ? undefined : world.joinable(key)
    const expect = this.signal === 'aborted' ? 'reject' : fresh ? 'hit' : joinable ? 'join' : 'start'
    const data = world.visible(key)
    if (expect !== 'reject') world.ensure(key)
    const loadsBefore = world.loads.length
    world.during = caller
    try {
      const options = { force, signal: controller?.signal, ...(staleTime === undefined ? {} : { staleTime }) }
      world.watch(caller, world.cache.fetch(world.handKey(key), world.fetcher, options))
    } finally {
      world.during = undefined
    }
    world.reportProblem()
    const started = world.loads.slice(loadsBefore)
    if (expect === 'reject') {
      caller.expected = { ok: false, value: controller!.signal.reason }
      world.mayAppear.add(key)
    } else {
      world.keys[key]!.fetcherKnown = 'yes'
    }
    if (expect === 'start') {
      if (started.length !== 1) {
        await flush()
        if (caller.outcome?.ok) {
          const why = world.whyStale(key, staleTime)
          fail('never a fresh hit on stale data', `fetch #${caller.id} of ${name(key)} answered at once: ${why}`)
        }
        fail('a stale fetch loads', `fetch #${caller.id} of ${name(key)} joined a flight the cache had left, or none`)
      }
      // A forced fetch makes the group forget the key's older flight.
      for (const load of world.loads) if (load.key === key && load !== started[0]) load.joinable = false
    } else if (started.length) {
      if (expect === 'hit') fail('fresh hits without a call', `fetch #${caller.id} of ${name(key)} loaded fresh data`)
      if (expect === 'join') fail('one flight per key', `fetch #${caller.id} of ${name(key)} started a second flight`)
      fail('an aborted signal never starts a load', `fetch #${caller.id} of ${name(key)} called the fetcher`)
    }
    if (expect === 'hit') caller.expected = { ok: true, value: data }
    if (expect === 'join') {
      caller.load = joinable
      joinable!.callers.push(caller)
    }
    await step(world)
  }
  toString = () =>
    `fetch(${name(this.key)}${this.force ? ', force' : ''}${this.staleTime === undefined ? '' : `, staleTime ${this.staleTime}`}${this.signal === 'none' ? '' : `, ${this.signal}`})`
}

export class SetCommand implements Command {
  constructor(
    readonly key: number,
    readonly updater: boolean,
  ) {}
  check = () => true
  async run(world: World): Promise<void> {
    const value = { set: world.sequence + 1 }
    const model = world.keys[this.key]!
    // The updater gets the data held: the base, or what readers see over it while mutations run.
    const allowed = model.exists ? [model.data, world.visible(this.key)] : [undefined]
    let seen: unknown = 'not called'
    world.cache.set(world.handKey(this.key), this.updater ? (previous: unknown) => ((seen = previous), value) : value)
    if (this.updater && !allowed.some((data) => isDeepStrictEqual(data, seen)))
      fail('set updater gets the data', `it got ${JSON.stringify(seen)}`)
    world.ensure(this.key)
    write(world, this.key, value)
    await step(world)
  }
  toString = () => `set(${name(this.key)}${this.updater ? ', updater' : ''})`
}

export class InvalidateCommand implements Command {
  /** `key` undefined: a predicate that matches every key. */
  constructor(readonly key: number | undefined) {}
  check = () => true
  async run(world: World): Promise<void> {
    const targets = this.key === undefined ? KEYS.map((_, key) => key) : [this.key]
    invalidate(world, targets)
    const since = world.loads.length
    world.cache.invalidate(this.key === undefined ? (_key: Key) => true : world.handKey(this.key))
    world.reportProblem()
    expectReloads(world, targets, since)
    await step(world)
  }
  toString = () => `invalidate(${this.key === undefined ? 'every key' : name(this.key)})`
}

/** remove: the entry goes; subscribers stay and read 'idle'; running loads can't write to the new entry. */
export class RemoveCommand implements Command {
  constructor(readonly key: number) {}
  check = (world: World) => world.mutating(this.key).length === 0
  async run(world: World): Promise<void> {
    const observed = world.subscriberCount(this.key) > 0
    const known = world.keys[this.key]!.fetcherKnown
    world.cache.remove(world.handKey(this.key))
    world.reset(this.key, false)
    // Observers keep an entry (idle) or none: either way the model's is empty.
    if (observed) world.mayAppear.add(this.key)
    for (const load of world.loads) {
      if (load.key !== this.key) continue
      load.joinable = false
      world.leaveCache(load)
    }
    await step(world)
    world.keys[this.key]!.fetcherKnown = observed && known !== 'no' ? 'maybe' : 'no'
  }
  toString = () => `remove(${name(this.key)})`
}
