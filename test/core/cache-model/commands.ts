import fc from 'fast-check'
import { vi } from 'vitest'
import type { Key } from '../../../src/core'
import { observeEntry, verify } from './verify'
import { fail, flush, KEYS, settleLoad, type Caller, type Subscriber, type World } from './world'

// The commands of the model run. Each acts on the real cache and the model,
// lets every queued microtask run, then verifies every property. Commands
// that pick a load, caller or subscriber take an index modulo the live ones,
// so shrinking keeps them meaningful.

type Command = fc.AsyncCommand<World, World, false>

const name = (key: number): string => JSON.stringify(KEYS[key])

const step = async (world: World, label: string): Promise<void> => {
  world.log.push(label)
  world.scrambleKeys()
  await flush()
  world.reportProblem()
  verify(world)
}

/** The loads a command may answer: not answered yet (an aborted load may still answer late). */
const open = (world: World) => world.loads.filter((load) => !load.answered)
const waiting = (world: World) =>
  world.callers.filter((caller) => caller.controller && !caller.left && caller.load && !caller.expected)
const active = (world: World) => world.subscribers.filter((subscriber) => subscriber.active)

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
    await step(world, this.toString())
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
    const before = world.keys[this.key]!.exists ? world.visible(this.key) : undefined
    let seen: unknown = 'not called'
    world.cache.set(world.handKey(this.key), this.updater ? (previous: unknown) => ((seen = previous), value) : value)
    if (this.updater && seen !== before) fail('set updater gets the data', `it got ${JSON.stringify(seen)}`)
    const model = world.ensure(this.key)
    model.writtenSequence = ++world.sequence
    model.kind = 'success'
    model.data = value
    model.error = undefined
    model.updatedAt = world.time
    model.freshFrom = { sequence: world.sequence, at: world.time }
    await step(world, this.toString())
  }
  toString = () => `set(${name(this.key)}${this.updater ? ', updater' : ''})`
}

export class InvalidateCommand implements Command {
  /** `key` undefined: a predicate that matches every key. */
  constructor(readonly key: number | undefined) {}
  check = () => true
  async run(world: World): Promise<void> {
    const targets = this.key === undefined ? KEYS.map((_, key) => key) : [this.key]
    for (const key of targets) {
      const model = world.keys[key]!
      if (!model.exists) continue
      model.invalidatedSequence = world.sequence
      model.lastTouched = world.time
      // An invalidated error is no longer the answer to rethrow (unless a load runs).
      if (model.kind === 'error' && world.running(key).length === 0) {
        model.kind = model.data === undefined ? 'none' : 'success'
        model.error = undefined
      }
    }
    const loadsBefore = world.loads.length
    world.cache.invalidate(this.key === undefined ? (_key: Key) => true : world.handKey(this.key))
    world.reportProblem()
    const started = world.loads.slice(loadsBefore)
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
        if (load.cacheCaller === 'present') load.cacheCaller = 'gone'
      }
    }
    await step(world, this.toString())
  }
  toString = () => `invalidate(${this.key === undefined ? 'every key' : name(this.key)})`
}

const subscribe = (world: World, key: number): void => {
  const subscriber: Subscriber = {
    id: world.subscribers.length,
    key,
    active: true,
    seen: undefined,
    unsubscribe: () => {},
  }
  subscriber.unsubscribe = world.cache.subscribe(world.handKey(key), () => {
    subscriber.seen = world.cache.get(KEYS[key]!)
  })
  subscriber.seen = world.cache.get(KEYS[key]!)
  world.subscribers.push(subscriber)
  world.ensure(key)
}

export class SubscribeCommand implements Command {
  constructor(readonly key: number) {}
  check = () => true
  async run(world: World): Promise<void> {
    subscribe(world, this.key)
    await step(world, this.toString())
  }
  toString = () => `subscribe(${name(this.key)})`
}

/** Unsubscribes one subscriber; `again`: subscribes the same key in the same task (StrictMode's unmount-remount). */
export class UnsubscribeCommand implements Command {
  constructor(
    readonly index: number,
    readonly again: boolean,
  ) {}
  check = (world: World) => active(world).length > 0
  async run(world: World): Promise<void> {
    const list = active(world)
    const subscriber = list[this.index % list.length]!
    subscriber.active = false
    subscriber.unsubscribe()
    world.keys[subscriber.key]!.lastTouched = world.time
    if (this.again) {
      // The entry may leave (LRU) in between, if only the cache's own loads kept it.
      observeEntry(world, subscriber.key, true)
      subscribe(world, subscriber.key)
    }
    await step(world, this.toString())
  }
  toString = () => `${this.again ? 'resubscribe' : 'unsubscribe'}(#${this.index})`
}

export class ClearCommand implements Command {
  check = () => true
  async run(world: World): Promise<void> {
    world.cache.clear()
    world.keys.forEach((model, key) => {
      const observed = world.subscriberCount(key) > 0
      world.reset(key, observed, observed && model.fetcherKnown !== 'no' ? 'maybe' : 'no')
    })
    for (const load of world.loads) {
      load.joinable = false
      if (load.cacheCaller === 'present') load.cacheCaller = 'gone'
    }
    await step(world, this.toString())
  }
  toString = () => 'clear()'
}

export class AdvanceCommand implements Command {
  constructor(readonly ms: number) {}
  check = () => true
  async run(world: World): Promise<void> {
    world.time += this.ms
    vi.advanceTimersByTime(this.ms)
    await step(world, this.toString())
  }
  toString = () => `advance(${this.ms})`
}

export class SettleCommand implements Command {
  constructor(
    readonly index: number,
    readonly ok: boolean,
  ) {}
  check = (world: World) => open(world).length > 0
  async run(world: World): Promise<void> {
    const list = open(world)
    settleLoad(world, list[this.index % list.length]!, this.ok)
    await step(world, this.toString())
  }
  toString = () => `${this.ok ? 'resolve' : 'reject'}(open load #${this.index})`
}

export class AbortCommand implements Command {
  constructor(readonly index: number) {}
  check = (world: World) => waiting(world).length > 0
  async run(world: World): Promise<void> {
    const list = waiting(world)
    const caller = list[this.index % list.length]!
    caller.left = true
    const reason = { abortedCaller: caller.id }
    caller.expected = { ok: false, value: reason }
    world.keys[caller.key]!.lastTouched = world.time
    caller.controller!.abort(reason)
    await step(world, this.toString())
  }
  toString = () => `abort(waiting caller #${this.index})`
}

const key = fc.nat(KEYS.length - 1)
const index = fc.nat(7)

/** commandArbitraries: every command, weighted so that loads are often in flight when the others act. */
export const commandArbitraries = (features: { perCallStaleTime: boolean }): fc.Arbitrary<Command>[] => [
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          key,
          fc.boolean(),
          features.perCallStaleTime ? fc.constantFrom(undefined, undefined, 0, 30, Infinity) : fc.constant(undefined),
          fc.constantFrom<SignalMode>('none', 'none', 'signal', 'signal', 'aborted'),
        )
        .map(([k, force, staleTime, signal]) => new FetchCommand(k, force, staleTime, signal)),
    },
    { weight: 5, arbitrary: fc.tuple(index, fc.boolean()).map(([i, ok]) => new SettleCommand(i, ok)) },
    { weight: 2, arbitrary: fc.tuple(key, fc.boolean()).map(([k, updater]) => new SetCommand(k, updater)) },
    { weight: 3, arbitrary: fc.option(key, { freq: 4, nil: undefined }).map((k) => new InvalidateCommand(k)) },
    { weight: 2, arbitrary: key.map((k) => new SubscribeCommand(k)) },
    { weight: 2, arbitrary: fc.tuple(index, fc.boolean()).map(([i, again]) => new UnsubscribeCommand(i, again)) },
    { weight: 1, arbitrary: fc.constant(new ClearCommand()) },
    { weight: 2, arbitrary: fc.constantFrom(1, 10, 40, 200).map((ms) => new AdvanceCommand(ms)) },
    { weight: 2, arbitrary: index.map((i) => new AbortCommand(i)) },
  ),
]
